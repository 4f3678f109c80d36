/**
 * applyDefaults: the API server's defaulting for the kinds in KINDS (values clients see
 * and diff against). Pure: returns a new object; unknown kinds come back unchanged.
 */
import { kindInfo } from './kinds';
import { stripNulls } from './validate';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Plain JSON object guard (typed loosely: defaulting walks arbitrary shapes). */
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const setDefault = (o: Obj, k: string, v: unknown) => {
  if (o[k] === undefined || o[k] === '') o[k] = v;
};

/** UTF-8 to base64 without Node's Buffer (lib/ also runs in the browser). */
export function base64Encode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function defaultContainer(c: Obj): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.imagePullPolicy === undefined) {
    const image = String(c.image ?? '');
    const tag = image.includes('@') ? 'digest' : (image.split('/').pop() ?? '').split(':')[1];
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (!isObj(c.resources)) c.resources = {};
  for (const p of Array.isArray(c.ports) ? c.ports : [])
    if (isObj(p)) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  for (const c of Array.isArray(spec.containers) ? spec.containers : [])
    if (isObj(c)) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : [])
    if (isObj(c)) defaultContainer(c);
  if (spec.serviceAccountName && !spec.serviceAccount)
    spec.serviceAccount = spec.serviceAccountName;
}

function defaultService(o: Obj): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObj(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  if (!isObj(o.status)) o.status = { loadBalancer: {} };
}

function defaultDeployment(o: Obj): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec;
  setDefault(spec, 'replicas', 1);
  if (!isObj(spec.strategy)) spec.strategy = {};
  setDefault(spec.strategy, 'type', 'RollingUpdate');
  if (spec.strategy.type === 'RollingUpdate') {
    if (!isObj(spec.strategy.rollingUpdate)) spec.strategy.rollingUpdate = {};
    setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  // The real API defaults a missing selector from the template labels only in old versions;
  // apps/v1 requires it, so it is left for validation to report.
  if (isObj(spec.template)) {
    if (!isObj(spec.template.metadata)) spec.template.metadata = {};
    if (isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
  }
}

function defaultPod(o: Obj): void {
  if (isObj(o.spec)) {
    defaultPodSpec(o.spec);
    setDefault(o.spec, 'enableServiceLinks', true);
    setDefault(o.spec, 'priority', 0);
  }
}

function defaultSecret(o: Obj): void {
  setDefault(o, 'type', 'Opaque');
  if (isObj(o.stringData)) {
    const data: Obj = isObj(o.data) ? { ...o.data } : {};
    for (const [k, v] of Object.entries(o.stringData))
      if (typeof v === 'string') data[k] = base64Encode(v);
    o.data = data;
  }
  delete o.stringData;
}

function defaultNamespace(o: Obj): void {
  const name = o.metadata?.name;
  if (typeof name === 'string' && name) {
    if (!isObj(o.metadata.labels)) o.metadata.labels = {};
    o.metadata.labels['kubernetes.io/metadata.name'] = name;
  }
  if (!isObj(o.spec)) o.spec = {};
  if (!Array.isArray(o.spec.finalizers)) o.spec.finalizers = ['kubernetes'];
  if (!isObj(o.status)) o.status = {};
  setDefault(o.status, 'phase', 'Active');
}

function defaultEndpointSlice(o: Obj): void {
  for (const p of Array.isArray(o.ports) ? o.ports : [])
    if (isObj(p)) setDefault(p, 'protocol', 'TCP');
  for (const e of Array.isArray(o.endpoints) ? o.endpoints : []) {
    if (!isObj(e)) continue;
    if (!isObj(e.conditions)) e.conditions = {};
  }
}

function defaultEndpoints(o: Obj): void {
  for (const s of Array.isArray(o.subsets) ? o.subsets : [])
    for (const p of isObj(s) && Array.isArray(s.ports) ? s.ports : [])
      if (isObj(p)) setDefault(p, 'protocol', 'TCP');
}

function defaultIngress(o: Obj): void {
  // Ingress has no field defaults in networking.k8s.io/v1 beyond an empty status.
  if (!isObj(o.status)) o.status = { loadBalancer: {} };
}

const defaultParentRef = (r: Obj) => {
  setDefault(r, 'group', 'gateway.networking.k8s.io');
  setDefault(r, 'kind', 'Gateway');
};

const defaultBackendRef = (b: Obj) => {
  if (b.group === undefined) b.group = '';
  setDefault(b, 'kind', 'Service');
  if (b.weight === undefined) b.weight = 1;
};

function defaultRouteCommon(spec: Obj): void {
  for (const r of Array.isArray(spec.parentRefs) ? spec.parentRefs : [])
    if (isObj(r)) defaultParentRef(r);
}

function defaultHTTPRoute(o: Obj, kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute'): void {
  if (!isObj(o.spec)) o.spec = {};
  const spec = o.spec;
  defaultRouteCommon(spec);
  if (kind === 'HTTPRoute' && spec.rules === undefined) spec.rules = [{}];
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isObj(rule)) continue;
    if (kind === 'HTTPRoute') {
      if (!Array.isArray(rule.matches) || rule.matches.length === 0)
        rule.matches = [{ path: { type: 'PathPrefix', value: '/' } }];
      for (const m of rule.matches) {
        if (!isObj(m)) continue;
        if (m.path === undefined) m.path = { type: 'PathPrefix', value: '/' };
        if (isObj(m.path)) {
          setDefault(m.path, 'type', 'PathPrefix');
          if (m.path.value === undefined) m.path.value = '/';
        }
        for (const h of [
          ...(Array.isArray(m.headers) ? m.headers : []),
          ...(Array.isArray(m.queryParams) ? m.queryParams : []),
        ])
          if (isObj(h)) setDefault(h, 'type', 'Exact');
      }
    }
    if (kind === 'GRPCRoute')
      for (const m of Array.isArray(rule.matches) ? rule.matches : []) {
        if (isObj(m) && isObj(m.method)) setDefault(m.method, 'type', 'Exact');
        for (const h of isObj(m) && Array.isArray(m.headers) ? m.headers : [])
          if (isObj(h)) setDefault(h, 'type', 'Exact');
      }
    for (const b of Array.isArray(rule.backendRefs) ? rule.backendRefs : [])
      if (isObj(b)) defaultBackendRef(b);
  }
}

function defaultGateway(o: Obj): void {
  if (!isObj(o.spec)) return;
  for (const l of Array.isArray(o.spec.listeners) ? o.spec.listeners : []) {
    if (!isObj(l)) continue;
    if (!isObj(l.allowedRoutes)) l.allowedRoutes = {};
    if (!isObj(l.allowedRoutes.namespaces)) l.allowedRoutes.namespaces = {};
    setDefault(l.allowedRoutes.namespaces, 'from', 'Same');
    if (isObj(l.tls)) setDefault(l.tls, 'mode', 'Terminate');
    for (const ref of isObj(l.tls) && Array.isArray(l.tls.certificateRefs)
      ? l.tls.certificateRefs
      : [])
      if (isObj(ref)) {
        if (ref.group === undefined) ref.group = '';
        setDefault(ref, 'kind', 'Secret');
      }
  }
}

const DEFAULTERS: Record<string, (o: Obj) => void> = {
  '/Service': defaultService,
  '/Pod': defaultPod,
  '/Secret': defaultSecret,
  '/Namespace': defaultNamespace,
  '/Endpoints': defaultEndpoints,
  'apps/Deployment': defaultDeployment,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'networking.k8s.io/Ingress': defaultIngress,
  'gateway.networking.k8s.io/HTTPRoute': (o) => defaultHTTPRoute(o, 'HTTPRoute'),
  'gateway.networking.k8s.io/GRPCRoute': (o) => defaultHTTPRoute(o, 'GRPCRoute'),
  'gateway.networking.k8s.io/TCPRoute': (o) => defaultHTTPRoute(o, 'TCPRoute'),
  'gateway.networking.k8s.io/TLSRoute': (o) => defaultHTTPRoute(o, 'TLSRoute'),
  'gateway.networking.k8s.io/Gateway': defaultGateway,
};

export function applyDefaults<T>(obj: T): T {
  if (!isObj(obj)) return obj;
  const info = kindInfo(obj.apiVersion, obj.kind);
  if (!info) return structuredClone(obj);
  const o = stripNulls(structuredClone(obj)) as Obj;
  if (!isObj(o.metadata)) o.metadata = {};
  DEFAULTERS[`${info.group}/${info.kind}`]?.(o);
  return o as T;
}

/**
 * applyDefaults: the API server's defaulting for the kinds in KINDS (values clients see
 * and diff against). Pure: returns a new object; unknown kinds come back unchanged.
 */
import { kindInfo } from './kinds';
import { stripNulls } from './validate';

/**
 * Defaulting runs before validation, on whatever the client sent: it walks plain JSON
 * (Record<string, unknown>), not the zod-inferred kinds, and checks every shape it touches.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The object at o[k], made an empty object first when it is not one. */
const objAt = (o: Obj, k: string): Obj => {
  if (!isObj(o[k])) o[k] = {};
  return o[k] as Obj;
};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

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
  objAt(c, 'resources');
  for (const p of arr(c.ports)) if (isObj(p)) setDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  objAt(spec, 'securityContext');
  for (const c of arr(spec.containers)) if (isObj(c)) defaultContainer(c);
  for (const c of arr(spec.initContainers)) if (isObj(c)) defaultContainer(c);
  if (spec.serviceAccountName && !spec.serviceAccount)
    spec.serviceAccount = spec.serviceAccountName;
}

function defaultService(o: Obj): void {
  const spec = objAt(o, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  // As kube-apiserver: ClientIP affinity gets the 3-hour timeout when none is given.
  if (spec.sessionAffinity === 'ClientIP')
    setDefault(objAt(objAt(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds', 10800);
  if (spec.type !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer')
    setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  for (const p of arr(spec.ports)) {
    if (!isObj(p)) continue;
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  if (!isObj(o.status)) o.status = { loadBalancer: {} };
}

function defaultDeployment(o: Obj): void {
  const spec = objAt(o, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = objAt(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = objAt(strategy, 'rollingUpdate');
    setDefault(rollingUpdate, 'maxUnavailable', '25%');
    setDefault(rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  // The real API defaults a missing selector from the template labels only in old versions;
  // apps/v1 requires it, so it is left for validation to report.
  const template = spec.template;
  if (isObj(template)) {
    objAt(template, 'metadata');
    if (isObj(template.spec)) defaultPodSpec(template.spec);
  }
}

function defaultPod(o: Obj): void {
  const spec = o.spec;
  if (isObj(spec)) {
    defaultPodSpec(spec);
    setDefault(spec, 'enableServiceLinks', true);
    setDefault(spec, 'priority', 0);
  }
}

function defaultSecret(o: Obj): void {
  setDefault(o, 'type', 'Opaque');
  const stringData = o.stringData;
  if (isObj(stringData)) {
    const data: Obj = isObj(o.data) ? { ...o.data } : {};
    for (const [k, v] of Object.entries(stringData))
      if (typeof v === 'string') data[k] = base64Encode(v);
    o.data = data;
  }
  delete o.stringData;
}

function defaultNamespace(o: Obj): void {
  // applyDefaults made metadata an object.
  const metadata = objAt(o, 'metadata');
  const name = metadata.name;
  if (typeof name === 'string' && name) objAt(metadata, 'labels')['kubernetes.io/metadata.name'] = name;
  const spec = objAt(o, 'spec');
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  setDefault(objAt(o, 'status'), 'phase', 'Active');
}

function defaultEndpointSlice(o: Obj): void {
  for (const p of arr(o.ports)) if (isObj(p)) setDefault(p, 'protocol', 'TCP');
  for (const e of arr(o.endpoints)) if (isObj(e)) objAt(e, 'conditions');
}

function defaultEndpoints(o: Obj): void {
  for (const s of arr(o.subsets))
    for (const p of isObj(s) ? arr(s.ports) : []) if (isObj(p)) setDefault(p, 'protocol', 'TCP');
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
  for (const r of arr(spec.parentRefs)) if (isObj(r)) defaultParentRef(r);
}

/** CRD defaults inside a rule: CORS maxAge 5, mirror fraction denominator 100, session persistence Cookie/Session. */
function defaultRuleExtras(rule: Obj): void {
  for (const f of arr(rule.filters)) {
    if (!isObj(f)) continue;
    if (isObj(f.cors)) setDefault(f.cors, 'maxAge', 5);
    if (isObj(f.requestMirror) && isObj(f.requestMirror.fraction)) setDefault(f.requestMirror.fraction, 'denominator', 100);
  }
  const sp = rule.sessionPersistence;
  if (isObj(sp)) {
    setDefault(sp, 'type', 'Cookie');
    if (isObj(sp.cookieConfig)) setDefault(sp.cookieConfig, 'lifetimeType', 'Session');
  }
}

function defaultHTTPRoute(o: Obj, kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'UDPRoute'): void {
  const spec = objAt(o, 'spec');
  defaultRouteCommon(spec);
  if (kind === 'HTTPRoute' && spec.rules === undefined) spec.rules = [{}];
  for (const rule of arr(spec.rules)) {
    if (!isObj(rule)) continue;
    if (kind === 'HTTPRoute') {
      if (!Array.isArray(rule.matches) || rule.matches.length === 0)
        rule.matches = [{ path: { type: 'PathPrefix', value: '/' } }];
      for (const m of arr(rule.matches)) {
        if (!isObj(m)) continue;
        if (m.path === undefined) m.path = { type: 'PathPrefix', value: '/' };
        const path = m.path;
        if (isObj(path)) {
          setDefault(path, 'type', 'PathPrefix');
          if (path.value === undefined) path.value = '/';
        }
        for (const h of [...arr(m.headers), ...arr(m.queryParams)])
          if (isObj(h)) setDefault(h, 'type', 'Exact');
      }
    }
    if (kind === 'GRPCRoute')
      for (const m of arr(rule.matches)) {
        if (isObj(m) && isObj(m.method)) setDefault(m.method, 'type', 'Exact');
        for (const h of isObj(m) ? arr(m.headers) : [])
          if (isObj(h)) setDefault(h, 'type', 'Exact');
      }
    for (const b of arr(rule.backendRefs)) if (isObj(b)) defaultBackendRef(b);
    if (kind === 'HTTPRoute' || kind === 'GRPCRoute') defaultRuleExtras(rule);
  }
}

function defaultListenerSet(o: Obj): void {
  if (!isObj(o.spec)) return;
  if (isObj(o.spec.parentRef)) {
    setDefault(o.spec.parentRef, 'group', 'gateway.networking.k8s.io');
    setDefault(o.spec.parentRef, 'kind', 'Gateway');
  }
  defaultGateway(o);
}

function defaultGateway(o: Obj): void {
  if (!isObj(o.spec)) return;
  for (const l of arr(o.spec.listeners)) {
    if (!isObj(l)) continue;
    setDefault(objAt(objAt(l, 'allowedRoutes'), 'namespaces'), 'from', 'Same');
    const tls = l.tls;
    if (isObj(tls)) setDefault(tls, 'mode', 'Terminate');
    for (const ref of isObj(tls) ? arr(tls.certificateRefs) : [])
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
  'gateway.networking.k8s.io/UDPRoute': (o) => defaultHTTPRoute(o, 'UDPRoute'),
  'gateway.networking.k8s.io/Gateway': defaultGateway,
  'gateway.networking.k8s.io/ListenerSet': defaultListenerSet,
};

export function applyDefaults<T>(obj: T): T {
  if (!isObj(obj)) return obj;
  const info = kindInfo(obj.apiVersion, obj.kind);
  if (!info) return structuredClone(obj);
  const o = stripNulls(structuredClone(obj)) as Obj;
  objAt(o, 'metadata');
  DEFAULTERS[`${info.group}/${info.kind}`]?.(o);
  return o as T;
}

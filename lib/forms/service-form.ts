/**
 * The Service wizard's form model and its lossless mapping to and from a v1 Service.
 *
 * Same contract as the route wizard (ingress-form.ts): `formToService(form, base)` starts from
 * a deep copy of `base` and writes only the fields the form shows, so unknown fields, status,
 * clusterIP, hidden annotations and extra keys inside ports survive form -> YAML -> form, and
 * an untouched form gives back an identical object.
 */
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '../defaults';
import { HIDDEN_ANNOTATIONS, mergeMap, type KeyValueRow } from './metadata-form';
import { arr, clone, obj, setOrDelete, str, stringMap, type Obj } from './plain';

export type { KeyValueRow };

/** The five kinds of Service the wizard offers; Headless is a ClusterIP Service with clusterIP None. */
export const SERVICE_TYPES = ['ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceFormType = (typeof SERVICE_TYPES)[number];
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type PortProtocol = (typeof PROTOCOLS)[number];
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
/** '' = not set (the API's default applies). */
export type TrafficPolicy = '' | (typeof TRAFFIC_POLICIES)[number];

export interface ServicePortForm {
  name: string;
  /** Service port number, as typed. */
  port: string;
  /** Container port number ("8080") or name ("http"); empty = same as port. */
  targetPort: string;
  protocol: PortProtocol;
  appProtocol: string;
  /** NodePort/LoadBalancer only: empty = allocated by the cluster. */
  nodePort: string;
}

export interface ServiceForm {
  name: string;
  alias: string;
  description: string;
  type: ServiceFormType;
  externalName: string;
  ports: ServicePortForm[];
  /** 'manual': no selector, endpoints are managed by hand (EndpointSlices). */
  endpointsMode: 'selector' | 'manual';
  selector: KeyValueRow[];
  sessionAffinity: 'None' | 'ClientIP';
  /** ClientIP affinity timeout in seconds; empty = the API's default (10800). */
  sessionAffinityTimeout: string;
  externalTrafficPolicy: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  /** LoadBalancer only: CIDRs allowed to reach the load balancer, one per line. */
  loadBalancerSourceRanges: string;
  /** Annotations except alias, description and hidden bookkeeping ones. */
  annotations: KeyValueRow[];
  labels: KeyValueRow[];
}

/** The API's bounds live with its rules in lib/k8s (one home); re-exported for the form. */
export { AFFINITY_TIMEOUT_MAX, NODE_PORT_MAX, NODE_PORT_MIN } from '../k8s/validation/service-rules';
/** sessionAffinityConfig.clientIP.timeoutSeconds default. */
export const AFFINITY_TIMEOUT_DEFAULT = 10800;

export function hasNodePorts(type: ServiceFormType): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** A blank Service the wizard starts from. */
export function newServiceBase(project: string): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: '', namespace: project }, spec: { type: 'ClusterIP' } };
}

export function emptyPort(): ServicePortForm {
  return { name: '', port: '', targetPort: '', protocol: 'TCP', appProtocol: '', nodePort: '' };
}

/** The form a new Service starts with: one http port and a selector row to fill in. */
export function newServiceForm(project: string): ServiceForm {
  return {
    ...serviceToForm(newServiceBase(project)),
    ports: [{ ...emptyPort(), name: 'http', port: '80', targetPort: '8080' }],
    endpointsMode: 'selector',
    selector: [{ key: 'app', value: '' }],
  };
}

function formType(spec: Obj): ServiceFormType {
  const t = str(spec.type);
  if (t === 'NodePort' || t === 'LoadBalancer' || t === 'ExternalName') return t;
  return spec.clusterIP === 'None' ? 'Headless' : 'ClusterIP';
}

function policy(v: unknown): TrafficPolicy {
  return v === 'Cluster' || v === 'Local' ? v : '';
}

function rows(map: Record<string, string>): KeyValueRow[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

export function serviceToForm(service: unknown): ServiceForm {
  const o = obj(service);
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const annotations = stringMap(meta.annotations);
  const type = formType(spec);
  const selector = stringMap(spec.selector);
  return {
    name: str(meta.name),
    alias: annotations[ANNOTATION_ALIAS] ?? '',
    description: annotations[ANNOTATION_DESCRIPTION] ?? '',
    type,
    externalName: str(spec.externalName),
    ports: arr(spec.ports).map((p) => {
      const port = obj(p);
      const protocol = str(port.protocol);
      return {
        name: str(port.name),
        port: str(port.port),
        targetPort: str(port.targetPort),
        protocol: (PROTOCOLS as readonly string[]).includes(protocol) ? (protocol as PortProtocol) : 'TCP',
        appProtocol: str(port.appProtocol),
        nodePort: port.nodePort === 0 ? '' : str(port.nodePort),
      };
    }),
    endpointsMode: type === 'ExternalName' || Object.keys(selector).length > 0 ? 'selector' : 'manual',
    selector: rows(selector),
    sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeout: str(obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds),
    externalTrafficPolicy: policy(spec.externalTrafficPolicy),
    internalTrafficPolicy: policy(spec.internalTrafficPolicy),
    loadBalancerSourceRanges: arr(spec.loadBalancerSourceRanges).map(str).join('\n'),
    annotations: rows(annotations).filter(({ key }) => key !== ANNOTATION_ALIAS && key !== ANNOTATION_DESCRIPTION && !HIDDEN_ANNOTATIONS.includes(key)),
    labels: rows(stringMap(meta.labels)),
  };
}

/** "8080" -> 8080, "http" -> "http". */
function intOrString(v: string): number | string {
  const t = v.trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** Splits the source ranges text (lines or commas) into CIDRs. */
export function sourceRangesOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function writePorts(basePorts: unknown[], form: ServiceForm): Obj[] {
  return form.ports.map((p, i) => {
    const port = clone(obj(basePorts[i]));
    setOrDelete(port, 'name', p.name.trim(), p.name.trim() !== '');
    port.port = intOrString(p.port);
    // Keep a base without protocol as it was when the form says the default.
    setOrDelete(port, 'protocol', p.protocol, port.protocol !== undefined || p.protocol !== 'TCP');
    setOrDelete(port, 'targetPort', intOrString(p.targetPort), p.targetPort.trim() !== '');
    setOrDelete(port, 'appProtocol', p.appProtocol.trim(), p.appProtocol.trim() !== '');
    // An empty nodePort asks the cluster to allocate one; other types have none.
    setOrDelete(port, 'nodePort', intOrString(p.nodePort), hasNodePorts(form.type) && p.nodePort.trim() !== '');
    return port;
  });
}

function writeAffinity(spec: Obj, form: ServiceForm): void {
  if (form.sessionAffinity === 'ClientIP') {
    spec.sessionAffinity = 'ClientIP';
    const config = clone(obj(spec.sessionAffinityConfig));
    const clientIP = clone(obj(config.clientIP));
    const t = form.sessionAffinityTimeout.trim();
    setOrDelete(clientIP, 'timeoutSeconds', intOrString(t), t !== '');
    if (Object.keys(clientIP).length > 0 || config.clientIP !== undefined) config.clientIP = clientIP;
    setOrDelete(spec, 'sessionAffinityConfig', config, Object.keys(config).length > 0);
  } else {
    setOrDelete(spec, 'sessionAffinity', 'None', spec.sessionAffinity !== undefined);
    delete spec.sessionAffinityConfig; // the API refuses it without ClientIP affinity
  }
}

export function formToService(form: ServiceForm, base: unknown): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  out.apiVersion = 'v1';
  out.kind = 'Service';

  meta.name = form.name.trim();
  const annotations = mergeMap(meta.annotations, form.annotations, (k) => HIDDEN_ANNOTATIONS.includes(k), {
    [ANNOTATION_ALIAS]: form.alias.trim(),
    [ANNOTATION_DESCRIPTION]: form.description.trim(),
  });
  setOrDelete(meta, 'annotations', annotations, Object.keys(annotations).length > 0 || (meta.annotations !== undefined && Object.keys(obj(meta.annotations)).length === 0));
  const labels = mergeMap(meta.labels, form.labels, () => false);
  setOrDelete(meta, 'labels', labels, Object.keys(labels).length > 0 || (meta.labels !== undefined && Object.keys(obj(meta.labels)).length === 0));

  const wasHeadless = spec.clusterIP === 'None';
  spec.type = form.type === 'Headless' ? 'ClusterIP' : form.type;
  if (form.type === 'ExternalName') {
    spec.externalName = form.externalName.trim();
    // An ExternalName Service has no IP, selector or proxying settings.
    for (const k of ['selector', 'clusterIP', 'clusterIPs', 'sessionAffinityConfig', 'internalTrafficPolicy', 'ipFamilies', 'ipFamilyPolicy']) delete spec[k];
  } else {
    delete spec.externalName;
    if (form.type === 'Headless') {
      spec.clusterIP = 'None';
      if (spec.clusterIPs !== undefined) spec.clusterIPs = ['None'];
    } else if (wasHeadless) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (form.endpointsMode === 'manual') delete spec.selector;
    else {
      const selector = mergeMap(spec.selector, form.selector, () => false);
      setOrDelete(spec, 'selector', selector, Object.keys(selector).length > 0 || (spec.selector !== undefined && Object.keys(obj(spec.selector)).length === 0));
    }
  }

  const ports = writePorts(arr(spec.ports), form);
  setOrDelete(spec, 'ports', ports, ports.length > 0 || spec.ports !== undefined);

  writeAffinity(spec, form);

  setOrDelete(spec, 'externalTrafficPolicy', form.externalTrafficPolicy, hasNodePorts(form.type) && form.externalTrafficPolicy !== '');
  setOrDelete(spec, 'internalTrafficPolicy', form.internalTrafficPolicy, form.type !== 'ExternalName' && form.internalTrafficPolicy !== '');
  const ranges = form.type === 'LoadBalancer' ? sourceRangesOf(form.loadBalancerSourceRanges) : [];
  setOrDelete(spec, 'loadBalancerSourceRanges', ranges, ranges.length > 0);
  if (form.type !== 'LoadBalancer') {
    delete spec.allocateLoadBalancerNodePorts;
    delete spec.loadBalancerClass;
  }

  out.metadata = meta;
  out.spec = spec;
  return out;
}

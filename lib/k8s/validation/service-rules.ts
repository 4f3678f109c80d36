/**
 * Service rules kube-apiserver enforces beyond field shapes (ValidateService and the NodePort
 * allocator in k8s.io/kubernetes): nodePort range, ClientIP affinity timeout, affinity config
 * only with ClientIP, traffic policies by type, loadBalancerSourceRanges, appProtocol.
 * The one home of these rules: the dev cluster's validateService and the console's Service
 * form both call them, so kubectl and the wizard refuse the same things with the same words.
 */
import { type FieldCause, forbidden, index, invalid, notSupported, tooMany } from '../causes';
import { isQualifiedName, isValidIPv4, isValidIPv6 } from './primitives';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The API server's default service-node-port-range. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/** core.MaxClientIPServiceAffinitySeconds (one day). */
export const AFFINITY_TIMEOUT_MAX = 86400;
/** Bound on loadBalancerSourceRanges (every input has a size bound; the API has none). */
export const MAX_SOURCE_RANGES = 100;
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;

export function nodePortErrors(n: number): string[] {
  if (!Number.isInteger(n)) return ['must be a whole number'];
  return n >= NODE_PORT_MIN && n <= NODE_PORT_MAX
    ? []
    : [`provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`];
}

export function affinityTimeoutErrors(n: number): string[] {
  return Number.isInteger(n) && n > 0 && n <= AFFINITY_TIMEOUT_MAX
    ? []
    : [`must be greater than 0 and less than ${AFFINITY_TIMEOUT_MAX}`];
}

/** An IP prefix such as 10.0.0.0/8 or 2001:db8::/32 (validation.IsValidCIDR's message). */
export function cidrErrors(s: string): string[] {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  const ok = !!m && ((isValidIPv4(m[1]) && Number(m[2]) <= 32) || (isValidIPv6(m[1]) && Number(m[2]) <= 128));
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/** App protocol: an IANA service name or a domain-prefixed name (kubernetes.io/h2c). */
export function appProtocolErrors(s: string): string[] {
  return isQualifiedName(s);
}

/** NodePort, LoadBalancer, or ClusterIP with externalIPs (apiservice.ExternallyAccessible). */
function externallyAccessible(spec: Obj, type: string): boolean {
  return type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && asArr(spec.externalIPs).length > 0);
}

/** The rules above on a Service's spec; field paths are Kubernetes paths (spec.ports[0].nodePort). */
export function validateServiceRules(specValue: unknown): FieldCause[] {
  const spec = asObj(specValue);
  const type = typeof spec.type === 'string' && spec.type ? spec.type : 'ClusterIP';
  const out: FieldCause[] = [];
  asArr(spec.ports).forEach((p, i) => {
    const port = asObj(p);
    const path = index('spec.ports', i);
    // ClusterIP/ExternalName nodePorts are refused by validateService itself.
    if ((type === 'NodePort' || type === 'LoadBalancer') && typeof port.nodePort === 'number' && port.nodePort !== 0)
      for (const e of nodePortErrors(port.nodePort)) out.push(invalid(`${path}.nodePort`, port.nodePort, e));
    if (typeof port.appProtocol === 'string')
      for (const e of appProtocolErrors(port.appProtocol)) out.push(invalid(`${path}.appProtocol`, port.appProtocol, e));
  });

  if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null && spec.sessionAffinity !== 'ClientIP')
    out.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  const timeout = asObj(asObj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  if (timeout !== undefined && timeout !== null)
    for (const e of affinityTimeoutErrors(typeof timeout === 'number' ? timeout : NaN))
      out.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, e));

  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '' && !externallyAccessible(spec, type))
    out.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  for (const k of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    const v = spec[k];
    if (v !== undefined && v !== '' && !(TRAFFIC_POLICIES as readonly unknown[]).includes(v))
      out.push(notSupported(`spec.${k}`, v, TRAFFIC_POLICIES));
  }

  const ranges = asArr(spec.loadBalancerSourceRanges);
  if (ranges.length > 0 && type !== 'LoadBalancer')
    out.push(forbidden('spec.loadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
  if (ranges.length > MAX_SOURCE_RANGES)
    out.push(tooMany('spec.loadBalancerSourceRanges', ranges.length, MAX_SOURCE_RANGES));
  // Values may be space-padded (a historical accident the API keeps allowing).
  ranges.slice(0, MAX_SOURCE_RANGES).forEach((r, i) => {
    for (const e of typeof r === 'string' ? cidrErrors(r.trim()) : ['must be a string'])
      out.push(invalid(index('spec.loadBalancerSourceRanges', i), r, e));
  });
  return out;
}

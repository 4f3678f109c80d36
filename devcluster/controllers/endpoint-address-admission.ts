/**
 * EndpointSlice and Endpoints addresses, refused as kube-apiserver refuses them since
 * CVE-2021-25737 (ValidateNonSpecialIP): no unspecified, loopback or link-local address, so
 * a hand-written endpoint cannot point a proxy at itself or at node-local services. The one
 * difference: this cluster's pods live on loopback addresses (127.x.y.z from the Node's
 * spec.podCIDR), so that range is allowed, and so are the ranges in
 * DEVCLUSTER_ALLOWED_ENDPOINT_CIDRS (tests whose backends listen on other loopback addresses).
 * 422 Invalid with a field path per address, e.g. `endpoints[0].addresses[0]`.
 */
import net from 'node:net';
import { ApiError } from '../store/errors';
import type { AdmissionRegistry, AdmissionRequest, KubeObject } from '../store/registry';
import { invalidMessage, type FieldCause } from '../../lib/k8s';
import { DISCOVERY_GROUP, kindByKind, resourceKeyOf } from '../../lib/k8s/kinds';

export const ALLOWED_ENDPOINT_CIDRS_VARIABLE = 'DEVCLUSTER_ALLOWED_ENDPOINT_CIDRS';

const SPECIAL_RANGES: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'may not be unspecified'],
  ['::', 128, 'ipv6', 'may not be unspecified'],
  ['127.0.0.0', 8, 'ipv4', 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
  ['::1', 128, 'ipv6', 'may not be in the loopback range (127.0.0.0/8, ::1/128)'],
  ['169.254.0.0', 16, 'ipv4', 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
  ['fe80::', 10, 'ipv6', 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
  ['224.0.0.0', 24, 'ipv4', 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
  ['ff02::', 10, 'ipv6', 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
];
const SPECIAL = SPECIAL_RANGES.map(([addr, prefix, family, message]) => {
  const list = new net.BlockList();
  list.addSubnet(addr, prefix, family);
  return { list, message };
});

/** "a/n,b/m" -> a BlockList; throws naming `what` for anything else. */
export function cidrBlockList(list: string, what: string): net.BlockList {
  const b = new net.BlockList();
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [addr, prefixText, extra] = item.split('/');
    const v = net.isIP(addr);
    const max = v === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!v || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) throw new Error(`${what}: "${item}" is not a CIDR (e.g. 127.1.0.0/20)`);
    b.addSubnet(addr, prefix, v === 4 ? 'ipv4' : 'ipv6');
  }
  return b;
}

/** Why `ip` may not be an endpoint address, or undefined. */
export function specialAddressReason(ip: string, allowed: net.BlockList): string | undefined {
  const v = net.isIP(ip);
  if (!v) return undefined; // the schema's own validation names malformed addresses
  const type = v === 4 ? 'ipv4' : 'ipv6';
  if (allowed.check(ip, type)) return undefined;
  return SPECIAL.find((s) => s.list.check(ip, type))?.message;
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function endpointSliceCauses(slice: Obj, allowed: net.BlockList): FieldCause[] {
  const out: FieldCause[] = [];
  if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') return out;
  arr(slice.endpoints).forEach((e, i) =>
    arr(obj(e).addresses).forEach((a, j) => {
      const why = typeof a === 'string' ? specialAddressReason(a, allowed) : undefined;
      if (why) out.push({ reason: 'FieldValueInvalid', field: `endpoints[${i}].addresses[${j}]`, message: `Invalid value: "${a}": ${why}` });
    }),
  );
  return out;
}

export function endpointsCauses(ep: Obj, allowed: net.BlockList): FieldCause[] {
  const out: FieldCause[] = [];
  arr(ep.subsets).forEach((s, i) => {
    for (const list of ['addresses', 'notReadyAddresses'])
      arr(obj(s)[list]).forEach((a, j) => {
        const ip = obj(a).ip;
        const why = typeof ip === 'string' ? specialAddressReason(ip, allowed) : undefined;
        if (why) out.push({ reason: 'FieldValueInvalid', field: `subsets[${i}].${list}[${j}].ip`, message: `Invalid value: "${ip}": ${why}` });
      });
  });
  return out;
}

function refuse(kind: string, o: KubeObject, causes: FieldCause[]): ApiError {
  const name = o.metadata.name ?? '';
  return new ApiError(422, 'Invalid', invalidMessage(kind, name, causes), { name, ...(kind === 'EndpointSlice' ? { group: DISCOVERY_GROUP } : {}), kind, causes });
}

/** Registers the check for creates and updates of EndpointSlices and Endpoints. */
export function registerEndpointAddressAdmission(registry: AdmissionRegistry, podCIDR: string, extraAllowed = ''): void {
  const allowed = cidrBlockList([podCIDR, extraAllowed].filter(Boolean).join(','), ALLOWED_ENDPOINT_CIDRS_VARIABLE);
  const hook = (kind: 'EndpointSlice' | 'Endpoints', causesOf: (o: Obj, b: net.BlockList) => FieldCause[]) => (req: AdmissionRequest) => {
    if ((req.operation !== 'CREATE' && req.operation !== 'UPDATE') || !req.object || req.subresource) return undefined;
    const causes = causesOf(req.object as unknown as Obj, allowed);
    if (causes.length) throw refuse(kind, req.object, causes);
    return undefined;
  };
  registry.registerAdmission(resourceKeyOf(kindByKind('EndpointSlice')), hook('EndpointSlice', endpointSliceCauses));
  registry.registerAdmission('endpoints', hook('Endpoints', endpointsCauses));
}

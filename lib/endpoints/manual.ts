/**
 * Manual endpoints of a selectorless Service, as EndpointSlices the console manages (isomorphic:
 * the form validates with it, the server action builds the slices with it).
 *
 * Kubernetes reads every EndpointSlice labelled `kubernetes.io/service-name: <svc>` as the
 * Service's endpoints; `endpointslice.kubernetes.io/managed-by` names who keeps it, so the
 * cluster's own controller leaves ours alone and we only ever edit ours. One slice holds one
 * address family and one set of ports, so the console keeps one slice per (family, ports),
 * named from a hash of both: adding an address with the same ports lands in the same slice.
 * The gateway (and kube-proxy) pair an EndpointSlice port with a Service port by name, so the
 * ports of a manual endpoint carry the Service ports' names.
 */
import { z } from 'zod';
import { child, index, invalid, required, tooMany, type FieldCause } from '../k8s/causes';
import { isDNS1123Label, isValidIPv4, isValidIPv6, isValidPortNum } from '../k8s/validation/primitives';
import type { EndpointSlice, EndpointSlicePort } from '../k8s/schemas/discovery';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The managed-by value of the slices the console writes (a label value: no "/"; styled like the cluster's endpointslice-controller.k8s.io). */
export const PORTICO_ENDPOINTS_MANAGER = 'console.portico.dev';

/** The API's limits on one slice (validateEndpointSlice), and ours on one request. */
export const MAX_ENDPOINTS_PER_SLICE = 1000;
export const MAX_PORTS = 100;
const MAX_ADDRESS_TEXT = 64;

export const ENDPOINT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** One manual endpoint as a form sends it: an address and a port per Service port. */
export const ManualEndpointInput = z.strictObject({
  address: z.string().max(MAX_ADDRESS_TEXT, `must be at most ${MAX_ADDRESS_TEXT} characters`),
  ports: z
    .array(
      z.strictObject({
        name: z.string().max(63, 'must be at most 63 characters'),
        port: z.number(),
        protocol: z.enum(ENDPOINT_PROTOCOLS),
      }),
    )
    .max(MAX_PORTS, `at most ${MAX_PORTS} ports`),
  ready: z.boolean(),
});
export type ManualEndpointInput = z.infer<typeof ManualEndpointInput>;

export type AddressFamily = 'IPv4' | 'IPv6';

/** The slice address type of an IP literal, or undefined when it is not one. */
export function addressFamily(address: string): AddressFamily | undefined {
  if (isValidIPv4(address)) return 'IPv4';
  if (isValidIPv6(address)) return 'IPv6';
  return undefined;
}

/**
 * The API server's rules for what the input becomes (address literal, ports 1-65535, port names
 * DNS labels and unique, at least one port), with the form's field paths (`address`,
 * `ports[0].port`). Empty = valid.
 */
export function validateManualEndpoint(input: ManualEndpointInput): FieldCause[] {
  const out: FieldCause[] = [];
  const address = input.address.trim();
  if (!address) out.push(required('address', 'an IPv4 or IPv6 address'));
  else if (!addressFamily(address)) out.push(invalid('address', address, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  if (input.ports.length === 0) out.push(required('ports', 'at least one port'));
  if (input.ports.length > MAX_PORTS) out.push(tooMany('ports', input.ports.length, MAX_PORTS));
  const names = new Set<string>();
  input.ports.forEach((p, i) => {
    const at = index('ports', i);
    for (const msg of isValidPortNum(p.port)) out.push(invalid(child(at, 'port'), p.port, msg));
    if (p.name) for (const msg of isDNS1123Label(p.name)) out.push(invalid(child(at, 'name'), p.name, msg));
    if (names.has(p.name)) out.push({ reason: 'FieldValueDuplicate', field: child(at, 'name'), message: `Duplicate value: ${JSON.stringify(p.name)}` });
    names.add(p.name);
  });
  return out;
}

/** FNV-1a 32-bit, hex: a short stable suffix for slice names. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const slicePorts = (ports: ManualEndpointInput['ports']): EndpointSlicePort[] =>
  [...ports].sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol }));

const portsKey = (ports: readonly EndpointSlicePort[]) =>
  [...ports]
    .map((p) => `${p.name ?? ''}=${p.port ?? ''}/${p.protocol ?? 'TCP'}`)
    .sort()
    .join(',');

/** The name of the console's slice for this Service, family and ports (a DNS subdomain, <= 253). */
export function manualSliceName(service: string, family: AddressFamily, ports: ManualEndpointInput['ports']): string {
  return `${service.slice(0, 253 - 18)}-portico-${shortHash(`${family}|${portsKey(slicePorts(ports))}`)}`;
}

/** Is the slice one the console manages (and so may edit)? */
export function isPorticoManaged(slice: { metadata?: { labels?: Record<string, string> } }): boolean {
  return slice.metadata?.labels?.[MANAGED_BY_LABEL] === PORTICO_ENDPOINTS_MANAGER;
}

type SliceIn = Pick<EndpointSlice, 'apiVersion' | 'kind' | 'metadata' | 'addressType' | 'endpoints' | 'ports'>;

/**
 * The slice after adding `input` (validated first) to `existing` (the slice named by
 * manualSliceName, when it exists): the address is replaced when already listed, so adding twice
 * is harmless. Throws when the slice would exceed the API's 1000 endpoints.
 */
export function withManualEndpoint(existing: SliceIn | undefined, namespace: string, service: string, input: ManualEndpointInput): SliceIn {
  const address = input.address.trim();
  const family = addressFamily(address);
  if (!family) throw new Error(`address: ${JSON.stringify(address)} is not an IP address`);
  const name = manualSliceName(service, family, input.ports);
  const endpoints = (existing?.endpoints ?? []).filter((e) => !(e.addresses ?? []).includes(address));
  if (endpoints.length >= MAX_ENDPOINTS_PER_SLICE) throw new Error(`the Service already has ${endpoints.length} manual endpoints with these ports (at most ${MAX_ENDPOINTS_PER_SLICE})`);
  endpoints.push({ addresses: [address], conditions: { ready: input.ready, serving: input.ready, terminating: false } });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(existing?.metadata ?? {}),
      name,
      namespace,
      labels: { ...(existing?.metadata?.labels ?? {}), [SERVICE_NAME_LABEL]: service, [MANAGED_BY_LABEL]: PORTICO_ENDPOINTS_MANAGER },
    },
    addressType: family,
    endpoints,
    ports: slicePorts(input.ports),
  };
}

/** The slice without `address`, or null when it has no endpoint left (delete it then). */
export function withoutAddress(slice: SliceIn, address: string): SliceIn | null {
  const endpoints = (slice.endpoints ?? []).flatMap((e) => {
    const addresses = (e.addresses ?? []).filter((a) => a !== address);
    return addresses.length ? [{ ...e, addresses }] : [];
  });
  return endpoints.length ? { ...slice, endpoints } : null;
}

/**
 * Maps the API's causes for a slice write (`endpoints[3].addresses[0]`, `ports[1].port`) back to
 * the form's fields (`address`, `ports[1].port`): the dev cluster's address admission names the
 * slice field, the user typed the address.
 */
export function causesForForm(causes: readonly { field: string; message: string }[]): { field: string; message: string }[] {
  return causes.map((c) => ({ ...c, field: /^endpoints\[\d+\]\.addresses\[\d+\]$/.test(c.field) ? 'address' : c.field }));
}

/** One row of the Service page's endpoint list. */
export interface EndpointRow {
  slice: string;
  address: string;
  ports: { name: string; port?: number; protocol: string }[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** The pod behind it, for slices the cluster keeps for a selector. */
  pod?: string;
  /** In a slice the console manages: the user may remove it here. */
  manual: boolean;
  managedBy?: string;
}

/** The rows for a Service's slices (Kubernetes: a nil `ready` means ready; `serving` follows it). */
export function endpointRows(slices: readonly Partial<SliceIn>[], service: string): EndpointRow[] {
  const out: EndpointRow[] = [];
  for (const s of slices) {
    if (s.metadata?.labels?.[SERVICE_NAME_LABEL] !== service) continue;
    const ports = (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
    for (const e of s.endpoints ?? []) {
      const ready = e.conditions?.ready !== false;
      for (const address of e.addresses ?? [])
        out.push({
          slice: s.metadata?.name ?? '',
          address,
          ports,
          ready,
          serving: e.conditions?.serving ?? ready,
          terminating: e.conditions?.terminating === true,
          ...(e.targetRef?.kind === 'Pod' && e.targetRef.name ? { pod: e.targetRef.name } : {}),
          manual: isPorticoManaged(s),
          ...(s.metadata?.labels?.[MANAGED_BY_LABEL] ? { managedBy: s.metadata.labels[MANAGED_BY_LABEL] } : {}),
        });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address) || a.slice.localeCompare(b.slice));
}

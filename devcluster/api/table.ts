/**
 * meta.k8s.io/v1 Table rendering (what `kubectl get` asks for), with columns close to the
 * real server's printers for the kinds people look at.
 */
import type { KubeObject } from '../store/registry';

type Rec = Record<string, unknown>;
interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
  cell: (o: KubeObject) => unknown;
}

const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const spec = (o: KubeObject) => rec(o.spec);
const status = (o: KubeObject) => rec(o.status);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function age(ts: string | undefined, nowMs = Date.now()): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((nowMs - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return d < 365 * 2 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

const selectorText = (sel: unknown): string => {
  const r = rec(sel);
  const entries = Object.entries(rec(r.matchLabels ?? r)).filter(([k]) => k !== 'matchExpressions' && k !== 'matchLabels');
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(',') : '<none>';
};

const NAME: Column = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0, cell: (o) => o.metadata.name };
const AGE: Column = { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0, cell: (o) => age(o.metadata.creationTimestamp) };
const col = (name: string, cell: (o: KubeObject) => unknown, priority = 0, type = 'string'): Column => ({ name, type, description: name, priority, cell });

function servicePorts(o: KubeObject): string {
  const ports = arr(spec(o).ports).map(rec);
  if (!ports.length) return '<none>';
  return ports.map((p) => `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`).join(',');
}

function externalIp(o: KubeObject): string {
  const s = spec(o);
  const lb = arr(rec(status(o).loadBalancer).ingress).map((i) => String(rec(i).ip ?? rec(i).hostname ?? ''));
  const ext = arr(s.externalIPs).map(String);
  if (s.type === 'LoadBalancer') return [...lb, ...ext].join(',') || '<pending>';
  if (s.type === 'ExternalName') return String(s.externalName ?? '');
  return ext.length ? ext.join(',') : '<none>';
}

function podReady(o: KubeObject): string {
  const cs = arr(status(o).containerStatuses).map(rec);
  const total = arr(rec(spec(o)).containers).length;
  return `${cs.filter((c) => c.ready === true).length}/${total}`;
}

function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const st = status(o);
  for (const c of arr(st.containerStatuses).map(rec)) {
    const waiting = rec(rec(c.state).waiting);
    if (waiting.reason) return String(waiting.reason);
    const terminated = rec(rec(c.state).terminated);
    if (terminated.reason) return String(terminated.reason);
  }
  return String(st.reason ?? st.phase ?? 'Pending');
}

const containersOf = (o: KubeObject) => arr(rec(rec(spec(o).template).spec).containers).map(rec);

const COLUMNS: Record<string, Column[]> = {
  Namespace: [NAME, col('Status', (o) => status(o).phase ?? ''), AGE],
  Service: [
    NAME,
    col('Type', (o) => spec(o).type ?? 'ClusterIP'),
    col('Cluster-IP', (o) => spec(o).clusterIP ?? '<none>'),
    col('External-IP', externalIp),
    col('Port(s)', servicePorts),
    AGE,
    col('Selector', (o) => selectorText(spec(o).selector), 1),
  ],
  Pod: [
    NAME,
    col('Ready', podReady),
    col('Status', podStatus),
    col('Restarts', (o) => arr(status(o).containerStatuses).reduce<number>((n, c) => n + num(rec(c).restartCount), 0), 0, 'integer'),
    AGE,
    col('IP', (o) => status(o).podIP ?? '<none>', 1),
    col('Node', (o) => spec(o).nodeName ?? '<none>', 1),
  ],
  Deployment: [
    NAME,
    col('Ready', (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas ?? 1)}`),
    col('Up-to-date', (o) => num(status(o).updatedReplicas), 0, 'integer'),
    col('Available', (o) => num(status(o).availableReplicas), 0, 'integer'),
    AGE,
    col('Containers', (o) => containersOf(o).map((c) => c.name).join(','), 1),
    col('Images', (o) => containersOf(o).map((c) => c.image).join(','), 1),
    col('Selector', (o) => selectorText(spec(o).selector), 1),
  ],
  Ingress: [
    NAME,
    col('Class', (o) => spec(o).ingressClassName ?? '<none>'),
    col('Hosts', (o) => arr(spec(o).rules).map((r) => rec(r).host ?? '*').join(',') || '*'),
    col('Address', (o) => arr(rec(status(o).loadBalancer).ingress).map((i) => rec(i).ip ?? rec(i).hostname).join(',')),
    col('Ports', (o) => (arr(spec(o).tls).length ? '80, 443' : '80')),
    AGE,
  ],
  Secret: [NAME, col('Type', (o) => o.type ?? 'Opaque'), col('Data', (o) => Object.keys(rec(o.data)).length, 0, 'integer'), AGE],
  ConfigMap: [NAME, col('Data', (o) => Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length, 0, 'integer'), AGE],
  Endpoints: [
    NAME,
    col('Endpoints', (o) => {
      const eps = arr(o.subsets).flatMap((s) => arr(rec(s).addresses).flatMap((a) => arr(rec(s).ports).map((p) => `${String(rec(a).ip)}:${String(rec(p).port)}`)));
      return eps.length ? eps.slice(0, 3).join(',') + (eps.length > 3 ? ` + ${eps.length - 3} more...` : '') : '<none>';
    }),
    AGE,
  ],
  EndpointSlice: [
    NAME,
    col('AddressType', (o) => o.addressType ?? ''),
    col('Ports', (o) => arr(o.ports).map((p) => rec(p).port).join(',') || '<unset>'),
    col('Endpoints', (o) => arr(o.endpoints).flatMap((e) => arr(rec(e).addresses)).join(',') || '<unset>'),
    AGE,
  ],
  Node: [
    NAME,
    col('Status', (o) => (arr(status(o).conditions).some((c) => rec(c).type === 'Ready' && rec(c).status === 'True') ? 'Ready' : 'NotReady')),
    col('Roles', () => '<none>'),
    AGE,
    col('Version', (o) => rec(status(o).nodeInfo).kubeletVersion ?? ''),
  ],
  Event: [
    col('Last Seen', (o) => age((o.lastTimestamp as string) ?? (o.eventTime as string) ?? o.metadata.creationTimestamp)),
    col('Type', (o) => o.type ?? ''),
    col('Reason', (o) => o.reason ?? ''),
    col('Object', (o) => `${String(rec(o.involvedObject).kind ?? '').toLowerCase()}/${String(rec(o.involvedObject).name ?? '')}`),
    col('Message', (o) => o.message ?? ''),
  ],
  IngressClass: [NAME, col('Controller', (o) => spec(o).controller ?? ''), col('Parameters', () => '<none>'), AGE],
  GatewayClass: [NAME, col('Controller', (o) => spec(o).controllerName ?? ''), col('Accepted', (o) => condition(o, 'Accepted')), AGE],
  Gateway: [
    NAME,
    col('Class', (o) => spec(o).gatewayClassName ?? ''),
    col('Address', (o) => arr(status(o).addresses).map((a) => rec(a).value).join(',')),
    col('Programmed', (o) => condition(o, 'Programmed')),
    AGE,
  ],
  HTTPRoute: [NAME, col('Hostnames', (o) => JSON.stringify(arr(spec(o).hostnames))), AGE],
  GRPCRoute: [NAME, col('Hostnames', (o) => JSON.stringify(arr(spec(o).hostnames))), AGE],
  Lease: [NAME, col('Holder', (o) => spec(o).holderIdentity ?? ''), AGE],
};

function condition(o: KubeObject, type: string): string {
  const c = arr(status(o).conditions).map(rec).find((x) => x.type === type);
  return c ? String(c.status ?? 'Unknown') : 'Unknown';
}

function columnsFor(kind: string): Column[] {
  return COLUMNS[kind] ?? [NAME, AGE];
}

function partialMetadata(o: KubeObject): Rec {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** Renders objects as a Table; `includeObject` follows the request's includeObject param. */
export function toTable(
  kind: string,
  objects: KubeObject[],
  meta: { resourceVersion?: string; continue?: string },
  includeObject: 'None' | 'Metadata' | 'Object' = 'Metadata',
  withColumns = true,
): Rec {
  const cols = columnsFor(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}), ...(meta.continue ? { continue: meta.continue } : {}) },
    ...(withColumns ? { columnDefinitions: cols.map(({ cell: _cell, format, ...c }) => ({ ...c, format: format ?? '' })) } : { columnDefinitions: null }),
    rows: objects.map((o) => ({
      cells: cols.map((c) => {
        const v = c.cell(o);
        return v === undefined || v === null ? '' : v;
      }),
      ...(includeObject === 'None' ? {} : { object: includeObject === 'Object' ? o : partialMetadata(o) }),
    })),
  };
}

/** The routes list row and the route detail facts, computed from an Ingress and its backends. */
import type { EndpointSlice, Ingress, IngressBackend } from '@/lib/k8s';
import type { ServiceSummary } from './service';
import type { BackendRef, BackendHealth, RoutePathRow, RouteRow, RouteSortKey } from '@/lib/console/rows';
export type { BackendRef, BackendHealth, RoutePathRow, RouteRow, RouteSortKey };


/** Ready/not-ready endpoint counts per Service name and port name/number. */
export interface EndpointIndex {
  /** A port without a number (EndpointSlice: all ports) keeps port undefined. */
  get(service: string): { ready: number; notReady: number; ports: { name?: string; port?: number }[] } | undefined;
}

export function indexEndpointSlices(slices: readonly Partial<Pick<EndpointSlice, 'metadata' | 'endpoints' | 'ports'>>[]): EndpointIndex {
  const map = new Map<string, { ready: number; notReady: number; ports: { name?: string; port?: number }[] }>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const cur = map.get(svc) ?? { ready: 0, notReady: 0, ports: [] };
    for (const ep of s.endpoints ?? []) {
      // Kubernetes: a nil `ready` means ready.
      if (ep.conditions?.ready === false) cur.notReady += 1;
      else cur.ready += 1;
    }
    for (const p of s.ports ?? []) cur.ports.push({ name: p.name || undefined, port: p.port });
    map.set(svc, cur);
  }
  return { get: (name) => map.get(name) };
}

function backendOf(b: IngressBackend | undefined): BackendRef | undefined {
  if (!b?.service?.name) return undefined;
  const port = b.service.port ?? {};
  return { service: b.service.name, port: port.name ?? (port.number !== undefined ? String(port.number) : '') };
}

export function backendHealth(ref: BackendRef, services: Map<string, ServiceSummary>, eps: EndpointIndex): BackendHealth {
  const svc = services.get(ref.service);
  if (!svc) return { ...ref, state: 'missing', ready: 0, notReady: 0 };
  const portOk = !ref.port || svc.ports.some((p) => p.name === ref.port || String(p.port) === ref.port);
  if (!portOk) return { ...ref, state: 'no-port', ready: 0, notReady: 0 };
  if (svc.type === 'ExternalName') return { ...ref, state: 'ok', ready: 0, notReady: 0 };
  const e = eps.get(ref.service);
  const ready = e?.ready ?? 0;
  const notReady = e?.notReady ?? 0;
  return { ...ref, state: ready > 0 ? 'ok' : 'no-endpoints', ready, notReady };
}

export function describeBackendProblem(b: BackendHealth): string | undefined {
  switch (b.state) {
    case 'missing':
      return `service ${b.service} does not exist`;
    case 'no-port':
      return `service ${b.service} has no port ${b.port}`;
    case 'no-endpoints':
      return `service ${b.service} has no ready endpoints`;
    default:
      return undefined;
  }
}

export function summarizeRoute(ing: Partial<Pick<Ingress, 'metadata' | 'spec' | 'status'>>, services: Map<string, ServiceSummary>, eps: EndpointIndex): RouteRow {
  const meta = ing.metadata ?? {};
  const spec = ing.spec ?? {};
  const ann = meta.annotations ?? {};
  const paths: RoutePathRow[] = [];
  const hosts: string[] = [];
  for (const rule of spec.rules ?? []) {
    const host = rule.host ?? '';
    if (host && !hosts.includes(host)) hosts.push(host);
    for (const p of rule.http?.paths ?? []) {
      const ref = backendOf(p.backend);
      if (!ref) continue;
      paths.push({ host: host || '*', path: p.path ?? '/', pathType: p.pathType ?? 'Prefix', backend: backendHealth(ref, services, eps) });
    }
  }
  const defRef = backendOf(spec.defaultBackend);
  const defaultBackend = defRef ? backendHealth(defRef, services, eps) : undefined;
  const tlsHosts: string[] = (spec.tls ?? []).flatMap((t) => t.hosts ?? []);
  const lb = ing.status?.loadBalancer?.ingress ?? [];
  const address = lb.map((i) => i.ip ?? i.hostname).filter(Boolean).join(', ');
  const warnings = [...new Set([...paths.map((p) => p.backend), ...(defaultBackend ? [defaultBackend] : [])].map(describeBackendProblem).filter((x): x is string => !!x))];
  return {
    name: meta.name ?? '',
    alias: ann['portico.dev/alias'] ?? '',
    description: ann['portico.dev/description'] ?? '',
    hosts,
    paths,
    defaultBackend,
    tls: (spec.tls ?? []).length > 0,
    tlsHosts,
    address,
    warnings,
    creationTimestamp: meta.creationTimestamp ?? '',
    resourceVersion: meta.resourceVersion ?? '',
  };
}

/** Server-side search: name, alias, hosts, paths and backend names, case-insensitive, all terms must match. */
export function filterRoutes(rows: RouteRow[], q: string): RouteRow[] {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return rows;
  return rows.filter((r) => {
    const hay = [r.name, r.alias, r.description, ...r.hosts, ...r.paths.flatMap((p) => [p.path, p.backend.service])].join(' ').toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
}

export function sortRoutes(rows: RouteRow[], key: RouteSortKey, dir: 'asc' | 'desc'): RouteRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const val = (r: RouteRow): string | number => {
    switch (key) {
      case 'hosts':
        return r.hosts[0] ?? '';
      case 'age':
        // ascending age = newest first
        return -Date.parse(r.creationTimestamp || '0');
      case 'status':
        return r.warnings.length;
      default:
        return r.name;
    }
  };
  return [...rows].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? c * sign : a.name.localeCompare(b.name);
  });
}

import { describe, expect, it } from 'vitest';
import type { IngressRule, IngressSpec } from '@/lib/k8s';
import { filterRoutes, indexEndpointSlices, sortRoutes, summarizeRoute } from './route';
import { summarizeService } from './service';
import { diagnoseService } from './diagnostics';
import { certNameCovers, hostsNotCovered } from '@/lib/console/tls';

const svc = (name: string, ports: { name?: string; port: number; targetPort?: number | string }[], selector = { app: name }) => ({ metadata: { name }, spec: { type: 'ClusterIP' as const, selector, ports } });
const slice = (svcName: string, ready: boolean[]) => ({
  metadata: { labels: { 'kubernetes.io/service-name': svcName } },
  ports: [{ name: 'http', port: 8080 }],
  endpoints: ready.map((r, i) => ({ addresses: [`127.0.0.${i + 2}`], conditions: { ready: r }, targetRef: { kind: 'Pod', name: `${svcName}-${i}` } })),
});
const ing = (name: string, rules: IngressRule[], extra: IngressSpec = {}) => ({ metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z', annotations: { 'portico.dev/alias': `Alias ${name}` } }, spec: { rules, ...extra } });
const rule = (host: string, service: string, port: { name?: string; number?: number } = { number: 80 }, path = '/'): IngressRule => ({ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: service, port } } }] } });

describe('route rows', () => {
  const services = new Map([
    ['echo', summarizeService(svc('echo', [{ name: 'http', port: 80 }]))],
    ['idle', summarizeService(svc('idle', [{ port: 80 }]))],
  ]);
  const eps = indexEndpointSlices([slice('echo', [true, false]), slice('idle', [false])]);

  it('reports backend health and warnings', () => {
    const row = summarizeRoute(
      ing('r', [rule('a.test', 'echo'), rule('b.test', 'idle'), rule('c.test', 'gone'), rule('d.test', 'echo', { name: 'grpc' })], { tls: [{ hosts: ['a.test'] }] }),
      services,
      eps,
    );
    expect(row.paths.map((p) => p.backend.state)).toEqual(['ok', 'no-endpoints', 'missing', 'no-port']);
    expect(row.paths[0]!.backend).toMatchObject({ ready: 1, notReady: 1 });
    expect(row.warnings).toEqual(['service idle has no ready endpoints', 'service gone does not exist', 'service echo has no port grpc']);
    expect(row).toMatchObject({ alias: 'Alias r', tls: true, tlsHosts: ['a.test'], hosts: ['a.test', 'b.test', 'c.test', 'd.test'] });
  });

  it('searches all terms across name, alias, hosts, paths and services; sorts with a stable tie-break', () => {
    const rows = ['b', 'a', 'c'].map((n) => summarizeRoute(ing(n, [rule(`${n}.test`, n === 'c' ? 'gone' : 'echo')]), services, eps));
    expect(filterRoutes(rows, 'ECHO a.test').map((r) => r.name)).toEqual(['a']);
    expect(filterRoutes(rows, 'alias').length).toBe(3);
    expect(sortRoutes(rows, 'name', 'desc').map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(sortRoutes(rows, 'status', 'desc').map((r) => r.name)).toEqual(['c', 'a', 'b']);
  });
});

describe('service diagnostics', () => {
  const pod = (name: string, labels: Record<string, string>, ready: boolean, ports: { name?: string; containerPort: number }[] = [{ name: 'http', containerPort: 8080 }]) => ({
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', ports }] },
    status: { phase: 'Running' as const, podIP: '127.0.0.9', conditions: [{ type: 'Ready', status: ready ? ('True' as const) : ('False' as const), reason: ready ? undefined : 'ContainersNotReady' }] },
  });

  it('explains no endpoints with near-miss pods', () => {
    const s = svc('web', [{ port: 80, targetPort: 8080 }], { app: 'web', tier: 'front' } as never);
    const d = diagnoseService(s, [], [pod('web-1', { app: 'web', tier: 'back' }, true), pod('other', { app: 'db' }, true)]);
    expect(d.problems[0]).toContain('No pod matches the selector app=web, tier=front');
    expect(d.nearMisses).toEqual([{ pod: 'web-1', mismatches: [{ key: 'tier', want: 'front', has: 'back' }] }]);
  });

  it('reports unready pods and undeclared target ports', () => {
    const s = svc('web', [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'm', port: 9090, targetPort: 9091 }]);
    const d = diagnoseService(s, [slice('web', [true])], [pod('web-1', { app: 'web' }, true), pod('web-2', { app: 'web' }, false)]);
    expect(d.endpoints).toHaveLength(1);
    expect(d.problems).toEqual([
      '1 of 2 selected pods are not ready: web-2 (ContainersNotReady).',
      'targetPort 9091 of port m is not declared by any container of the selected pods.',
    ]);
  });
});

describe('certificate host coverage', () => {
  it('matches one label per wildcard', () => {
    expect(certNameCovers('*.example.com', 'a.example.com')).toBe(true);
    expect(certNameCovers('*.example.com', 'a.b.example.com')).toBe(false);
    expect(certNameCovers('*.example.com', 'example.com')).toBe(false);
    expect(certNameCovers('*.example.com', '*.example.com')).toBe(true);
    expect(hostsNotCovered(['a.test', '*.b.test'], ['a.test', 'x.b.test', 'c.test'])).toEqual(['c.test']);
  });
});

import { describe, expect, it } from 'vitest';
import type { BackendTarget } from '@/lib/routing';
import { EndpointTable, type EndpointSliceLike } from '../proxy/endpoints';
import { AddressPolicy, parseCidrList } from '../proxy/address-policy';
import { endpointHealthView } from './endpoint-health';

const target = (ns: string, svc: string): BackendTarget => ({ key: `${ns}/${svc}:http`, namespace: ns, service: svc, port: 80, endpointPortName: 'http' });
const slice = (ns: string, svc: string, eps: { ip: string; ready?: boolean; terminating?: boolean }[]): EndpointSliceLike => ({
  metadata: { name: `${svc}-1`, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, serving: true, terminating: e.terminating ?? false } })),
  ports: [{ name: 'http', port: 9080 }],
});

describe('/endpoints: what the gateway knows of each endpoint, per namespace', () => {
  const now = 1_000_000;
  const table = new EndpointTable();
  table.policy = new AddressPolicy({ allowed: parseCidrList('127.1.0.0/16'), bindAddresses: ['127.0.0.1'], ports: [8080] });
  table.setTargets(
    new Map([
      ['a/web:http', target('a', 'web')],
      ['b/db:http', target('b', 'db')],
    ]),
  );
  table.replaceSlices([
    slice('a', 'web', [{ ip: '127.1.0.1' }, { ip: '127.1.0.2' }, { ip: '127.1.0.3' }, { ip: '127.1.0.4', ready: false, terminating: true }, { ip: '169.254.169.254' }]),
    slice('b', 'db', [{ ip: '127.1.0.9' }]),
  ]);
  const set = table.get('a/web:http')!;
  set.ready[1]!.health.onConnectError('connect ECONNREFUSED 127.1.0.2:9080', now);
  set.ready[2]!.health.activeOk = false;

  it('states each endpoint: ready, ejected, check failing, terminating; and the refused addresses', () => {
    const view = endpointHealthView(table.allSets(), new Set(['a']), now + 500);
    expect(view).toMatchObject({ ready: true, namespaces: ['a'] });
    expect(view.backends).toHaveLength(1);
    const b = view.backends[0]!;
    expect(b).toMatchObject({ key: 'a/web:http', namespace: 'a', service: 'web' });
    expect(b.endpoints.map((e) => [e.address, e.state])).toEqual([
      ['127.1.0.1', 'ready'],
      ['127.1.0.2', 'ejected'],
      ['127.1.0.3', 'check-failing'],
      ['127.1.0.4', 'terminating'],
    ]);
    expect(b.endpoints[1]).toEqual({ address: '127.1.0.2', port: 9080, state: 'ejected', ejectedForMs: 1500, ejections: 1, consecutive5xx: 0, lastError: 'connect ECONNREFUSED 127.1.0.2:9080' });
    expect(b.endpoints[2]).toMatchObject({ activeOk: false });
    expect(b.refused).toEqual([{ address: '169.254.169.254', port: 9080, message: 'link-local address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (127.1.0.0/16)' }]);
  });

  it("never shows another namespace's backends; unscoped shows all; the ejection ends", () => {
    expect(JSON.stringify(endpointHealthView(table.allSets(), new Set(['a']), now))).not.toContain('127.1.0.9');
    expect(endpointHealthView(table.allSets(), undefined, now).backends.map((b) => b.key)).toEqual(['a/web:http', 'b/db:http']);
    const later = endpointHealthView(table.allSets(), new Set(['a']), now + 60_000).backends[0]!;
    expect(later.endpoints[1]).toMatchObject({ state: 'ready', ejectedForMs: 0, ejections: 1 });
    expect(endpointHealthView(undefined, undefined)).toEqual({ ready: false, backends: [] });
  });
});

// UDP listeners and UDPRoute in lib/routing: served ports (their own namespace next to TCP), one
// route per listener (the oldest), weighted backends, statuses.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, Listener, UDPRouteInput } from './types';
import { GATEWAY_CLASS, gateway, nextCreated, svc } from './fixtures';

const DNS: Listener = { name: 'dns', port: 53, protocol: 'UDP' };
const TCP_SAME: Listener = { name: 'dns-tcp', port: 53, protocol: 'TCP' };
const udpRoute = (name: string, spec: UDPRouteInput['spec']): UDPRouteInput => ({ metadata: { name, namespace: 'net', creationTimestamp: nextCreated(), generation: 1 }, spec });
const state = (extra: ClusterState, listeners: Listener[] = [DNS, TCP_SAME]): ClusterState => ({
  services: [svc('net', 'dns', [{ name: 'dns', port: 53 }]), svc('net', 'dns2', [{ port: 53 }])],
  gatewayClasses: [GATEWAY_CLASS],
  gateways: [gateway('net', 'gw', listeners)],
  ...extra,
});
const routeConds = (s: ClusterState, name: string) => computeStatuses(s, buildSnapshot(s)).routes.find((r) => r.kind === 'UDPRoute' && r.name === name)!.parents[0].conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('UDPRoute', () => {
  it('a UDP listener is served on 8000 + P next to a TCP listener of the same number, and forwards to the weighted backends', () => {
    const s = state({ udpRoutes: [udpRoute('r', { parentRefs: [{ name: 'gw', sectionName: 'dns' }], rules: [{ backendRefs: [{ name: 'dns', port: 53, weight: 3 }, { name: 'dns2', port: 53 }] }] })] });
    const snap = buildSnapshot(s);
    expect(snap.udpListeners!.map((u) => [u.port, u.listener, u.route?.id, u.totalWeight, u.backends.map((b) => `${b.key}*${b.weight}`)])).toEqual([[8053, 'dns', 'UDPRoute/net/r', 4, ['net/dns:dns*3', 'net/dns2:53*1']]]);
    expect(snap.tcpListeners!.map((u) => u.port)).toEqual([8053]);
    expect(routeConds(s, 'r')).toEqual(['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs']);
  });

  it('one UDPRoute per listener: the oldest holds it, a later one is NotAllowedByListeners; a missing Service is BackendNotFound', () => {
    const first = udpRoute('first', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'dns', port: 53 }] }] });
    const second = udpRoute('second', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'nope', port: 53 }] }] });
    const s = state({ udpRoutes: [second, first].reverse() }, [DNS]);
    expect(buildSnapshot(s).udpListeners![0].route?.name).toBe('first');
    expect(routeConds(s, 'second')).toEqual(['Accepted=False/NotAllowedByListeners', 'ResolvedRefs=False/BackendNotFound']);
  });

  it('two UDP listeners on one port: the second is PortUnavailable', () => {
    const s = state({}, [DNS, { name: 'again', port: 53, protocol: 'UDP' }]);
    const ls = computeStatuses(s, buildSnapshot(s)).gateways[0].listeners;
    expect(ls[1].conditions.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'False', reason: 'PortUnavailable' });
  });
});

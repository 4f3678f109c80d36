// Integration: UDPRoute through the real gateway (dev cluster and gateway as child processes, a
// UDP echo backend on a real socket, real UDP clients). Datagrams reach the endpoint and answers
// come back to the client that sent them; two clients are two flows; the route status says
// Accepted; a flow past its idle timeout ends; GATEWAY_UDP_MAX_FLOWS bounds the flows.
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { freePort, gatewayYaml, namespaceYaml, routeConditions, serviceYaml, waitFor } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'udptest';
let UDP_PORT = 0;
/** what the backend saw: payload and the gateway-side source port of each datagram */
const seen: Array<{ data: string; from: number }> = [];

const t = gatewaySuite({
  gatewayEnv: { GATEWAY_UDP_IDLE_TIMEOUT_MS: '1500', GATEWAY_UDP_MAX_FLOWS: '3' },
  async prepare({ cluster, onStop }) {
    UDP_PORT = await freePort();
    const port = await freePort();
    const echo = dgram.createSocket('udp4');
    echo.on('message', (msg, rinfo) => {
      seen.push({ data: msg.toString(), from: rinfo.port });
      echo.send(`echo:${msg.toString()}`, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => echo.bind(port, '127.0.41.1', r));
    onStop(() => new Promise<void>((r) => echo.close(() => r())));
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'udp', [`{name: dns, port: ${UDP_PORT}, protocol: UDP}`])}---
${serviceYaml(NS, 'echo', [{ address: '127.0.41.1', port }])}---
apiVersion: gateway.networking.k8s.io/v1
kind: UDPRoute
metadata: {name: echo, namespace: ${NS}}
spec:
  parentRefs: [{name: udp}]
  rules: [{backendRefs: [{name: echo, port: 80}]}]
`);
  },
});

/** A UDP client bound to its own port: send, and wait for one answer (or none within `ms`). */
async function client(): Promise<{ ask(msg: string, ms?: number): Promise<string | undefined>; close(): void }> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return {
    ask: (msg, ms = 1_000) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          s.off('message', on);
          resolve(undefined);
        }, ms);
        const on = (reply: Buffer) => {
          clearTimeout(timer);
          s.off('message', on);
          resolve(reply.toString());
        };
        s.on('message', on);
        s.send(msg, UDP_PORT, '127.0.0.1');
      }),
    close: () => s.close(),
  };
}

describe('UDPRoute', () => {
  it('forwards datagrams to the endpoint and answers to the client that sent them; one flow per client; Accepted', async () => {
    const a = await client();
    const b = await client();
    try {
      expect(await waitFor(async () => (await a.ask('ping-a', 300)) ?? false, 'a UDP answer', 60_000, 100)).toBe('echo:ping-a');
      expect(await b.ask('ping-b')).toBe('echo:ping-b');
      expect(await a.ask('again-a')).toBe('echo:again-a');
      const fromA = seen.filter((x) => x.data.endsWith('-a'));
      const fromB = seen.filter((x) => x.data.endsWith('-b'));
      // each client's datagrams leave the gateway from its flow's own socket
      expect(new Set(fromA.slice(-2).map((x) => x.from)).size).toBe(1);
      expect(fromB.at(-1)!.from).not.toBe(fromA.at(-1)!.from);
    } finally {
      a.close();
      b.close();
    }
    const conds = await waitFor(() => {
      const c = routeConditions(t.cluster, 'udproute', NS, 'echo');
      return c.length > 0 && c;
    }, 'UDPRoute status', 30_000, 200);
    expect(conds.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'True' });
    expect(conds.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'True' });
  }, 90_000);

  it('flows are bounded (GATEWAY_UDP_MAX_FLOWS=3): a fourth client is dropped until an idle flow ends (1.5 s)', async () => {
    await new Promise((r) => setTimeout(r, 2_000)); // the first test's flows end
    const clients = await Promise.all([client(), client(), client(), client()]);
    try {
      for (const [i, c] of clients.slice(0, 3).entries()) expect(await c.ask(`c${i}`)).toBe(`echo:c${i}`);
      const count = seen.length;
      expect(await clients[3].ask('c3', 500)).toBeUndefined();
      expect(seen.length).toBe(count);
      // the three flows go idle and end; the fourth client gets through
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await clients[3].ask('c3-later')).toBe('echo:c3-later');
    } finally {
      for (const c of clients) c.close();
    }
  }, 60_000);
});

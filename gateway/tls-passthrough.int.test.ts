// Integration (issue 8, part two): TLS passthrough. Dev cluster + gateway (2 workers) as child
// processes, two local TLS servers with their own certificates behind two TLSRoutes on one TLS
// listener. The SNI picks the backend; the certificate the client sees is the backend's own
// (the gateway never terminates); a wrong SNI is closed cleanly; TCP metrics are summed
// across the workers.
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import tls from 'node:tls';
import { freePort, gatewayYaml, metricValue, namespaceYaml, routeConditions, selfSignedCert, serviceYaml, waitFor, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'tlstest';
let TLS_PORT = 0; // Gateway listener port (ephemeral, so >= 1024: served as is)

/** A TLS echo server with its own certificate (CN = name): greets, then echoes. */
async function tlsEcho(name: string, address: string, port: number): Promise<net.Server> {
  const server = tls.createServer({ ...selfSignedCert(name), allowHalfOpen: true }, (s) => {
    s.on('error', () => {});
    s.write(`hello from ${name}\n`);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(port, address, () => r()));
  return server;
}

interface TlsAnswer {
  cn?: string;
  data: string;
  error?: string;
}

/** TLS client with `servername` (SNI): send `msg`, half-close, read to the end. */
function tlsRoundTrip(servername: string, msg: string): Promise<TlsAnswer> {
  return new Promise((resolve) => {
    let data = '';
    let cn: string | undefined;
    const s = tls.connect({ host: '127.0.0.1', port: TLS_PORT, servername, rejectUnauthorized: false });
    const timer = setTimeout(() => s.destroy(new Error('client timeout')), 5_000);
    s.on('secureConnect', () => {
      cn = String(s.getPeerCertificate().subject?.CN);
      s.end(msg);
    });
    s.on('data', (d) => (data += d));
    s.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ cn, data, error: err.code ?? err.message });
    });
    s.on('end', () => {
      clearTimeout(timer);
      resolve({ cn, data });
    });
  });
}

const t = gatewaySuite({
  startTimeoutMs: 150_000,
  gatewayEnv: { GATEWAY_WORKERS: '2' },
  async prepare({ cluster, onStop }) {
    TLS_PORT = await freePort();
    const port = await freePort();
    for (const [name, address] of [
      ['backend-a', '127.0.71.1'],
      ['backend-b', '127.0.72.1'],
    ]) {
      const server = await tlsEcho(name, address, port);
      onStop(() => server.close());
    }
    const closedPort = await freePort(); // nothing listens there: connect failures
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'tls', [`{name: pass, port: ${TLS_PORT}, protocol: TLS, tls: {mode: Passthrough}}`])}---
${serviceYaml(NS, 'svc-a', [{ address: '127.0.71.1', port }])}---
${serviceYaml(NS, 'svc-b', [{ address: '127.0.72.1', port }])}---
${serviceYaml(NS, 'svc-down', [{ address: '127.0.73.1', port: closedPort }])}---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: a, namespace: ${NS}}
spec:
  parentRefs: [{name: tls, sectionName: pass}]
  hostnames: [a.example.com]
  rules: [{backendRefs: [{name: svc-a, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: b, namespace: ${NS}}
spec:
  parentRefs: [{name: tls}]
  hostnames: ["*.b.example.com"]
  rules: [{backendRefs: [{name: svc-b, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: down, namespace: ${NS}}
spec:
  parentRefs: [{name: tls}]
  hostnames: [down.example.com]
  rules: [{backendRefs: [{name: svc-down, port: 80}]}]
`);
  },
});

const routeConds = (name: string): Condition[] => routeConditions(t.cluster, 'tlsroute', NS, name);

describe('TLS passthrough (TLSRoute)', () => {
  it('the dev cluster serves TLSRoute (kubectl get tlsroutes)', () => {
    expect(t.cluster.kubectl(['get', 'tlsroutes', '-n', NS, '-o', 'name']).split('\n').filter(Boolean).sort()).toEqual(['tlsroute.gateway.networking.k8s.io/a', 'tlsroute.gateway.networking.k8s.io/b', 'tlsroute.gateway.networking.k8s.io/down']);
  });

  it('SNI picks the backend; the client sees the backend certificate (no termination); bytes echo', async () => {
    const first = await waitFor(async () => {
      const r = await tlsRoundTrip('a.example.com', 'ping-a');
      return r.cn ? r : undefined;
    }, 'TLS through the passthrough listener', 60_000, 200);
    expect(first.cn).toBe('backend-a');
    expect(first.data).toBe('hello from backend-a\nping-a');
    const results = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => tlsRoundTrip('a.example.com', `a${i}`)),
      ...Array.from({ length: 4 }, (_, i) => tlsRoundTrip(`x${i}.b.example.com`, `b${i}`)),
    ]);
    results.forEach((r, i) => {
      const b = i < 4 ? 'a' : 'b';
      expect(r.error).toBeUndefined();
      expect(r.cn).toBe(`backend-${b}`);
      expect(r.data).toBe(`hello from backend-${b}\n${b}${i % 4}`);
    });
    // a deeper name matches the wildcard too (Gateway API: one or more labels)
    expect((await tlsRoundTrip('p.q.b.example.com', 'deep')).cn).toBe('backend-b');
  }, 90_000);

  it('a wrong SNI is closed cleanly before any handshake; the gateway keeps serving', async () => {
    for (const sni of ['nope.example.com', 'b.example.com']) {
      const r = await tlsRoundTrip(sni, 'x');
      expect(r.cn).toBeUndefined(); // no handshake happened: nothing was forwarded
      expect(r.data).toBe('');
      if (r.error) expect(r.error).toMatch(/ECONNRESET|socket disconnected|EPIPE/i); // FIN or RST, never a hang
    }
    expect((await tlsRoundTrip('a.example.com', 'again')).cn).toBe('backend-a');
  });

  it('statuses: routes Accepted + ResolvedRefs, the listener supports TLSRoute and counts the routes', async () => {
    await waitFor(() => routeConds('b').find((c) => c.type === 'Accepted')?.status === 'True', 'TLSRoute status', 15_000, 100);
    expect(routeConds('a')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Accepted', status: 'True' }), expect.objectContaining({ type: 'ResolvedRefs', status: 'True' })]));
    const g = JSON.parse(t.cluster.kubectl(['get', 'gateway', 'tls', '-n', NS, '-o', 'json'])).status;
    const l = g.listeners.find((x: { name: string }) => x.name === 'pass');
    expect(l.supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }]);
    expect(l.attachedRoutes).toBe(3);
    expect(l.conditions.find((c: Condition) => c.type === 'Programmed')?.status).toBe('True');
    // /config shows the SNI table of the port
    const cfg = (await t.gw.admin('/config')).body as { tcpListeners: Array<{ port: number; routes?: Array<{ host: string; route: { name: string } }> }> };
    const port = cfg.tcpListeners.find((x) => x.port === TLS_PORT);
    expect(port?.routes?.map((r) => `${r.host}=${r.route.name}`)).toEqual(['down.example.com=down', 'a.example.com=a', '*.b.example.com=b']);
  });

  it('/metrics: TCP connections, bytes, connect failures and refusals per route and backend, summed over 2 workers', async () => {
    const down = await tlsRoundTrip('down.example.com', 'x');
    expect(down.cn).toBeUndefined();
    let text = '';
    const value = (name: string, labels: string) => metricValue(text, name, labels);
    const a = `route="TLSRoute/${NS}/a",backend="${NS}/svc-a"`;
    await waitFor(async () => {
      text = String((await t.gw.admin('/metrics')).body);
      return value('portico_gateway_tcp_connections_active', a) === 0; // the last close may still be on its way
    }, 'connections closed', 5_000, 50);
    expect(value('portico_gateway_tcp_connections_total', a)).toBeGreaterThanOrEqual(6);
    expect(value('portico_gateway_tcp_received_bytes_total', a)).toBeGreaterThan(6 * 200); // ClientHellos and all
    expect(value('portico_gateway_tcp_sent_bytes_total', a)).toBeGreaterThan(6 * 500); // certificates and all
    expect(value('portico_gateway_tcp_connections_total', `route="TLSRoute/${NS}/b",backend="${NS}/svc-b"`)).toBeGreaterThanOrEqual(5);
    expect(value('portico_gateway_tcp_connect_failures_total', `route="TLSRoute/${NS}/down",backend="${NS}/svc-down"`)).toBeGreaterThanOrEqual(1);
    expect(value('portico_gateway_tcp_refused_total', `reason="no-sni-match"`)).toBeGreaterThanOrEqual(2);
    // one series per label set: the workers' values are summed, not listed twice
    expect(text.split('\n').filter((l) => l.startsWith('portico_gateway_tcp_connections_total{') && l.includes(a))).toHaveLength(1);
  });
});

// Scale-out and lifecycle of the gateway as deploy/ runs it: two replicas against one cluster
// (both route, one Lease holder writes status, takeover after the leader is killed), and a
// SIGTERM under load that loses no request. Real dev cluster, real gateway processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleGateway, request, serviceYaml, startBackend, startBundledGateway, startCluster, startGateway, waitFor, type Backend, type TestCluster, type TestGateway } from '../testing/harness';

// Each gateway publishes its own bind address in Ingress status: the address there tells
// which replica wrote it. Pods of the dev cluster never use 127.0.0.x.
const A_ADDR = '127.0.0.2';
const B_ADDR = '127.0.0.3';
const SLOW_ADDR = '127.0.0.22';
// Short Lease timings (GATEWAY_LEASE_*): takeover is asserted against them.
const LEASE = { GATEWAY_LEASE_DURATION_S: '3', GATEWAY_LEASE_RENEW_S: '1', GATEWAY_LEASE_RETRY_S: '0.5' };
const RETRY_MS = 500;
// API round trip of the winning attempt on a shared 2-core machine: a margin, not the retry.
const API_SLACK_MS = 750;

let cluster: TestCluster;
let gwA: TestGateway | undefined;
let gwB: TestGateway | undefined;
let slow: Backend | undefined;
let bundleDir: string | undefined;
let bundled: TestGateway | undefined;

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  renewTime?: string;
  acquireTime?: string;
}

function lease(): LeaseSpec | undefined {
  try {
    return JSON.parse(cluster.kubectl(['get', 'lease', 'portico-gateway', '-n', 'portico-system', '-o', 'json'])).spec;
  } catch {
    return undefined;
  }
}

async function echoIngressIp(): Promise<string | undefined> {
  const ing = JSON.parse(await cluster.kubectlAsync(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json']));
  return ing.status?.loadBalancer?.ingress?.[0]?.ip;
}

const isLeader = async (g: TestGateway) => (await g.admin('/config')).body?.leader === true;
const exited = (g: TestGateway) => new Promise<void>((r) => (g.child.exitCode !== null || g.child.signalCode !== null ? r() : g.child.once('exit', () => r())));

beforeAll(async () => {
  cluster = await startCluster();
  slow = await startBackend('slow', SLOW_ADDR, 0);
  cluster.apply(
    serviceYaml('demo', 'slow', [{ address: SLOW_ADDR, port: slow.port }]) +
      `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: slow, namespace: demo}
spec:
  ingressClassName: portico
  rules:
  - http:
      paths:
      - {path: /slow, pathType: Prefix, backend: {service: {name: slow, port: {number: 80}}}}
`,
  );
}, 120_000);

afterAll(async () => {
  await gwA?.stop();
  await gwB?.stop();
  await bundled?.stop();
  await slow?.close();
  await cluster?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

describe('two gateway replicas against one cluster', () => {
  it('both route /echo; only the Lease holder writes status', async () => {
    gwA = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-a', BIND_ADDRESS: A_ADDR, ...LEASE });
    await waitFor(async () => lease()?.holderIdentity === 'gw-a' && (await isLeader(gwA!)), 'gw-a to take the Lease', 20_000, 200);
    await waitFor(async () => (await echoIngressIp()) === A_ADDR, 'the leader to write Ingress status', 15_000, 200);
    // the admin API stays on loopback 127.0.0.1 by default, whatever BIND_ADDRESS says
    const adminOnA = await request({ port: gwA.adminPort, address: A_ADDR, path: '/healthz' }).then((r) => String(r.status), (e: NodeJS.ErrnoException) => e.code);
    expect(adminOnA).toBe('ECONNREFUSED');

    gwB = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-b', BIND_ADDRESS: B_ADDR, ...LEASE });
    for (const [g, address] of [[gwA, A_ADDR], [gwB, B_ADDR]] as const) {
      const r = await waitFor(async () => {
        const x = await request({ port: g.httpPort, address, path: '/echo' });
        return x.status === 200 ? x : undefined;
      }, `/echo through ${address}`, 60_000, 200);
      expect(r.json().namespace).toBe('demo');
      expect(r.json().path).toBe('/echo');
    }
    // gw-b has built its snapshot and run several election rounds (every 0.5 s):
    // had it written status, the Ingress would now carry its address.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(lease()?.leaseDurationSeconds).toBe(3);
    // MicroTime as a real API server parses it: exactly six fractional digits
    expect(lease()?.renewTime).toMatch(/:\d\d\.\d{6}Z$/);
    expect(await isLeader(gwB)).toBe(false);
    expect(lease()?.holderIdentity).toBe('gw-a');
    expect(await echoIngressIp()).toBe(A_ADDR);
  }, 120_000);

  it('kill -9 the leader: the other takes the Lease within its duration + one retry and writes status', async () => {
    const before = lease();
    expect(before?.holderIdentity).toBe('gw-a');
    const duration = before?.leaseDurationSeconds ?? 0;
    expect(duration).toBe(3);
    gwA!.child.kill('SIGKILL');
    await exited(gwA!);
    const killedAt = Date.now();
    const lastRenew = Date.parse(lease()!.renewTime!);

    const after = await waitFor(() => {
      const l = lease();
      return l?.holderIdentity === 'gw-b' ? l : undefined;
    }, 'gw-b to take over', duration * 1000 + RETRY_MS + 5_000, 50);
    const tookOverAt = Date.parse(after.acquireTime!);
    console.log(`takeover ${tookOverAt - lastRenew} ms after the last renewal (${Date.now() - killedAt} ms after the kill), lease ${duration} s, retry ${RETRY_MS} ms`);
    expect(tookOverAt - lastRenew).toBeGreaterThanOrEqual(duration * 1000); // not before expiry
    expect(tookOverAt - lastRenew).toBeLessThanOrEqual(duration * 1000 + RETRY_MS + API_SLACK_MS);
    await waitFor(async () => (await echoIngressIp()) === B_ADDR, 'the new leader to write Ingress status', 10_000, 200);
    expect(await isLeader(gwB!)).toBe(true);
    expect((await request({ port: gwB!.httpPort, address: B_ADDR, path: '/echo' })).status).toBe(200);
  }, 60_000);

  it('SIGTERM the leader: it hands the Lease back and a follower takes it at its next retry, long before expiry', async () => {
    gwA = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-a2', BIND_ADDRESS: A_ADDR, ...LEASE });
    await new Promise((r) => setTimeout(r, 1_000)); // a few rounds as a follower
    expect(await isLeader(gwA)).toBe(false);
    const termAt = Date.now();
    gwB!.child.kill('SIGTERM');
    const after = await waitFor(() => {
      const l = lease();
      return l?.holderIdentity === 'gw-a2' ? l : undefined;
    }, 'gw-a2 to take over', 10_000, 50);
    const took = Date.parse(after.acquireTime!) - termAt;
    console.log(`handover ${took} ms after SIGTERM (lease 3 s)`);
    expect(took).toBeLessThan(3_000); // not an expiry: the Lease was released
    await exited(gwB!);
    await waitFor(async () => (await echoIngressIp()) === A_ADDR, 'the new leader to write Ingress status', 10_000, 200);
  }, 60_000);
});

interface Outcome {
  connectedAt?: number;
  endedAt: number;
  status?: number;
  error?: string;
}

/** One request on a fresh connection, with when it connected and when it ended. */
function slowRequest(port: number, address: string, delayMs: number, onConnect?: () => void): Promise<Outcome> {
  return new Promise((resolve) => {
    let connectedAt: number | undefined;
    const req = http.request({ host: address, port, path: `/slow?delay=${delayMs}`, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ connectedAt, endedAt: Date.now(), status: res.statusCode }));
      res.on('error', (e) => resolve({ connectedAt, endedAt: Date.now(), error: e.message }));
    });
    req.on('socket', (sock) => sock.on('connect', () => {
      connectedAt = Date.now();
      onConnect?.();
    }));
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ connectedAt, endedAt: Date.now(), error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}

/** The gateway as the image runs it: `node gateway.mjs`, bundled by deploy/bundle-gateway.mjs. */
async function startImageGateway(env: Record<string, string>): Promise<TestGateway> {
  bundleDir = mkdtempSync(path.join(tmpdir(), 'portico-gw-bundle-'));
  bundleGateway(bundleDir);
  bundled = await startBundledGateway(bundleDir, env);
  return bundled;
}

describe('SIGTERM under a bounded load', () => {
  it('readiness fails, every request already started completes 200, new connections are refused, exit 0', async () => {
    const gw = await startImageGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-c', BIND_ADDRESS: '127.0.0.1', GATEWAY_DRAIN_MS: '5000' });
    await waitFor(async () => (await request({ port: gw.httpPort, path: '/slow' })).status === 200, '/slow through gw-c', 20_000, 100);

    // Bounded load: 16 concurrent 2 s requests on fresh connections. As in deploy/gateway.yaml
    // (preStop sleep while the endpoints leave the load balancers), new connections stop
    // before SIGTERM: it comes 300 ms after the last one connected. Then the gateway must
    // finish all of them. (With no gap, a connection still in the accept queue when the
    // listener closes is reset: the gateway closes its listeners as readiness fails.)
    let termAt = Infinity;
    const outcomes: Outcome[] = [];
    let connected = 0;
    const hitsBefore = slow!.hits;
    const requests = Array.from({ length: 16 }, () => {
      const p = slowRequest(gw.httpPort, '127.0.0.1', 2_000, () => connected++);
      return p.then((o) => void outcomes.push(o));
    });
    await waitFor(() => connected === 16, 'all 16 requests to connect', 5_000, 10);
    await new Promise((r) => setTimeout(r, 300));
    const exit = new Promise<number | null>((r) => gw.child.once('exit', (code) => r(code)));
    const hitsAtTerm = slow!.hits;
    termAt = Date.now();
    gw.child.kill('SIGTERM');
    const readyz = await waitFor(async () => {
      const r = await gw.admin('/readyz');
      return r.status === 503 ? r : undefined;
    }, 'readiness to fail', 2_000, 20);
    expect(String(readyz.body)).toContain('draining');
    const late = await slowRequest(gw.httpPort, '127.0.0.1', 0);
    await Promise.all(requests);
    const code = await exit;

    const rel = (t?: number) => (t === undefined ? null : t - termAt);
    const inflight = outcomes.filter((o) => o.connectedAt! < termAt && o.endedAt > termAt);
    console.log(`SIGTERM drain: ${outcomes.length} requests, ${inflight.length} in flight at SIGTERM, ${hitsAtTerm - hitsBefore} had reached the backend`);
    const failed = outcomes.filter((o) => o.status !== 200);
    expect(failed.map((o) => ({ ...o, connectedAt: rel(o.connectedAt), endedAt: rel(o.endedAt) }))).toEqual([]);
    // the drain had work to do: all 16 were still running when SIGTERM came
    expect(inflight.length).toBe(16);
    expect(late.error).toBe('ECONNREFUSED');
    expect(code).toBe(0);
  }, 60_000);
});

describe('SIGTERM with a drain delay (GATEWAY_DRAIN_DELAY_MS), keep-alive clients under load', () => {
  it('readiness fails at once, listeners stay open for the delay, keep-alive ends with Connection: close, no request fails', async () => {
    const DELAY = 1_500;
    // as deploy/ runs it: admin API on every address (the kubelet probes the pod IP)
    const gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-d', BIND_ADDRESS: '127.0.0.1', GATEWAY_ADMIN_ADDRESS: '0.0.0.0', GATEWAY_ADMIN_TOKEN: 'scale-out-test-admin-token-0123456789', GATEWAY_DRAIN_DELAY_MS: String(DELAY), GATEWAY_DRAIN_MS: '5000', ...LEASE });
    expect((await request({ port: gw.adminPort, address: '127.0.0.5', path: '/readyz' })).status).toBe(200);
    await waitFor(async () => (await request({ port: gw.httpPort, path: '/slow' })).status === 200, '/slow through gw-d', 20_000, 100);
    const exit = new Promise<number | null>((r) => gw.child.once('exit', (code) => r(code)));

    // Bounded load: 6 keep-alive clients, at most 2,000 requests and 20 s. Like a Service's
    // endpoints, they stop sending 300 ms after they see the pod unready (well inside the delay).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const results: Array<{ sentAt: number; status?: number; connection?: string; error?: string }> = [];
    let stopSending = false;
    let unreadyAt = 0;
    const until = Date.now() + 20_000;
    const one = (via: http.Agent, into = results) =>
      new Promise<(typeof results)[number]>((resolve) => {
        const r: (typeof results)[number] = { sentAt: Date.now() };
        into.push(r);
        const req = http.get({ host: '127.0.0.1', port: gw.httpPort, path: '/slow?delay=20', agent: via }, (res) => {
          r.status = res.statusCode;
          r.connection = res.headers.connection;
          res.resume();
          res.on('end', () => resolve(r));
        });
        req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => {
          r.error = (e as NodeJS.ErrnoException).code ?? e.message;
          resolve(r);
        });
      });
    const clients = Array.from({ length: 6 }, async () => {
      while (!stopSending && results.length < 2_000 && Date.now() < until) await one(agent);
    });
    const watcher = (async () => {
      while (Date.now() < until) {
        if ((await request({ port: gw.adminPort, address: '127.0.0.5', path: '/readyz' }).catch(() => ({ status: 0 }))).status !== 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      unreadyAt = Date.now();
      await new Promise((r) => setTimeout(r, 300));
      stopSending = true;
    })();

    await new Promise((r) => setTimeout(r, 1_000));
    const termAt = Date.now();
    gw.child.kill('SIGTERM');
    // within the delay a new (keep-alive) connection is still served, and told to go away afterwards
    await new Promise((r) => setTimeout(r, 700));
    const fresh = new http.Agent({ keepAlive: true });
    const during = await one(fresh, []);
    fresh.destroy();
    await Promise.all([...clients, watcher]);
    // after the delay the listener is closed
    await new Promise((r) => setTimeout(r, Math.max(0, termAt + DELAY + 500 - Date.now())));
    const late = await request({ port: gw.httpPort, path: '/slow' }).then(
      (x) => `answered ${x.status}`,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    const code = await exit;
    agent.destroy();

    const afterTerm = results.filter((r) => r.sentAt > termAt + 100);
    console.log(`drain delay: ${results.length} requests, ${afterTerm.length} sent after SIGTERM, unready seen after ${unreadyAt - termAt} ms`);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(unreadyAt - termAt).toBeLessThan(DELAY / 2);
    expect(afterTerm.length).toBeGreaterThan(0);
    expect(afterTerm.every((r) => r.connection === 'close')).toBe(true);
    expect(during).toMatchObject({ status: 200, connection: 'close' });
    expect(late).toBe('ECONNREFUSED');
    expect(code).toBe(0);
  }, 60_000);
});

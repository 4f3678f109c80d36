// Scale-out and lifecycle of the gateway as deploy/ runs it: two replicas against one cluster
// (both route, one Lease holder writes status, takeover after the leader is killed), and a
// SIGTERM under load that loses no request. Real dev cluster, real gateway processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { request, serviceYaml, startBackend, startCluster, startGateway, waitFor, type Backend, type TestCluster, type TestGateway } from '../gateway/testing/harness';

// Each gateway publishes its own bind address in Ingress status: the address there tells
// which replica wrote it. Pods of the dev cluster never use 127.0.0.x.
const A_ADDR = '127.0.0.2';
const B_ADDR = '127.0.0.3';
const SLOW_ADDR = '127.0.0.22';

let cluster: TestCluster;
let gwA: TestGateway | undefined;
let gwB: TestGateway | undefined;
let slow: Backend | undefined;

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
  await slow?.close();
  await cluster?.stop();
});

describe('two gateway replicas against one cluster', () => {
  it('both route /echo; only the Lease holder writes status', async () => {
    gwA = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-a', BIND_ADDRESS: A_ADDR });
    await waitFor(async () => lease()?.holderIdentity === 'gw-a' && (await isLeader(gwA!)), 'gw-a to take the Lease', 20_000, 200);
    await waitFor(async () => (await echoIngressIp()) === A_ADDR, 'the leader to write Ingress status', 15_000, 200);

    gwB = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-b', BIND_ADDRESS: B_ADDR });
    for (const [g, address] of [[gwA, A_ADDR], [gwB, B_ADDR]] as const) {
      const r = await waitFor(async () => {
        const x = await request({ port: g.httpPort, address, path: '/echo' });
        return x.status === 200 ? x : undefined;
      }, `/echo through ${address}`, 60_000, 200);
      expect(r.json().namespace).toBe('demo');
      expect(r.json().path).toBe('/echo');
    }
    // gw-b has built its snapshot and run its first election round (at start, then every 5 s):
    // had it written status, the Ingress would now carry its address.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await isLeader(gwB)).toBe(false);
    expect(lease()?.holderIdentity).toBe('gw-a');
    expect(await echoIngressIp()).toBe(A_ADDR);
  }, 120_000);

  it('kill -9 the leader: the other takes the Lease once it expires and writes status', async () => {
    const before = lease();
    expect(before?.holderIdentity).toBe('gw-a');
    const duration = before?.leaseDurationSeconds ?? 0;
    expect(duration).toBeGreaterThan(0);
    gwA!.child.kill('SIGKILL');
    await exited(gwA!);
    const killedAt = Date.now();
    const lastRenew = Date.parse(lease()!.renewTime!);

    // The gateway retries every leaseDuration/3; allow one retry period past expiry.
    const retryMs = (duration * 1000) / 3;
    const after = await waitFor(() => {
      const l = lease();
      return l?.holderIdentity === 'gw-b' ? l : undefined;
    }, 'gw-b to take over', duration * 1000 + retryMs + 5_000, 200);
    const tookOverAt = Date.parse(after.acquireTime!);
    console.log(`takeover ${tookOverAt - lastRenew} ms after the last renewal (${Date.now() - killedAt} ms after the kill), lease ${duration} s`);
    expect(tookOverAt - lastRenew).toBeGreaterThanOrEqual(duration * 1000 - 1_000); // not before expiry
    expect(tookOverAt - lastRenew).toBeLessThanOrEqual(duration * 1000 + retryMs + 1_000);
    await waitFor(async () => (await echoIngressIp()) === B_ADDR, 'the new leader to write Ingress status', 10_000, 200);
    expect(await isLeader(gwB!)).toBe(true);
    expect((await request({ port: gwB!.httpPort, address: B_ADDR, path: '/echo' })).status).toBe(200);
  }, 60_000);
});

interface Outcome {
  startedBeforeTerm: boolean;
  /** still waiting for its answer when SIGTERM was sent */
  inflightAtTerm?: boolean;
  status?: number;
  error?: string;
}

/** One request on a fresh connection; records whether it was sent before SIGTERM. */
function slowRequest(port: number, address: string, termSent: () => boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const o: Outcome = { startedBeforeTerm: false };
    const req = http.request({ host: address, port, path: '/slow?delay=800', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ...o, inflightAtTerm: termSent(), status: res.statusCode }));
      res.on('error', (e) => resolve({ ...o, error: e.message }));
    });
    req.on('socket', (s) => s.on('connect', () => (o.startedBeforeTerm = !termSent())));
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ ...o, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}

describe('SIGTERM under a bounded load', () => {
  it('readiness fails, every request already started completes 200, new connections are refused, exit 0', async () => {
    const gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, POD_NAME: 'gw-c', GATEWAY_DRAIN_MS: '5000' });
    await waitFor(async () => (await request({ port: gw.httpPort, path: '/slow' })).status === 200, '/slow through gw-c', 20_000, 100);

    // 16 clients, each with one 800 ms request at a time, for at most 1.2 s of starts (bounded:
    // at most 16 x 3 requests). The load balancer stops sending new connections before the
    // SIGTERM (preStop in deploy/gateway.yaml); then the gateway must finish what it has.
    let term = false;
    let starting = true;
    const outcomes: Outcome[] = [];
    const client = async () => {
      for (let i = 0; i < 3 && starting; i++) outcomes.push(await slowRequest(gw.httpPort, '127.0.0.1', () => term));
    };
    const clients = Array.from({ length: 16 }, () => client());
    await new Promise((r) => setTimeout(r, 1_200));
    starting = false;
    await new Promise((r) => setTimeout(r, 100));
    const exit = new Promise<number | null>((r) => gw.child.once('exit', (code) => r(code)));
    term = true;
    gw.child.kill('SIGTERM');
    const readyz = await waitFor(async () => {
      const r = await gw.admin('/readyz');
      return r.status === 503 ? r : undefined;
    }, 'readiness to fail', 2_000, 20);
    expect(String(readyz.body)).toContain('draining');
    const late = await slowRequest(gw.httpPort, '127.0.0.1', () => true);
    await Promise.all(clients);
    const code = await exit;

    const started = outcomes.filter((o) => o.startedBeforeTerm);
    expect(started.length).toBe(outcomes.length);
    // the drain had work to do: the second round of every client was still running
    expect(outcomes.filter((o) => o.inflightAtTerm).length).toBeGreaterThanOrEqual(8);
    const failed = started.filter((o) => o.status !== 200);
    expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
    expect(late.error).toBe('ECONNREFUSED');
    expect(code).toBe(0);
  }, 60_000);
});

// The images, run as deploy/ runs them, against a fresh dev cluster: deploy/'s ServiceAccounts,
// ClusterRoles and bindings only (the dev cluster's own grants removed), the admin-token Secret,
// two gateway containers and one console container started with podman, each given what a
// kubelet gives a pod (KUBERNETES_SERVICE_HOST/PORT; token, ca.crt and namespace under
// /var/run/secrets/kubernetes.io/serviceaccount), a read-only root filesystem, uid 1000, no
// capabilities. Host networking: the containers reach the dev cluster and its pods (127.x.y.z)
// on this machine's loopback; each listens on its own ports.
// Needs the images (`npm run images`) and podman: `npm run test:in-cluster` (scripts/in-cluster.sh)
// builds them and runs this file with PORTICO_IN_CLUSTER_TEST=1; otherwise it is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { freePort, request, startCluster, waitFor, type TestCluster } from '../testing/harness';
import { deployDir, kustomize, type Obj } from './testing/kustomize';

const enabled = process.env.PORTICO_IN_CLUSTER_TEST === '1';
const TAG = process.env.PORTICO_IMAGE_TAG ?? '0.1.0';
const RUN_ID = `it${process.pid}`;
const podmanEnv = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? path.join(deployDir, 'images/containers.conf') };

function podman(args: string[], timeout = 60_000): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', timeout, env: podmanEnv });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

interface Container {
  name: string;
  logs(): string;
}

const containers: Container[] = [];
let cluster: TestCluster;
let work: string;
let adminToken: string;
let apiPort: string;
let rendered: Obj[];

/** The Secret volume a kubelet mounts: files readable by the pod's fsGroup (here: anyone). */
function volume(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  spawnSync('mkdir', ['-p', dir]);
  chmodSync(dir, 0o755);
  for (const [f, v] of Object.entries(files)) {
    writeFileSync(path.join(dir, f), v);
    chmodSync(path.join(dir, f), 0o644);
  }
  return dir;
}

/** The env a Deployment's container declares (deploy/), values only (fieldRefs are the caller's). */
function manifestEnv(deployment: string): Record<string, string> {
  const d = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === deployment)!;
  const out: Record<string, string> = {};
  for (const e of d.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>) if (e.value !== undefined) out[e.name] = e.value;
  return out;
}

/** Starts an image the way deploy/ runs it in a pod of `serviceAccount`. */
function runPod(name: string, image: string, serviceAccount: string, env: Record<string, string>, extraTmpfs: string[] = []): Container {
  const saDir = volume(`${name}-sa`, {
    token: readFileSync(path.join(cluster.dataDir, 'serviceaccounts', `${serviceAccount}.token`), 'utf8').trim(),
    'ca.crt': caPem(),
    namespace: 'portico-system',
  });
  const tokenDir = volume(`${name}-admin-token`, { token: adminToken });
  const full = { ...env, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: apiPort };
  const cname = `portico-${RUN_ID}-${name}`;
  podman([
    'run', '-d', '--name', cname, '--no-healthcheck',
    '--network', 'host',
    '--read-only', '--user', '1000:1000', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    '--tmpfs', '/tmp:rw,size=64m,mode=1777',
    ...extraTmpfs.flatMap((t) => ['--tmpfs', `${t}:rw,size=256m,mode=1777`]),
    '-v', `${saDir}:/var/run/secrets/kubernetes.io/serviceaccount:ro`,
    '-v', `${tokenDir}:/var/run/secrets/portico/gateway-admin:ro`,
    ...Object.entries(full).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    `${image}:${TAG}`,
  ]);
  const logs = () => {
    const r = spawnSync('podman', ['logs', '--tail', '300', cname], { encoding: 'utf8', env: podmanEnv });
    return `${r.stdout}${r.stderr}`;
  };
  const c = { name: cname, logs };
  containers.push(c);
  return c;
}

let ca: string | undefined;
function caPem(): string {
  if (!ca) {
    const kc = parseYaml(readFileSync(cluster.kubeconfig, 'utf8'));
    ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  }
  return ca;
}

interface Gw {
  pod: string;
  container: Container;
  http: number;
  admin: number;
}

async function startGatewayPod(pod: string): Promise<Gw> {
  const [http, https, admin] = [await freePort(), await freePort(), await freePort()];
  const container = runPod(pod, 'portico/gateway', 'portico-gateway', {
    ...manifestEnv('portico-gateway'),
    POD_NAME: pod,
    // Each container its own ports on the shared host network; HTTP/HTTPS on loopback only.
    BIND_ADDRESS: '127.0.0.1',
    GATEWAY_HTTP_PORT: String(http),
    GATEWAY_HTTPS_PORT: String(https),
    GATEWAY_ADMIN_PORT: String(admin),
    // The dev cluster's pods live on loopback addresses of its Node's podCIDR.
    GATEWAY_ALLOWED_UPSTREAM_CIDRS: cluster.podCIDR,
    GATEWAY_DRAIN_DELAY_MS: '0',
  });
  await waitFor(async () => (await request({ port: admin, path: '/readyz' })).status === 200, `${pod} readiness`, 90_000, 250).catch((e) => {
    throw new Error(`${(e as Error).message}\n${container.logs()}`);
  });
  return { pod, container, http, admin };
}

const adminGet = (g: Gw, p: string, token: string | null = adminToken) => request({ port: g.admin, path: p, headers: token ? { authorization: `Bearer ${token}` } : {} });
const isLeader = async (g: Gw) => JSON.parse((await adminGet(g, '/config')).body).leader === true;
const lease = () => JSON.parse(cluster.kubectl(['get', 'lease', 'portico-gateway', '-n', 'portico-system', '-o', 'json'])).spec as { holderIdentity?: string; renewTime?: string; acquireTime?: string; leaseDurationSeconds?: number };

let gwA: Gw;
let gwB: Gw;

describe.runIf(enabled)('deploy/ images in a dev cluster', () => {
  beforeAll(async () => {
    for (const img of ['gateway', 'console']) podman(['image', 'exists', `portico/${img}:${TAG}`]);
    work = mkdtempSync(path.join(tmpdir(), 'portico-in-cluster-'));
    chmodSync(work, 0o755);
    cluster = await startCluster();
    apiPort = new URL(parseYaml(readFileSync(cluster.kubeconfig, 'utf8')).clusters[0].cluster.server).port;
    await waitFor(() => existsSync(path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.token')), 'service account tokens', 10_000, 100);
    // Only deploy/'s RBAC: drop the dev cluster's own grants to the two ServiceAccounts.
    cluster.kubectl(['delete', 'clusterrolebinding', 'portico:gateway', 'portico:console', '--ignore-not-found']);
    cluster.kubectl(['delete', 'rolebinding', 'portico:console-accounts', '-n', 'portico-system', '--ignore-not-found']);
    rendered = kustomize();
    // Everything but the workloads (podman runs those) and the classes the dev cluster seeds.
    const applied = rendered.filter((o) => !['Deployment', 'PodDisruptionBudget'].includes(o.kind));
    cluster.apply(applied.map((o) => stringify(o)).join('---\n'));
    adminToken = randomBytes(32).toString('hex');
    cluster.kubectl(['-n', 'portico-system', 'create', 'secret', 'generic', 'portico-gateway-admin-token', `--from-literal=token=${adminToken}`]);
    // what the kubelet would mount: the Secret's value as stored
    adminToken = Buffer.from(cluster.kubectl(['-n', 'portico-system', 'get', 'secret', 'portico-gateway-admin-token', '-o', 'jsonpath={.data.token}']), 'base64').toString();
    gwA = await startGatewayPod('portico-gateway-a');
    await waitFor(() => lease()?.holderIdentity === 'portico-gateway-a', 'gateway a to take the Lease', 30_000, 250);
    gwB = await startGatewayPod('portico-gateway-b');
  }, 240_000);

  afterAll(async () => {
    for (const c of containers) spawnSync('podman', ['rm', '-f', '-t', '0', c.name], { env: podmanEnv, timeout: 60_000 });
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('the demo route answers through either gateway container', async () => {
    for (const g of [gwA, gwB]) {
      const r = await waitFor(async () => {
        const x = await request({ port: g.http, path: '/echo' });
        return x.status === 200 ? x : undefined;
      }, `/echo through ${g.pod}`, 60_000, 250);
      expect(r.json().path).toBe('/echo');
    }
    // Behind the Service (80 -> 8080, 443 -> 8443) a redirect names the public port: none.
    const echo = JSON.parse(cluster.kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json']));
    const backend = echo.spec.rules[0].http.paths[0].backend;
    cluster.apply(stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'redirect', namespace: 'demo', annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } },
      spec: { ingressClassName: 'portico', rules: [{ host: 'redirect.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] },
    }));
    const r = await waitFor(async () => {
      const x = await request({ port: gwB.http, host: 'redirect.example.com', path: '/a?b=1' });
      return x.status === 308 ? x : undefined;
    }, 'the ssl-redirect', 30_000, 250);
    expect(r.headers.location).toBe('https://redirect.example.com/a?b=1');
  }, 120_000);

  it('the admin API beyond loopback needs the Secret token; exactly one replica holds the Lease and writes status', async () => {
    for (const g of [gwA, gwB]) {
      expect((await adminGet(g, '/config', null)).status).toBe(401);
      expect((await adminGet(g, '/config', 'wrong-token-0123456789abcdef0123456789')).status).toBe(401);
      expect((await adminGet(g, '/readyz', null)).status).toBe(200);
    }
    expect([await isLeader(gwA), await isLeader(gwB)]).toEqual([true, false]);
    expect(lease().holderIdentity).toBe('portico-gateway-a');
    // GATEWAY_PUBLISH_SERVICE: the NodePort Service's address is the Node's, not a pod's loopback
    const node = JSON.parse(cluster.kubectl(['get', 'nodes', '-o', 'json'])).items[0];
    const nodeIps = (node.status.addresses as Array<{ type: string; address: string }>).filter((a) => ['ExternalIP', 'InternalIP'].includes(a.type)).map((a) => a.address);
    const ip = await waitFor(() => JSON.parse(cluster.kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json'])).status?.loadBalancer?.ingress?.[0]?.ip as string | undefined, 'Ingress status', 30_000, 250);
    expect(nodeIps).toContain(ip);
    // the follower never wrote: its status writer is idle (leader election gates it)
    const metrics = async (g: Gw) => (await adminGet(g, '/metrics')).body;
    expect(await metrics(gwA)).toMatch(/^portico_gateway_leader 1$/m);
    expect(await metrics(gwB)).toMatch(/^portico_gateway_leader 0$/m);
  }, 60_000);

  it('killing the leader moves the Lease within its duration + one retry; no request fails that one retry on the other replica would not cover', async () => {
    const duration = lease().leaseDurationSeconds!;
    const retryS = Number(manifestEnv('portico-gateway').GATEWAY_LEASE_RETRY_S ?? 2);
    // A client behind a Service: alternate replicas; a failed attempt is retried once on the other.
    const outcomes: Array<{ first: string; retried?: string }> = [];
    let stop = false;
    const one = async (g: Gw) => request({ port: g.http, path: '/echo', timeoutMs: 5_000 }).then((r) => String(r.status), (e: NodeJS.ErrnoException) => e.code ?? e.message);
    const load = (async () => {
      for (let i = 0; !stop && i < 5_000; i++) {
        const [g, other] = i % 2 ? [gwB, gwA] : [gwA, gwB];
        const o: { first: string; retried?: string } = { first: await one(g) };
        if (o.first !== '200') o.retried = await one(other);
        outcomes.push(o);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 1_000));
    podman(['kill', '-s', 'KILL', gwA.container.name]);
    const killedAt = Date.now();
    // its last renewal, read once it is dead
    const lastRenew = Date.parse(lease().renewTime!);
    const after = await waitFor(() => {
      const l = lease();
      return l.holderIdentity === 'portico-gateway-b' ? l : undefined;
    }, 'gateway b to take the Lease', (duration + retryS) * 1000 + 10_000, 100);
    const took = Date.parse(after.acquireTime!) - lastRenew;
    console.log(`in-cluster takeover ${took} ms after the last renewal (${Date.now() - killedAt} ms after the kill), lease ${duration} s, retry ${retryS} s`);
    await waitFor(() => isLeader(gwB), 'gateway b to report leadership', 10_000, 200);
    stop = true;
    await load;
    // documented: the Lease duration + one retry (+ an API round trip on a loaded machine)
    expect(took).toBeLessThanOrEqual((duration + retryS) * 1000 + 2_500);
    expect(outcomes.length).toBeGreaterThan(20);
    const unrecovered = outcomes.filter((o) => o.first !== '200' && o.retried !== '200');
    expect(unrecovered).toEqual([]);
    console.log(`in-cluster load during takeover: ${outcomes.length} requests, ${outcomes.filter((o) => o.retried).length} retried on the other replica`);
  }, 120_000);

  it('the console container signs in with the deploy/ identity and lists routes; its gateway status uses the Secret token', async () => {
    const port = await freePort();
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const consoleEnv = {
      ...manifestEnv('portico-console'),
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      // the Services' ClusterIPs are not routable here: the surviving gateway container directly
      GATEWAY_ADMIN_URL: `http://127.0.0.1:${gwB.admin}`,
      GATEWAY_URL: `http://127.0.0.1:${gwB.http}`,
      GATEWAY_HTTPS_URL: `https://127.0.0.1:${gwB.http + 0}`,
      PORTICO_ADMIN_PASSWORD: password,
    };
    const c = runPod('console', 'portico/console', 'portico-console', consoleEnv, ['/app/.next/cache']);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/icon.svg`)).ok, 'console readiness', 90_000, 250).catch((e) => {
      throw new Error(`${(e as Error).message}\n${c.logs()}`);
    });
    const cookie = await signIn(base, 'admin', password, c);
    const routes = await waitFor(async () => {
      const r = await fetch(`${base}/api/projects/demo/routes`, { headers: { cookie } });
      return r.ok ? ((await r.json()) as { rows?: Array<{ name: string }>; items?: Array<{ name: string }> }) : undefined;
    }, 'the routes of project demo', 30_000, 500).catch((e) => {
      throw new Error(`${(e as Error).message}\n${c.logs()}`);
    });
    const names = JSON.stringify(routes);
    expect(names).toContain('echo');
    // The Gateway page's read (/api/projects/demo/gateway): the console calls the gateway admin API
    // (beyond loopback, so only with the token it read from the mounted Secret) and builds the access table.
    const res = await fetch(`${base}/api/projects/demo/gateway`, { headers: { cookie } });
    const text = await res.text();
    if (!res.ok) throw new Error(`gateway overview: HTTP ${res.status}: ${text.slice(0, 800)}\n${c.logs()}`);
    const value = JSON.parse(text) as { health: { reachable: boolean; readyz?: number; config?: { ready?: boolean; namespaces?: string[] } }; accessMethods: Array<{ label: string; address: string; httpPort?: number; httpsPort?: number }> };
    expect(value.health).toMatchObject({ reachable: true, readyz: 200, config: { ready: true, namespaces: ['demo'] } });
    // deployed: the in-cluster access row is the gateway Service (80/443), not a listener's 8080
    const svc = JSON.parse(cluster.kubectl(['get', 'service', 'portico-gateway', '-n', 'portico-system', '-o', 'json']));
    expect(value.accessMethods[0]).toMatchObject({ label: 'Gateway Service (in cluster)', address: svc.spec.clusterIP ?? 'portico-gateway.portico-system.svc', httpPort: 80, httpsPort: 443 });
  }, 180_000);

  it('a ClusterRole with one verb fewer makes the documented error appear', async () => {
    // portico-gateway without "list" on the Gateway API kinds: the gateway names the missing grant.
    const role = rendered.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'portico-gateway')!;
    const cut = structuredClone(role);
    const rule = (cut.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>).find((r) => r.apiGroups.includes('gateway.networking.k8s.io') && r.resources.includes('httproutes') && r.verbs.includes('watch'))!;
    rule.verbs = rule.verbs.filter((v) => v !== 'list');
    cluster.apply(stringify(cut));
    const g = await startGatewayPod('portico-gateway-c');
    const problem = await waitFor(async () => {
      const cfg = JSON.parse((await adminGet(g, '/config')).body);
      return cfg.apiProblems && Object.keys(cfg.apiProblems).length ? JSON.stringify(cfg.apiProblems) : undefined;
    }, 'the missing grant to show in /config', 60_000, 500);
    expect(JSON.parse(problem)).toMatchObject({ HTTPRoute: 'forbidden', Gateway: 'forbidden' });
    // the documented log line (gateway/README.md, Lifecycle), naming the grant to add
    const line = await waitFor(() => g.container.logs().split('\n').find((l) => l.includes('cannot list httproutes.gateway.networking.k8s.io: forbidden (403)')), 'the log line', 10_000, 250);
    expect(line).toContain("Grant the gateway's ServiceAccount get/list/watch on httproutes.gateway.networking.k8s.io (ClusterRole portico-gateway, deploy/rbac-gateway.yaml)");
    // the Ingress half still serves
    expect((await request({ port: g.http, path: '/echo' })).status).toBe(200);
    cluster.apply(stringify(role));
  }, 120_000);
});

/** Signs in through the login form as a browser without JavaScript would (a server action post). */
async function signIn(base: string, username: string, password: string, c: Container): Promise<string> {
  const page = await (await fetch(`${base}/login`)).text();
  const form = new FormData();
  for (const m of page.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) form.append(name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  form.append('username', username);
  form.append('password', password);
  const r = await fetch(`${base}/login`, { method: 'POST', body: form, redirect: 'manual' });
  const cookie = r.headers.getSetCookie().map((s) => s.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`sign-in failed: ${r.status} ${(await r.text()).slice(0, 500)}\n${c.logs()}`);
  return cookie;
}

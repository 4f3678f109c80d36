// The gateway's own API client against the dev cluster over HTTPS (CA from the kubeconfig,
// bearer token), as in-cluster (ServiceAccount token and CA files), and against a TLS server
// that requires a client certificate; list + watch of a real resource.
import { execFileSync } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert, startCluster, waitFor, type TestCluster } from '@/testing/harness';
import { KubeApiError, KubeClient, type KubeList } from './client';
import { inClusterConnection, kubeconfigConnection, kubeconfigFile } from './config';
import { Informer } from './informer';

type Named = { metadata: { name: string; namespace?: string; resourceVersion?: string } };

let cluster: TestCluster;
const dir = mkdtempSync(path.join(tmpdir(), 'portico-kube-'));
const clients: KubeClient[] = [];
const keep = (c: KubeClient) => (clients.push(c), c);

beforeAll(async () => {
  cluster = await startCluster();
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface DevKubeconfig {
  clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ user: { token: string } }>;
}

describe('KubeClient against the dev cluster', () => {
  it('kubeconfig (YAML, CA data, token): lists in pages and watches a resource', async () => {
    const client = keep(new KubeClient(await kubeconfigFile(cluster.kubeconfig)));
    expect(client.conn.server).toMatch(/^https:\/\//);
    cluster.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-client}\n');
    const lists: string[][] = [];
    const events: string[] = [];
    const inf = new Informer<Named>(
      client,
      '/api/v1/configmaps',
      {
        onList: (items) =>
          lists.push(
            items.filter((o) => o.metadata.namespace === 'kube-client').map((o) => o.metadata.name),
          ),
        onEvent: (type, o) =>
          o.metadata.namespace === 'kube-client' && events.push(`${type} ${o.metadata.name}`),
        onError: (err) => events.push(`error ${String(err)}`),
      },
      2,
    );
    cluster.apply(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before, namespace: kube-client}\ndata: {a: "1"}\n',
    );
    await inf.start();
    expect(lists).toEqual([['before']]);
    cluster.apply(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after, namespace: kube-client}\ndata: {a: "1"}\n',
    );
    cluster.kubectl(['delete', 'configmap', 'before', '-n', 'kube-client']);
    await waitFor(() => events.length >= 2, 'two watch events');
    expect(events).toEqual(['ADDED after', 'DELETED before']);
    inf.stop();
  });

  it('a merge patch and a 404 / 401 carry the status code and the API server message', async () => {
    const conn = await kubeconfigFile(cluster.kubeconfig);
    const client = keep(new KubeClient(conn));
    await client.request(
      'PATCH',
      '/api/v1/namespaces/kube-client',
      { metadata: { labels: { patched: 'yes' } } },
      'application/merge-patch+json',
    );
    expect(
      JSON.parse(cluster.kubectl(['get', 'namespace', 'kube-client', '-o', 'json'])).metadata.labels
        .patched,
    ).toBe('yes');
    const missing = await client
      .get('/api/v1/namespaces/no-such-namespace')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KubeApiError);
    expect(missing).toMatchObject({ code: 404, body: { reason: 'NotFound' } });
    const wrong = keep(new KubeClient({ ...conn, authorization: async () => 'Bearer wrong' }));
    await expect(wrong.get('/api/v1/namespaces')).rejects.toMatchObject({ code: 401 });
  });

  it('in-cluster: the ServiceAccount token and CA files, the server from KUBERNETES_SERVICE_HOST/PORT', async () => {
    const kc = parse(readFileSync(cluster.kubeconfig, 'utf8')) as DevKubeconfig;
    const url = new URL(kc.clusters[0].cluster.server);
    writeFileSync(path.join(dir, 'token'), `${kc.users[0].user.token}\n`);
    writeFileSync(
      path.join(dir, 'ca.crt'),
      Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64'),
    );
    const conn = inClusterConnection(
      { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port },
      dir,
    );
    expect(conn.server).toBe(`https://${url.hostname}:${url.port}`);
    const client = keep(new KubeClient(conn));
    const ns = await client.get<KubeList<Named>>('/api/v1/namespaces');
    expect(ns.items.map((n) => n.metadata.name)).toContain('kube-client');
    // without the CA the dev cluster's certificate is not trusted
    const untrusted = keep(new KubeClient({ ...conn, ca: undefined }));
    await expect(untrusted.get('/api/v1/namespaces')).rejects.toThrow(/certificate/);
  });
});

/** Established TCP connections from this process to `port` (ss, as the kernel sees them). */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length;
}

describe('KubeClient over HTTP/2', () => {
  it('the dev cluster offers h2: eight watches and the requests beside them share one connection', async () => {
    const client = keep(new KubeClient(await kubeconfigFile(cluster.kubeconfig)));
    const port = Number(new URL(client.conn.server).port);
    const before = connectionsTo(port);
    cluster.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-h2}\n');
    const seen: string[] = [];
    const kinds = ['api/v1/configmaps', 'api/v1/secrets', 'api/v1/services', 'api/v1/pods', 'api/v1/events', 'apis/discovery.k8s.io/v1/endpointslices', 'apis/networking.k8s.io/v1/ingresses', 'apis/gateway.networking.k8s.io/v1/httproutes'];
    const informers = kinds.map(
      (k) =>
        new Informer<Named>(client, `/${k.replace(/[^/]+$/, (r) => `namespaces/kube-h2/${r}`)}`, {
          onList: () => {},
          onEvent: (type, o) => seen.push(`${k.split('/').pop()} ${type} ${o.metadata.name}`),
          onError: (err) => seen.push(`error ${String(err)}`),
        }, 30),
    );
    await Promise.all(informers.map((i) => i.start()));
    expect(client.protocol).toBe('h2');
    // requests while the watches stay open
    const lists = await Promise.all(Array.from({ length: 10 }, () => client.get<KubeList<Named>>('/api/v1/namespaces/kube-h2/configmaps')));
    expect(lists.every((l) => Array.isArray(l.items))).toBe(true);
    cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: over-h2, namespace: kube-h2}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: over-h2, namespace: kube-h2}\n');
    await waitFor(() => seen.includes('configmaps ADDED over-h2') && seen.includes('secrets ADDED over-h2'), 'both watches see their object', 10_000);
    expect(seen.filter((x) => x.startsWith('error'))).toEqual([]);
    expect(connectionsTo(port) - before).toBe(1);
    for (const i of informers) i.stop();
  });
  it('a connection that stops answering (no RST) is found by PING and replaced; the watch goes on over a new one', async () => {
    const conn = await kubeconfigFile(cluster.kubeconfig);
    const target = new URL(conn.server);
    // a TCP relay to the dev cluster that can freeze its connections: bytes stop, nothing closes
    let frozen = false;
    const pipes: net.Socket[] = [];
    const relay = net.createServer((down) => {
      const up = net.connect(Number(target.port), target.hostname);
      pipes.push(down, up);
      const pass = (from: net.Socket, to: net.Socket) => from.on('data', (d) => void (frozen || to.write(d)));
      pass(down, up);
      pass(up, down);
      const end = () => (down.destroy(), up.destroy());
      down.on('close', end).on('error', end);
      up.on('close', end).on('error', end);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const relayed = { ...conn, server: `https://127.0.0.1:${(relay.address() as AddressInfo).port}` };
    const client = keep(new KubeClient(relayed, { h2Ping: { everyMs: 300, timeoutMs: 300 } }));
    cluster.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-ping}\n');
    const seen: string[] = [];
    const inf = new Informer<Named>(client, '/api/v1/namespaces/kube-ping/configmaps', {
      onList: () => {},
      onEvent: (type, o) => seen.push(`${type} ${o.metadata.name}`),
      onError: (err) => seen.push(`error ${String(err)}`),
    }, 30);
    try {
      await inf.start();
      expect(client.protocol).toBe('h2');
      frozen = true; // the old connection goes silent; the next one (after the PING fails) passes again
      await waitFor(() => seen.some((x) => x.includes('no PING answer')), 'the PING timeout ends the silent connection', 10_000);
      const before = pipes.length;
      frozen = false;
      for (const p of pipes.slice(0, before)) p.destroy(); // what the kernel would do much later
      cluster.apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-ping, namespace: kube-ping}\n');
      await waitFor(() => seen.includes('ADDED after-ping'), 'the watch resumed over a new connection', 20_000);
      expect(pipes.length).toBeGreaterThan(before);
    } finally {
      inf.stop();
      relay.close();
      for (const p of pipes) p.destroy();
    }
  });
});

describe('KubeClient with a client certificate', () => {
  it('presents the kubeconfig client certificate; verifies the server by CA and tls-server-name', async () => {
    const serverCert = selfSignedCert('api.test', ['api.test']);
    const clientCert = selfSignedCert('portico-gateway');
    const server = https.createServer(
      {
        cert: serverCert.cert,
        key: serverCert.key,
        ca: clientCert.cert,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            cn: peer.subject?.CN,
            authorization: req.headers.authorization ?? null,
          }),
        );
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const kubeconfig = {
        'current-context': 'x',
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        clusters: [
          {
            name: 'c',
            cluster: {
              server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
              'certificate-authority-data': b64(serverCert.cert),
              'tls-server-name': 'api.test',
            },
          },
        ],
        users: [
          {
            name: 'u',
            user: {
              'client-certificate-data': b64(clientCert.cert),
              'client-key-data': b64(clientCert.key),
            },
          },
        ],
      };
      const client = keep(new KubeClient(kubeconfigConnection(kubeconfig, dir)));
      expect(await client.get('/who')).toEqual({ cn: 'portico-gateway', authorization: null });
      // this server offers HTTP/1.1 only (ALPN): the client goes on with it
      expect(client.protocol).toBe('http/1.1');
      expect(await client.get('/who')).toEqual({ cn: 'portico-gateway', authorization: null });
      // client certificate and key from files, relative to the kubeconfig's directory
      writeFileSync(path.join(dir, 'client.crt'), clientCert.cert);
      writeFileSync(path.join(dir, 'client.key'), clientCert.key);
      writeFileSync(
        path.join(dir, 'kubeconfig.json'),
        JSON.stringify({
          ...kubeconfig,
          users: [
            { name: 'u', user: { 'client-certificate': 'client.crt', 'client-key': 'client.key' } },
          ],
        }),
      );
      const fromFiles = keep(
        new KubeClient(await kubeconfigFile(path.join(dir, 'kubeconfig.json'))),
      );
      expect(await fromFiles.get('/who')).toEqual({ cn: 'portico-gateway', authorization: null });
      // no client certificate: the server refuses the handshake
      const anonymous = keep(
        new KubeClient(
          kubeconfigConnection({ ...kubeconfig, users: [{ name: 'u', user: {} }] }, dir),
        ),
      );
      await expect(anonymous.get('/who')).rejects.toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('an exec credential plugin supplies the bearer token; a kubeconfig without a usable context names the problem', async () => {
    const conn = kubeconfigConnection(
      {
        'current-context': 'x',
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                command: process.execPath,
                args: [
                  '-e',
                  'console.log(JSON.stringify({kind:"ExecCredential",status:{token:process.env.T+"/"+JSON.parse(process.env.KUBERNETES_EXEC_INFO).apiVersion}}))',
                ],
                env: [{ name: 'T', value: 'from-exec' }],
              },
            },
          },
        ],
      },
      dir,
    );
    expect(await conn.authorization()).toBe('Bearer from-exec/client.authentication.k8s.io/v1');
    expect(() =>
      kubeconfigConnection({ 'current-context': 'y', contexts: [] }, dir, 'kc.yaml'),
    ).toThrow('kc.yaml: no current context (current-context "y" is not among contexts)');
    expect(() =>
      kubeconfigConnection(
        {
          contexts: [{ name: 'x', context: { cluster: 'c' } }],
          clusters: [{ name: 'c', cluster: { server: 'ftp://x' } }],
        },
        dir,
      ),
    ).toThrow(/needs a server URL/);
  });
});

// The gateway's own API client against the dev cluster over HTTPS (CA from the kubeconfig,
// bearer token), as in-cluster (ServiceAccount token and CA files), and against a TLS server
// that requires a client certificate; list + watch of a real resource.
import https from 'node:https';
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

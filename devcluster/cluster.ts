/**
 * Composition root of the dev cluster: storage, registry, HTTPS API server, kubeconfig,
 * seed objects and built-in controllers.
 */
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import type { Socket } from 'node:net';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SqliteStore } from './store/sqlite-store';
import { ClusterRegistry } from './store/cluster-registry';
import { k8sSchema } from './store/schema';
import { createApiHandler, type Authorizer } from './api/handler';
import type { PodLogSource } from './api/pod-logs';
import { ensureCerts } from './server/certs';
import { ADMIN_USER, bearerAuthenticator, ensureAdminToken } from './server/auth';
import { writeKubeconfig } from './server/kubeconfig';
import { bootstrapNamespaces } from './store/bootstrap';
import { seed } from './seed';
import { startControllers } from './controllers';
import { setupAccessControl } from './auth';

export interface DevClusterOptions {
  port?: number;
  dataDir?: string;
  bindAddress?: string;
  /** Authorization hook (default: RBAC from the stored Roles and bindings, see devcluster/auth). */
  authorize?: Authorizer;
  /** Skip the built-in controllers (API-only tests). */
  controllers?: boolean;
  /** Skip seed objects other than the system namespaces. */
  seed?: boolean;
  /** Watch bookmark interval (ms). */
  bookmarkIntervalMs?: number;
  quiet?: boolean;
  /** EndpointSlice/Endpoints address ranges allowed beyond the pod CIDR (see controllers/endpoint-address-admission.ts). */
  allowedEndpointCidrs?: string;
}

export interface DevCluster {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caCert: string;
  registry: ClusterRegistry;
  close(): Promise<void>;
}

export async function startDevCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  const dataDir = path.resolve(options.dataDir ?? '.data');
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  mkdirSync(dataDir, { recursive: true });
  const certs = ensureCerts(dataDir, [...new Set(['127.0.0.1', 'localhost', bindAddress])]);
  const token = ensureAdminToken(dataDir);
  const store = new SqliteStore(path.join(dataDir, 'devcluster.db'));
  const registry = new ClusterRegistry(store, { schema: k8sSchema });
  bootstrapNamespaces(registry);
  if (options.seed !== false) seed(registry);
  const access = setupAccessControl(registry, dataDir, new Map([[token, ADMIN_USER]]));

  const watches = new Set<() => void>();
  let podLogs: PodLogSource | undefined;
  let address = '';
  const handler = createApiHandler({
    registry,
    authenticate: options.authorize ? bearerAuthenticator(new Map([[token, ADMIN_USER]])) : access.authenticate,
    authorize: options.authorize ?? access.authorize,
    serverAddress: () => address,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    podLogs: () => podLogs,
    onWatchOpen: (close) => {
      watches.add(close);
      return () => watches.delete(close);
    },
  });
  // HTTP/2 and HTTP/1.1 by ALPN, as kube-apiserver: kubectl and the gateway multiplex on h2; the
  // python and node clients speak HTTP/1.1. The handler uses what both protocols' request and
  // response objects share (node's HTTP/2 compatibility API).
  const server = http2.createSecureServer({ key: certs.key, cert: certs.cert, allowHTTP1: true });
  server.on('request', handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
  // HTTP/1.1 connections: the same keep-alive as before
  (server as unknown as http.Server).keepAliveTimeout = 30_000;
  const connections = new Set<Socket>();
  server.on('secureConnection', (socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 6443, bindAddress, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  address = `${bindAddress}:${port}`;
  const url = `https://${bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress}:${port}`;
  const kubeconfigPath = path.join(dataDir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url, certs.caCert, token);
  access.writeKubeconfigs(url, certs.caCert);

  const controllers = options.controllers === false ? { stop: async () => {} } : await startControllers(registry, { dataDir, allowedEndpointCidrs: options.allowedEndpointCidrs });
  if ('runtime' in controllers) podLogs = controllers.runtime;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await controllers.stop().catch((err) => console.error('[devcluster] stopping controllers:', err));
      for (const w of [...watches]) w();
      access.close();
      registry.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
      });
      store.close();
    })());

  return { url, port, kubeconfigPath, token, caCert: certs.caCert, registry, close };
}

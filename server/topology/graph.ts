import 'server-only';
import { X509Certificate } from 'node:crypto';
import type { EndpointSlice, Gateway, HTTPRoute, Ingress, ListenerSet, Pod, Secret, Service, TCPRoute, TLSRoute } from '@/lib/k8s';
import { buildTopology, type TlsSecretInfo, type TopoGraph } from '@/lib/topology';
import { getKubeClient } from '../kube';
import { cachedList } from '../kube/cache';
import { KubeError } from '../kube/errors';
import type { ResourceName } from '../kube/resources';
import { gatewayEndpoints } from '../queries/gateway';
import { canOpenProject } from '../auth/access';
import { gatewayState, gatewaysForProject } from './gateway-state';

const empty = <T>() => ({ items: [] as T[] });
/** Kinds a cluster may not serve (no Gateway API installed): treated as none. */
const orEmpty =
  <T>() =>
  (err: unknown) => {
    if (err instanceof KubeError && (err.code === 404 || err.code === 403)) return empty<T>();
    throw err;
  };

/** Only what diagnostics need from a TLS Secret: its expiry. The key never leaves the server. */
export function tlsInfo(secret: Pick<Secret, 'metadata' | 'type' | 'data'>): TlsSecretInfo {
  const name = secret.metadata?.name ?? '';
  const crt = secret.data?.['tls.crt'];
  if (!crt) return { name, type: secret.type, error: 'no tls.crt' };
  try {
    const cert = new X509Certificate(Buffer.from(crt, 'base64'));
    return { name, type: secret.type, notAfter: new Date(cert.validTo).toISOString() };
  } catch {
    return { name, type: secret.type, error: 'tls.crt is not a PEM certificate' };
  }
}

const forbidden = (project: string) =>
  new KubeError(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: `You may not read project ${project}` });

/**
 * Reads the project's routing objects and builds the graph. The shared Gateways and the
 * gateway's view of the project's endpoints are read only after the cluster confirmed the
 * signed-in user may open the project (both with the console's own standing, scoped to it).
 */
export async function getTopology(project: string): Promise<TopoGraph> {
  const kube = await getKubeClient();
  const listed = async <T>(resource: ResourceName) => ({ items: await cachedList<T>(resource, project, kube) });
  const allowed = canOpenProject(project);
  const shared = allowed.then(async (ok) => {
    if (!ok) throw forbidden(project);
    // no Gateway API, or none readable: the graph is still drawn, without Gateway listeners
    return Promise.all([gatewaysForProject(project).then((items) => ({ items }), () => empty<Gateway>()), gatewayState(project)]);
  });
  const [ingresses, httpRoutes, tcpRoutes, tlsRoutes, listenerSets, [gateways, gateway], services, slices, pods] = await Promise.all([
    listed<Ingress>('ingresses'),
    listed<HTTPRoute>('httproutes').catch(orEmpty<HTTPRoute>()),
    listed<TCPRoute>('tcproutes').catch(() => empty<TCPRoute>()),
    listed<TLSRoute>('tlsroutes').catch(() => empty<TLSRoute>()),
    // the project's own ListenerSets (routes attach to their listeners), read as the user
    kube.list<ListenerSet>('listenersets', project).catch(() => empty<ListenerSet>()),
    shared,
    listed<Service>('services'),
    listed<EndpointSlice>('endpointslices'),
    listed<Pod>('pods'),
  ]);
  const secretNames = new Set<string>(ingresses.items.flatMap((i) => (i.spec?.tls ?? []).flatMap((t) => (t.secretName ? [t.secretName] : []))));
  const tlsSecrets: TlsSecretInfo[] = [];
  await Promise.all(
    [...secretNames].map(async (name) => {
      const s = await kube.find<Secret>('secrets', project, name).catch(() => undefined);
      if (s) tlsSecrets.push(tlsInfo(s));
    }),
  );
  const e = gatewayEndpoints();
  return buildTopology(
    {
      namespace: project,
      ingresses: ingresses.items,
      httpRoutes: httpRoutes.items,
      tcpRoutes: tcpRoutes.items,
      tlsRoutes: tlsRoutes.items,
      gateways: gateways.items,
      listenerSets: listenerSets.items,
      services: services.items,
      endpointSlices: slices.items,
      pods: pods.items,
      tlsSecrets,
      gateway,
    },
    { httpPort: e.httpPort, httpsPort: e.httpsPort },
  );
}

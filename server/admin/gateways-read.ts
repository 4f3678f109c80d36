import 'server-only';
/**
 * The admin Gateways page's read (a route handler's, not a server action): every Gateway in
 * the cluster with its status, the namespaces a new one may go to, the GatewayClasses, and the
 * names of the TLS Secrets per namespace (the certificate picker; never their data).
 * Platform admins only: null for anyone else.
 */
import type { Gateway } from '@/lib/k8s';
import { apiPath } from '@/lib/k8s/kinds';
import { KubeError } from '../kube/errors';
import { getServiceKubeClient } from '../kube/client';
import { platformAdminSession } from './guard';

export interface AdminGateways {
  gateways: Gateway[];
  namespaces: string[];
  classes: string[];
  /** namespace -> names of its kubernetes.io/tls Secrets */
  tlsSecrets: Record<string, string[]>;
}

interface Named {
  metadata: { name: string; namespace?: string; deletionTimestamp?: string };
  type?: string;
}

const byName = (a: string, b: string) => a.localeCompare(b);

/** Reads what the page shows (with the console's identity, after the admin check). */
export async function listAdminGateways(): Promise<AdminGateways | null> {
  if (!(await platformAdminSession())) return null;
  const kube = await getServiceKubeClient();
  // No Gateway API on the cluster: an empty page, not an error.
  const orEmpty = <T>(p: Promise<{ items: T[] }>) => p.catch((err: unknown) => (err instanceof KubeError && err.code === 404 ? { items: [] as T[] } : Promise.reject(err)));
  const [gateways, namespaces, classes, secrets] = await Promise.all([
    orEmpty(kube.list<Gateway>('gateways', '')),
    kube.list<Named>('namespaces'),
    orEmpty(kube.call<{ items: Named[] }>('GET', apiPath('GatewayClass'))),
    kube.list<Named>('secrets', '', { fieldSelector: 'type=kubernetes.io/tls' }),
  ]);
  const tlsSecrets: Record<string, string[]> = {};
  for (const s of secrets.items) {
    // The dev cluster may not honour the field selector: filter again.
    if (s.type !== 'kubernetes.io/tls' || !s.metadata.namespace) continue;
    (tlsSecrets[s.metadata.namespace] ??= []).push(s.metadata.name);
  }
  for (const list of Object.values(tlsSecrets)) list.sort(byName);
  return {
    gateways: [...gateways.items].sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`)),
    namespaces: namespaces.items.filter((n) => !n.metadata.deletionTimestamp).map((n) => n.metadata.name).sort(byName),
    classes: classes.items.map((c) => c.metadata.name).sort(byName),
    tlsSecrets,
  };
}

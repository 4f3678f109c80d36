import 'server-only';
/**
 * The admin Gateways page's read (a route handler's, not a server action): every Gateway in
 * the cluster with its status, the namespaces a new one may go to, the GatewayClasses, and the
 * names of the TLS Secrets per namespace (the certificate picker; never their data).
 * Platform admins only: null for anyone else. Read as the admin, not with the console's identity.
 */
import type { Gateway } from '@/lib/k8s';
import { apiPath } from '@/lib/k8s/kinds';
import { KubeError } from '../kube/errors';
import { getKubeClient } from '../kube/request-client';
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

/** Reads what the page shows, as the signed-in admin (the cluster decides what they may list), after the admin check. */
export async function listAdminGateways(): Promise<AdminGateways | null> {
  if (!(await platformAdminSession())) return null;
  const kube = await getKubeClient();
  // No Gateway API on the cluster: an empty page, not an error.
  const orEmpty = <T>(p: Promise<{ items: T[] }>) => p.catch((err: unknown) => (err instanceof KubeError && err.code === 404 ? { items: [] as T[] } : Promise.reject(err)));
  const [gateways, namespaces, classes, secrets] = await Promise.all([
    orEmpty(kube.list<Gateway>('gateways', '')),
    kube.list<Named>('namespaces'),
    // The class picker is a convenience (it also takes a typed name): a refusal leaves it empty.
    kube.call<{ items: Named[] }>('GET', apiPath('GatewayClass')).catch(() => ({ items: [] as Named[] })),
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

import 'server-only';
/**
 * The BackendTLSPolicies of a project that target one Service (read as the signed-in user), with
 * their status per ancestor (the Gateway or route the gateway checked them for), and the CA
 * sources the form offers: the project's ConfigMaps and Secrets with a ca.crt (names only).
 */
import type { BackendTLSPolicy } from '@/lib/k8s';
import { apiPath } from '@/lib/k8s/kinds';
import { getKubeClient, KubeError } from '../kube';

export interface BackendTlsRow {
  name: string;
  hostname: string;
  /** "System", "ConfigMap/x" or "Secret/x" */
  ca: string;
  sans: string[];
  ancestors: { ref: string; conditions: { type: string; status: string; reason?: string; message?: string }[] }[];
  /** the whole object, for the edit form */
  object: BackendTLSPolicy;
}

export interface BackendTlsData {
  /** false when the cluster does not serve BackendTLSPolicy */
  served: boolean;
  rows: BackendTlsRow[];
}

const targets = (p: BackendTLSPolicy, service: string) => (p.spec.targetRefs ?? []).some((t) => (t.group ?? '') === '' && t.kind === 'Service' && t.name === service);

export async function listBackendTlsPolicies(project: string, service: string): Promise<BackendTlsData> {
  let items: BackendTLSPolicy[];
  try {
    items = (await (await getKubeClient()).list<BackendTLSPolicy>('backendtlspolicies', project)).items;
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return { served: false, rows: [] };
    throw err;
  }
  const rows = items
    .filter((p) => targets(p, service))
    .map((p): BackendTlsRow => {
      const v = p.spec.validation;
      const ca = v.wellKnownCACertificates ? v.wellKnownCACertificates : (v.caCertificateRefs ?? []).map((r) => `${r.kind}/${r.name}`).join(', ');
      return {
        name: p.metadata?.name ?? '',
        hostname: v.hostname,
        ca,
        sans: (v.subjectAltNames ?? []).map((s) => s.hostname ?? s.uri ?? ''),
        ancestors: (p.status?.ancestors ?? []).map((a) => ({
          ref: `${a.ancestorRef.kind ?? 'Gateway'} ${a.ancestorRef.namespace ? `${a.ancestorRef.namespace}/` : ''}${a.ancestorRef.name}${a.ancestorRef.sectionName ? `#${a.ancestorRef.sectionName}` : ''}`,
          conditions: (a.conditions ?? []).map((c) => ({ type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) })),
        })),
        object: p,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { served: true, rows };
}

/** ConfigMaps and Secrets of the project that hold a ca.crt (the form's CA choices); an unreadable kind gives none. */
export async function listCaSources(project: string): Promise<{ configMaps: string[]; secrets: string[] }> {
  const kube = await getKubeClient();
  type Named = { metadata: { name: string }; data?: Record<string, string> };
  const names = (p: Promise<{ items: Named[] }>) =>
    p.then((l) => l.items.filter((o) => o.data?.['ca.crt'] !== undefined).map((o) => o.metadata.name).sort()).catch(() => [] as string[]);
  const [configMaps, secrets] = await Promise.all([names(kube.call<{ items: Named[] }>('GET', apiPath('ConfigMap', project))), names(kube.list<Named>('secrets', project))]);
  return { configMaps, secrets };
}

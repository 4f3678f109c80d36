import 'server-only';
import { getKubeClient } from '../kube';
import { certificateFacts } from '../kube/certificates';
import type { TlsSecretSummary } from '@/lib/console/tls';

type SecretObj = { metadata: { name: string }; type?: string; data?: Record<string, string> };

function summarize(secret: SecretObj): TlsSecretSummary {
  const crt = secret.data?.['tls.crt'];
  const base = { name: secret.metadata.name, subject: '', issuer: '', sans: [], notBefore: '', notAfter: '' };
  if (!crt) return { ...base, error: 'secret has no tls.crt' };
  try {
    return { name: secret.metadata.name, ...certificateFacts(Buffer.from(crt, 'base64').toString('utf8')) };
  } catch (err) {
    return { ...base, error: (err as Error).message };
  }
}

/** TLS secrets of the project: names and certificate facts only, never key material. */
export async function getTlsSecrets(project: string): Promise<TlsSecretSummary[]> {
  const list = await (await getKubeClient()).list<SecretObj>('secrets', project, { fieldSelector: 'type=kubernetes.io/tls' });
  return list.items
    .filter((s) => s.type === 'kubernetes.io/tls')
    .map(summarize)
    .sort((a, b) => a.name.localeCompare(b.name));
}

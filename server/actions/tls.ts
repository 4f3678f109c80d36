'use server';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, invalid } from '../kube';
import { parseInput } from '../kube/guard';
import { objectName, projectName } from '../kube/validate';
import { certificateFacts, keyMismatch } from '../kube/certificates';
import { hostsNotCovered, type TlsSecretSummary } from '@/lib/console/tls';
import { getTlsSecrets } from '../queries/tls';

/** TLS secrets of the project: names and certificate facts only, never key material. */
export async function listTlsSecretsAction(project: string): Promise<ActionResult<TlsSecretSummary[]>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => getTlsSecrets(project));
}

const tlsInput = z.object({
  name: objectName,
  certificate: z.string().min(1, 'certificate is required'),
  key: z.string().min(1, 'key is required'),
});

/**
 * Creates a kubernetes.io/tls Secret after checking that the certificate and key parse and
 * match; with `hosts`, also that the certificate covers each host.
 */
export async function createTlsSecretAction(
  project: string,
  input: { name: string; certificate: string; key: string },
  opts: { hosts?: string[] } = {},
): Promise<ActionResult<TlsSecretSummary>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const i = parseInput(tlsInput, input);
  if (!i.ok) return i;
  const { name, certificate, key } = i.data;
  let facts;
  try {
    facts = certificateFacts(certificate);
  } catch (err) {
    return invalid((err as Error).message, [{ field: 'certificate', message: (err as Error).message }]);
  }
  const mismatch = keyMismatch(certificate, key);
  if (mismatch) return invalid(mismatch, [{ field: 'key', message: mismatch }]);
  const uncovered = hostsNotCovered(facts.sans, opts.hosts ?? []);
  if (uncovered.length) {
    const msg = `certificate does not cover ${uncovered.join(', ')} (it covers ${facts.sans.join(', ') || facts.subject})`;
    return invalid(msg, [{ field: 'certificate', message: msg }]);
  }
  return asResult(async () => {
    const kube = await getKubeClient();
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name, namespace: project },
      data: { 'tls.crt': Buffer.from(certificate).toString('base64'), 'tls.key': Buffer.from(key).toString('base64') },
    };
    // One create: the API answers a refused body the same way a dry run would.
    await kube.create('secrets', project, body);
    return { name, ...facts };
  });
}

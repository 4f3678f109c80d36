/** The admin kubeconfig (https + CA data, context portico-dev, namespace default). */
import { writeFileSync, renameSync } from 'node:fs';
import { stringify } from 'yaml';

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'portico-dev', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'portico-admin', user: { token } }],
    contexts: [{ name: 'portico-dev', context: { cluster: 'portico-dev', user: 'portico-admin', namespace: 'default' } }],
    'current-context': 'portico-dev',
    preferences: {},
  });
}

/** Written atomically so a reader never sees a half-written file. */
export function writeKubeconfig(file: string, server: string, caPem: string, token: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, kubeconfigYaml(server, caPem, token), { mode: 0o600 });
  renameSync(tmp, file);
}

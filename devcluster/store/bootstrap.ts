/**
 * The system namespaces a real API server creates for itself (its "system namespaces"
 * controller): default, kube-system, kube-public, kube-node-lease. Idempotent.
 */
import type { Registry } from './registry';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function bootstrapNamespaces(registry: Registry): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (!registry.get('namespaces', undefined, name)) {
      registry.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
}

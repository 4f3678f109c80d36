/** First-start objects: namespaces, the portico classes and the demo echo app. Idempotent. */
import type { Registry } from './store/registry';

export function seed(registry: Registry): void {
  void registry;
}

// What the gateway keeps of a watched object: everything routing and the status writer read,
// without the API server's and kubectl's bookkeeping. managedFields and kubectl's
// last-applied-configuration annotation (a second copy of the whole object as JSON) are
// often more than half of an object's size; dropping them shrinks the store, each worker's
// copy and every delta sent to the workers.
import type { KubeObject } from './store';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Meta = KubeObject['metadata'] & { managedFields?: unknown };

/** A shallow copy without the bookkeeping (the object itself is left alone), or `o` when it has none. */
export function slimObject<T extends KubeObject>(o: T): T {
  const m = o.metadata as Meta;
  const annotations = m.annotations;
  const lastApplied = annotations !== undefined && LAST_APPLIED in annotations;
  if (m.managedFields === undefined && !lastApplied) return o;
  const metadata: Meta = { ...m };
  delete metadata.managedFields;
  if (lastApplied) {
    const rest = { ...annotations };
    delete rest[LAST_APPLIED];
    metadata.annotations = rest;
  }
  return { ...o, metadata };
}

import { applyPatch, compare, deepClone, type Operation } from 'fast-json-patch';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Three-way rebase for "reload and keep my edits": the operations that turn `base` into
 * `mine` are replayed onto `latest`. Operations that no longer apply (the field was removed
 * by the other writer) are skipped. The result carries latest's resourceVersion.
 */
export function rebaseEdits(base: Obj, mine: Obj, latest: Obj): Obj {
  const ops = compare(base, mine).filter((op) => op.path !== '/metadata/resourceVersion');
  let out = deepClone(latest) as Obj;
  for (const op of ops) {
    try {
      out = applyPatch(out, [op as Operation], false, false).newDocument as Obj;
    } catch {
      /* the other writer removed what this edit touched: theirs wins for that field */
    }
  }
  out.metadata = { ...out.metadata, resourceVersion: latest.metadata?.resourceVersion };
  return out;
}

/** What a user writes: the object without status and the cluster's bookkeeping (compare with ===). */
export function userContent(obj: Obj): string {
  const { status: _s, ...rest } = obj; // eslint-disable-line @typescript-eslint/no-unused-vars
  const { resourceVersion: _r, managedFields: _m, generation: _g, ...metadata } = obj.metadata ?? {}; // eslint-disable-line @typescript-eslint/no-unused-vars
  return JSON.stringify({ ...rest, metadata });
}

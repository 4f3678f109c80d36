import { applyPatch, compare, deepClone, type Operation } from 'fast-json-patch';

import type { Manifest } from '@/lib/console/manifest';

/**
 * Three-way rebase for "reload and keep my edits": the operations that turn `base` into
 * `mine` are replayed onto `latest`. Operations that no longer apply (the field was removed
 * by the other writer) are skipped. The result carries latest's resourceVersion.
 */
export function rebaseEdits<T extends Manifest>(base: Manifest, mine: Manifest, latest: T): T & Manifest {
  const ops = compare(base, mine).filter((op) => op.path !== '/metadata/resourceVersion');
  let out = deepClone(latest) as T;
  for (const op of ops) {
    try {
      out = applyPatch(out, [op as Operation], false, false).newDocument as T;
    } catch {
      /* the other writer removed what this edit touched: theirs wins for that field */
    }
  }
  out.metadata = { ...out.metadata, resourceVersion: latest.metadata?.resourceVersion };
  return out;
}

/** What a user writes: the object without status and the cluster's bookkeeping (compare with ===). */
export function userContent(obj: Manifest): string {
  const { status: _s, ...rest } = obj; // eslint-disable-line @typescript-eslint/no-unused-vars
  const { resourceVersion: _r, managedFields: _m, generation: _g, ...metadata } = obj.metadata ?? {}; // eslint-disable-line @typescript-eslint/no-unused-vars
  return JSON.stringify({ ...rest, metadata });
}

type Result = { ok: true } | { ok: false; status: number };

/**
 * Saves `manifest`; when the cluster answers 409 but the latest version differs from `base`
 * (what the edit started from) only in status, e.g. the gateway published an address, the
 * edit is sent again on top of it. A real change by someone else still returns the 409.
 */
export async function applyOverStatusChanges<R extends Result>(manifest: Manifest, base: Manifest | undefined, apply: (m: Manifest) => Promise<R>, latest: () => Promise<Manifest | undefined>): Promise<R> {
  let r = await apply(manifest);
  for (let attempt = 0; base && attempt < 3 && !r.ok && r.status === 409; attempt++) {
    const now = await latest();
    if (!now || userContent(now) !== userContent(base)) break;
    r = await apply({ ...manifest, metadata: { ...manifest.metadata, resourceVersion: now.metadata?.resourceVersion } });
  }
  return r;
}

/**
 * "Reload and keep my edits" for an editor whose form writes onto `base`, a copy that a
 * YAML/JSON edit replaces. The edit is the difference from `origin`, the stored version it
 * began at (so YAML-only edits, including fields the form does not show, are part of it), and
 * is replayed onto `latest`. The rebased object becomes the form's new base (its hidden fields
 * are kept on the next form write) and `latest` the new origin (for the next 409).
 */
export function rebaseFromOrigin<T extends Manifest>(origin: Manifest, mine: Manifest, latest: T): { base: T & Manifest; origin: T } {
  return { base: rebaseEdits(origin, mine, latest), origin: latest };
}

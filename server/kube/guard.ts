import 'server-only';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { validateObject, type ObjectMeta } from '@/lib/k8s';
import { invalid } from './errors';
import { zodFieldErrors } from './validate';

/** Parses action input on the server; returns the data or a ready ActionResult failure. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): { ok: true; data: z.infer<S> } | Extract<ActionResult<never>, { ok: false }> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const fieldErrors = zodFieldErrors(r.error, prefix);
  const first = fieldErrors[0];
  return invalid(first ? `${first.field ? first.field + ': ' : ''}${first.message}` : 'invalid input', fieldErrors);
}

/** A manifest pinned to its project: metadata.namespace is set (the name may still be absent: generateName). */
export type PinnedManifest = Manifest & { metadata: ObjectMeta & { namespace: string } };

/** Pins a manifest to the project: a namespace different from the project is refused. */
export function pinToProject(project: string, manifest: Manifest): { ok: true; body: PinnedManifest } | Extract<ActionResult<never>, { ok: false }> {
  const ns = manifest.metadata?.namespace;
  if (ns && ns !== project) {
    return invalid(`metadata.namespace must be ${project} (the current project)`, [
      { field: 'metadata.namespace', message: `must be ${project}` },
    ]);
  }
  return { ok: true, body: { ...manifest, metadata: { ...manifest.metadata, namespace: project } } };
}

/** The API server's validation run locally (lib/k8s), so errors return before any call. */
export function validateManifest(body: unknown): Extract<ActionResult<never>, { ok: false }> | undefined {
  const causes = validateObject(body);
  if (!causes.length) return undefined;
  const first = causes[0]!;
  return invalid(`${first.field}: ${first.message}`, causes.map((c) => ({ field: c.field, message: c.message })));
}

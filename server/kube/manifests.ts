import 'server-only';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import type { KubeObject } from './client';
import { getKubeClient } from './request-client';
import { asResult, invalid } from './errors';
import { parseInput, pinToProject, validateManifest, type PinnedManifest } from './guard';
import type { ResourceName } from './resources';
import { manifestOf, objectName, projectName } from './validate';

/** One kind the console's server actions create, replace, read and delete. */
export interface ManifestKind {
  resource: ResourceName;
  /** Lower-case word for messages ("route", "service"). */
  label: string;
  /** Accepted manifests (apiVersion and kind checked, unknown fields kept). */
  manifest: ReturnType<typeof manifestOf>;
  /** Rule for object names of this kind. */
  name?: z.ZodType<string>;
  /** Refuse a manifest without metadata.name (no generateName). */
  requireName?: boolean;
}

export function manifestKind(resource: ResourceName, label: string, apiVersions: string[], kind: string, opts: Pick<ManifestKind, 'name' | 'requireName'> = {}): ManifestKind {
  return { resource, label, manifest: manifestOf(apiVersions, kind), ...opts };
}

type Failure = Extract<ActionResult<never>, { ok: false }>;

/** Server-side checks every write goes through: zod shape, project pinning, lib/k8s validation. */
function checkedBody(kind: ManifestKind, project: string, manifest: unknown): { ok: true; body: PinnedManifest } | Failure {
  const m = parseInput(kind.manifest, manifest);
  if (!m.ok) return m;
  const name = m.data.metadata.name;
  if (kind.requireName || name !== undefined) {
    const n = parseInput(kind.name ?? objectName, name, 'metadata.name');
    if (!n.ok) return n;
  }
  const pinned = pinToProject(project, m.data);
  if (!pinned.ok) return pinned;
  const bad = validateManifest(pinned.body);
  return bad ?? pinned;
}

function checkTarget(kind: ManifestKind, project: string, name: string): Failure | undefined {
  const p = parseInput(z.object({ project: projectName, name: kind.name ?? objectName }), { project, name });
  return p.ok ? undefined : p;
}

/**
 * Creates an object in the project: one server call that checks the input (zod, project
 * pinning, lib/k8s validation) and makes one API write. No dry run first: a refused create
 * stores nothing and reports the same Status causes a dry run would. With `dryRun` the one
 * write is a dry run (validate without storing).
 */
export async function createManifest(kind: ManifestKind, project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const checked = checkedBody(kind, project, manifest);
  if (!checked.ok) return checked;
  return asResult(async () => (await getKubeClient()).create(kind.resource, project, checked.body, opts.dryRun ? { dryRun: true } : {}));
}

/**
 * Replaces an object. The manifest should carry the resourceVersion it was read at: a 409
 * comes back as reason Conflict so the UI can offer reload-with-diff.
 */
export async function replaceManifest(kind: ManifestKind, project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const bad = checkTarget(kind, project, name);
  if (bad) return bad;
  const checked = checkedBody(kind, project, manifest);
  if (!checked.ok) return checked;
  const body = checked.body;
  if (body.metadata.name && body.metadata.name !== name) {
    return invalid(`metadata.name cannot change (was ${name}); create a new ${kind.label} instead`, [{ field: 'metadata.name', message: `must stay ${name}` }]);
  }
  body.metadata.name = name;
  const result = await asResult(async () => (await getKubeClient()).replace(kind.resource, project, name, body));
  if (!result.ok && result.status === 409) {
    return { ...result, reason: 'Conflict', message: `Someone else changed ${kind.label} ${name} since you loaded it. ${result.message}` };
  }
  return result;
}

export async function deleteManifest(kind: ManifestKind, project: string, name: string): Promise<ActionResult<{ name: string }>> {
  const bad = checkTarget(kind, project, name);
  if (bad) return bad;
  return asResult(async () => {
    await (await getKubeClient()).delete(kind.resource, project, name);
    return { name };
  });
}

export async function getManifest(kind: ManifestKind, project: string, name: string): Promise<ActionResult<KubeObject>> {
  const bad = checkTarget(kind, project, name);
  if (bad) return bad;
  return asResult(async () => (await getKubeClient()).get(kind.resource, project, name));
}

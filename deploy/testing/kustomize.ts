/** deploy/ rendered as kubectl builds it (built-in kustomize, offline), for the deploy tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, read freely by assertions
export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };

export function kustomize(dir = deployDir): Obj[] {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj);
}

/** An overlay in a temp dir that uses deploy/ plus the given components. */
export function overlay(components: string[]): Obj[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-deploy-overlay-'));
  try {
    const rel = path.relative(dir, deployDir);
    writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${rel}]\ncomponents: [${components.map((c) => `${rel}/components/${c}`).join(', ')}]\n`,
    );
    return kustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** deploy/'s RBAC objects whose names start with `prefix` (e.g. the gateway's or the console's). */
export function deployRbac(prefix: string): Obj[] {
  return kustomize().filter((o) => ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind) && o.metadata.name.startsWith(prefix));
}

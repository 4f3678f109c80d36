'use server';
/**
 * The Projects page: a project is a namespace labelled portico.dev/project=true (display name
 * and description in the annotations portico.dev/alias and portico.dev/description). Platform
 * admins create and delete them; the namespace is written as the signed-in admin
 * (impersonated, audited by the client), after the admin check of ./guard.ts.
 */
import type { ActionResult } from '@/lib/console/action-result';
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '@/lib/defaults';
import { MANAGED_BY_LABEL, PROJECT_LABEL, createProjectSchema, isSystemNamespace, projectNameSchema, zodFieldErrors, type CreateProjectInput } from '@/lib/console/admin-input';
import { RBAC_GROUP, apiPath, apiVersionOf } from '@/lib/k8s/kinds';
import { accessibleNamespaces } from '../auth/access';
import { getServiceKubeClient } from '../kube/client';
import { asResult, invalid } from '../kube/errors';
import { getKubeClient } from '../kube/request-client';
import { asPlatformAdmin, platformAdminSession } from './guard';

export interface ProjectRow {
  name: string;
  alias: string;
  description: string;
  created?: string;
}
export interface ProjectsOverview {
  admin: boolean;
  projects: ProjectRow[];
  /** Only for platform admins. */
  system: ProjectRow[];
}
export interface ProjectContents {
  ingresses: number;
  services: number;
  httproutes: number;
  tcproutes: number;
  pods: number;
}

interface Ns {
  metadata: { name: string; creationTimestamp?: string; annotations?: Record<string, string> };
}

const row = (n: Ns): ProjectRow => ({ name: n.metadata.name, alias: n.metadata.annotations?.[ANNOTATION_ALIAS] ?? '', description: n.metadata.annotations?.[ANNOTATION_DESCRIPTION] ?? '', created: n.metadata.creationTimestamp });

/** The projects the signed-in user can open; system namespaces apart, and only for platform admins. */
export async function projectsOverview(): Promise<ProjectsOverview> {
  const [names, admin] = await Promise.all([accessibleNamespaces(), platformAdminSession().then(Boolean)]);
  const allowed = new Set(names);
  // Annotations read with the console's identity; only namespaces the user passed the check for are shown.
  const all = (await (await getServiceKubeClient()).list<Ns>('namespaces')).items.filter((n) => allowed.has(n.metadata.name));
  const byName = (a: ProjectRow, b: ProjectRow) => a.name.localeCompare(b.name);
  return {
    admin,
    projects: all.filter((n) => !isSystemNamespace(n.metadata.name)).map(row).sort(byName),
    system: admin ? all.filter((n) => isSystemNamespace(n.metadata.name)).map(row).sort(byName) : [],
  };
}

/** Creates the namespace and binds the project admin (the named user, or the creator). */
export async function createProjectAction(input: CreateProjectInput): Promise<ActionResult<ProjectRow & { admin: string }>> {
  const parsed = createProjectSchema.safeParse(input);
  const name = typeof input?.name === 'string' ? input.name.slice(0, 63) : undefined;
  return asPlatformAdmin('create project', { name }, async (s) => {
    if (!parsed.success) return invalid('invalid project', zodFieldErrors(parsed.error));
    const { alias, description } = parsed.data;
    const admin = parsed.data.admin || s.u;
    return asResult(async () => {
      const kube = await getKubeClient();
      const annotations: Record<string, string> = {};
      if (alias) annotations[ANNOTATION_ALIAS] = alias;
      if (description) annotations[ANNOTATION_DESCRIPTION] = description;
      const ns = await kube.call<Ns>('POST', apiPath('Namespace'), {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: parsed.data.name, labels: { [PROJECT_LABEL]: 'true', [MANAGED_BY_LABEL]: 'portico' }, annotations } },
      });
      const binding = `portico-member-${admin.replace(/[^a-z0-9-]/g, '-')}`;
      await kube.call('POST', apiPath('RoleBinding', parsed.data.name), {
        body: {
          apiVersion: apiVersionOf('RoleBinding'),
          kind: 'RoleBinding',
          metadata: { name: binding, namespace: parsed.data.name, labels: { 'portico.dev/member': 'true' } },
          roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: 'portico:project-admin' },
          subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: admin }],
        },
      });
      return { ...row(ns), admin };
    });
  });
}

const validName = (n: unknown): n is string => typeof n === 'string' && projectNameSchema.safeParse(n).success;

/** What deleting the project removes with it (for the confirmation). */
export async function projectContentsAction(name: string): Promise<ActionResult<ProjectContents>> {
  if (!(await platformAdminSession())) return { ok: false, status: 403, reason: 'Forbidden', message: 'only platform admins may do this', fieldErrors: [] };
  if (!validName(name)) return invalid('name: not a project');
  return asResult(async () => {
    const kube = await getKubeClient();
    const count = (k: Parameters<typeof apiPath>[0]) => kube.call<{ items: unknown[] }>('GET', apiPath(k, name)).then((l) => l.items.length, () => 0);
    const [ingresses, services, httproutes, tcproutes, pods] = await Promise.all([count('Ingress'), count('Service'), count('HTTPRoute'), count('TCPRoute'), count('Pod')]);
    return { ingresses, services, httproutes, tcproutes, pods };
  });
}

/** Deletes the project's namespace (and everything in it). `confirm` must repeat the name. */
export async function deleteProjectAction(name: string, confirm: string): Promise<ActionResult<null>> {
  return asPlatformAdmin('delete project', { name: typeof name === 'string' ? name.slice(0, 63) : undefined }, async () => {
    if (!validName(name)) return invalid('name: not a project (system namespaces cannot be deleted here)');
    if (confirm !== name) return invalid('confirm: type the project name to delete it', [{ field: 'confirm', message: 'does not match the project name' }]);
    return asResult(async () => {
      const kube = await getKubeClient();
      await kube.call('DELETE', apiPath('Namespace', undefined, name));
      return null;
    });
  });
}

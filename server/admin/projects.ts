'use server';
/**
 * The Projects page: a project is a namespace labelled portico.dev/project=true (display name
 * and description in the annotations portico.dev/alias and portico.dev/description). Platform
 * admins create and delete them; the namespace is written as the signed-in admin
 * (impersonated, audited by the client), after the admin check of ./guard.ts.
 */
import type { ActionResult } from '@/lib/console/action-result';
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '@/lib/defaults';
import { MANAGED_BY_LABEL, PROJECT_LABEL, createProjectSchema, projectNameSchema, zodFieldErrors, type CreateProjectInput } from '@/lib/console/admin-input';
import { RBAC_GROUP, apiPath, apiVersionOf } from '@/lib/k8s/kinds';
import { asResult, invalid } from '../kube/errors';
import { getKubeClient } from '../kube/request-client';
import { asPlatformAdmin, platformAdminSession } from './guard';

import { projectRow, type Ns, type ProjectContents, type ProjectRow } from './projects-read';

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
      return { ...projectRow(ns), admin };
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

'use server';
/**
 * Project members: RoleBindings of the portico project roles, read and written as the
 * signed-in user (only project admins and platform admins pass the cluster's RBAC).
 */
import type { ActionResult } from '@/lib/console/action-result';
import { asResult, getKubeClient, invalid } from '../kube';
import { MEMBER_ROLES } from '@/lib/rbac/roles';
import { RBAC_GROUP, apiPath, apiVersionOf } from '@/lib/k8s/kinds';
import { validUsername } from './accounts';
import { isDNS1123Label } from '@/lib/k8s/validation/primitives';


export interface Member {
  binding: string;
  username: string;
  role: string;
}

interface RoleBinding {
  metadata: { name: string };
  roleRef: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string }>;
}

/** Server actions take input from the browser: a non-string is refused like a bad name. */
const validProject = (p: unknown) => typeof p === 'string' && isDNS1123Label(p).length === 0;

const bindingName = (username: string) => `portico-member-${username.replace(/[^a-z0-9-]/g, '-')}`.slice(0, 253);

export async function listMembersAction(project: string): Promise<ActionResult<Member[]>> {
  if (!validProject(project)) return invalid('project: not a valid namespace name');
  return asResult(async () => {
    const kube = await getKubeClient();
    const list = await kube.call<{ items: RoleBinding[] }>('GET', apiPath('RoleBinding', project));
    const out: Member[] = [];
    for (const b of list.items) {
      if (b.roleRef.kind !== 'ClusterRole' || !(MEMBER_ROLES as readonly string[]).includes(b.roleRef.name)) continue;
      for (const s of b.subjects ?? []) if (s.kind === 'User') out.push({ binding: b.metadata.name, username: s.name, role: b.roleRef.name });
    }
    return out.sort((a, b) => a.username.localeCompare(b.username));
  });
}

/** Binds a user to a project role (replacing the role the user had through the console). */
export async function bindMemberAction(project: string, username: string, role: string): Promise<ActionResult<Member>> {
  if (!validProject(project)) return invalid('project: not a valid namespace name');
  if (typeof username !== 'string' || !validUsername(username)) {
    return invalid('username: lowercase letters, digits, ".", "_" or "-"', [{ field: 'username', message: 'lowercase letters, digits, ".", "_" or "-"' }]);
  }
  if (!(MEMBER_ROLES as readonly string[]).includes(role)) return invalid(`role: must be one of ${MEMBER_ROLES.join(', ')}`, [{ field: 'role', message: 'unknown role' }]);
  return asResult(async () => {
    const kube = await getKubeClient();
    const name = bindingName(username);
    const body = {
      apiVersion: apiVersionOf('RoleBinding'),
      kind: 'RoleBinding',
      metadata: { name, namespace: project, labels: { 'portico.dev/member': 'true' } },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: username }],
    };
    // roleRef is immutable: a changed role means a new binding.
    try {
      await kube.call('DELETE', apiPath('RoleBinding', project, name));
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
    await kube.call('POST', apiPath('RoleBinding', project), { body });
    return { binding: name, username, role };
  });
}

export async function removeMemberAction(project: string, binding: string): Promise<ActionResult<null>> {
  if (!validProject(project) || typeof binding !== 'string' || !binding.startsWith('portico-member-')) return invalid('not a member binding');
  return asResult(async () => {
    const kube = await getKubeClient();
    await kube.call('DELETE', apiPath('RoleBinding', project, binding));
    return null;
  });
}

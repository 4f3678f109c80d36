import 'server-only';
/**
 * What the signed-in user may do, asked of the cluster (SelfSubjectAccessReview as that user):
 * the cluster's RBAC is the only judge; the console only hides what it would refuse.
 */
import { getServiceKubeClient } from '../kube/client';
import { getKubeClient } from '../kube/request-client';
import type { KubeClient } from '../kube/client';
import { KubeError } from '../kube/errors';
import { getRequestIdentity } from '../kube/identity';
import { ADMINS_GROUP } from './accounts';
import { AUTHORIZATION_GROUP, CONSOLE_KINDS, groupResource } from '@/lib/k8s/kinds';

export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Permission keys the UI asks about: `${verb}:${resource}` (resource as `plural.group`); registry: console.checks. */
export const PROJECT_CHECKS: Array<Omit<AccessCheck, 'namespace'>> = CONSOLE_KINDS.flatMap((k) => (k.console.checks ?? []).map((verb) => ({ verb, ...groupResource(k) })));

/** Any project role may list the project's routes: the check for opening a project. */
const OPEN_PROJECT = { verb: 'list', ...groupResource('Ingress') } as const;

export const permissionKey = (c: { verb: string; group: string; resource: string }) => `${c.verb}:${c.resource}${c.group ? `.${c.group}` : ''}`;

export async function canI(kube: KubeClient, c: AccessCheck): Promise<boolean> {
  try {
    const res = await kube.call<{ status?: { allowed?: boolean } }>('POST', `/apis/${AUTHORIZATION_GROUP}/v1/selfsubjectaccessreviews`, {
      body: { apiVersion: `${AUTHORIZATION_GROUP}/v1`, kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { ...c, namespace: c.namespace ?? '' } } },
    });
    return res.status?.allowed === true;
  } catch (err) {
    // Not even allowed to ask (anonymous): the answer is no.
    if (err instanceof KubeError && (err.code === 401 || err.code === 403)) return false;
    throw err;
  }
}

/** The user's permissions in a project, as a map of permission keys (see PROJECT_CHECKS). */
export async function projectPermissions(project: string): Promise<Record<string, boolean>> {
  const kube = await getKubeClient();
  const verdicts = await Promise.all(PROJECT_CHECKS.map((c) => canI(kube, { ...c, namespace: project }).catch(() => false)));
  return Object.fromEntries(PROJECT_CHECKS.map((c, i) => [permissionKey(c), verdicts[i]]));
}

/** May the user open the project at all? (Any project role lets them list its routes.) */
export async function canOpenProject(project: string): Promise<boolean> {
  const kube = await getKubeClient();
  return canI(kube, { ...OPEN_PROJECT, namespace: project }).catch(() => false);
}

/**
 * Platform admins (group portico:admins) may see gateway-wide state: every project's routes,
 * pods and addresses in the gateway's /config. The cluster knows no such permission, so the
 * console decides this one from the signed session (the groups the cluster impersonates).
 */
export async function isPlatformAdmin(): Promise<boolean> {
  const id = await getRequestIdentity();
  return id.impersonate && id.groups.includes(ADMINS_GROUP);
}

/**
 * Namespaces the user can access: all of them for whoever may list namespaces; otherwise
 * those where the user may list routes. The namespace names are read with the console's
 * own identity (users may not list namespaces), never shown unless the user passes the check.
 */
export async function accessibleNamespaces(): Promise<string[]> {
  const kube = await getKubeClient();
  if (await canI(kube, { verb: 'list', group: '', resource: 'namespaces' })) {
    const list = await kube.list('namespaces');
    return list.items.map((n) => n.metadata.name);
  }
  const service = await getServiceKubeClient();
  const all = (await service.list('namespaces')).items.map((n) => n.metadata.name);
  const ok = await Promise.all(all.map((ns) => canI(kube, { ...OPEN_PROJECT, namespace: ns }).catch(() => false)));
  return all.filter((_, i) => ok[i]);
}

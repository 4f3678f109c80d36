import 'server-only';
/**
 * What the signed-in user may do, asked of the cluster (SelfSubjectAccessReview as that user):
 * the cluster's RBAC is the only judge; the console only hides what it would refuse.
 */
import { getServiceKubeClient, observeWrites } from '../kube/client';
import { getKubeClient } from '../kube/request-client';
import type { KubeClient } from '../kube/client';
import { KubeError } from '../kube/errors';
import { getRequestIdentity } from '../kube/identity';
import { ADMINS_GROUP } from './accounts';
import { ExpiringAnswers, rulesAllow, type ResourceRule } from './rules';
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

/**
 * How long a user's rules in a namespace are reused. Short: a page and the navigation that
 * follows it share them; a RoleBinding changed elsewhere shows within this time, and member
 * changes made through this console clear them at once (forgetAccess).
 * PORTICO_ACCESS_RULES_TTL_MS overrides it (tests that bind roles with kubectl).
 */
export const RULES_TTL_MS = Number(process.env.PORTICO_ACCESS_RULES_TTL_MS) || 5_000;
type Rules = { rules: ResourceRule[]; incomplete: boolean };
// On globalThis: Next may load this module more than once per process (pages and route handlers).
const rulesCache = ((globalThis as Record<symbol, unknown>)[Symbol.for('portico.access.rules')] ??= new ExpiringAnswers<Rules>(RULES_TTL_MS, 10_000)) as ExpiringAnswers<Rules>;
const verdictCache = ((globalThis as Record<symbol, unknown>)[Symbol.for('portico.access.verdicts')] ??= new ExpiringAnswers<boolean>(RULES_TTL_MS, 10_000)) as ExpiringAnswers<boolean>;

/** Who is asking, for cache keys: never shared across users or group sets. */
const askerKey = (kube: KubeClient) => (kube.identity.impersonate ? JSON.stringify([kube.identity.username, kube.identity.groups]) : '(kubeconfig)');

/** Counted questions to the cluster (tests and benchmarks read them). */
export const accessReviewsAsked = { access: 0, rules: 0 };

/** The user's resource rules in a namespace: one SelfSubjectRulesReview per user, groups and namespace per RULES_TTL_MS. */
function rulesIn(kube: KubeClient, namespace: string): Promise<Rules> {
  return rulesCache.get(JSON.stringify([askerKey(kube), namespace]), async () => {
    accessReviewsAsked.rules++;
    try {
      const res = await kube.call<{ status?: { resourceRules?: ResourceRule[]; incomplete?: boolean } }>('POST', `/apis/${AUTHORIZATION_GROUP}/v1/selfsubjectrulesreviews`, {
        body: { apiVersion: `${AUTHORIZATION_GROUP}/v1`, kind: 'SelfSubjectRulesReview', spec: { namespace } },
      });
      return { rules: res.status?.resourceRules ?? [], incomplete: res.status?.incomplete === true };
    } catch (err) {
      // Not even allowed to ask (anonymous): no rules. Anything else: ask each question instead.
      if (err instanceof KubeError && (err.code === 401 || err.code === 403)) return { rules: [], incomplete: false };
      return { rules: [], incomplete: true };
    }
  });
}

/**
 * "May I", answered from the user's rules in the namespace when they are complete (one rules
 * review serves every question of a page); otherwise, and for cluster-scoped questions, an
 * access review, its verdict reused for RULES_TTL_MS for the same user and question.
 */
export async function mayI(kube: KubeClient, c: AccessCheck): Promise<boolean> {
  if (c.namespace) {
    const { rules, incomplete } = await rulesIn(kube, c.namespace);
    if (rulesAllow(rules, c)) return true;
    // Rules from RBAC are complete when the cluster says so; other authorizers (webhooks) may still allow.
    if (!incomplete) return false;
  }
  return verdictCache.get(JSON.stringify([askerKey(kube), c]), () => {
    accessReviewsAsked.access++;
    return canI(kube, c);
  });
}

/** Forgets remembered rules and verdicts: after this console changed who may do what (members, accounts). */
export function forgetAccess(): void {
  rulesCache.clear();
  verdictCache.clear();
}

// Who may do what changed through this console (members, projects, roles): ask afresh at once.
const RBAC_WRITE = /\/(rolebindings|clusterrolebindings|roles|clusterroles)(\/|$)|^\/api\/v1\/namespaces(\/[^/]+)?$/;
const g = globalThis as Record<symbol, unknown>;
if (!g[Symbol.for('portico.access.observer')]) {
  g[Symbol.for('portico.access.observer')] = true;
  observeWrites((_method, path) => {
    if (RBAC_WRITE.test(path)) forgetAccess();
  });
}

/** The user's permissions in a project, as a map of permission keys (see PROJECT_CHECKS). */
export async function projectPermissions(project: string): Promise<Record<string, boolean>> {
  const kube = await getKubeClient();
  const verdicts = await Promise.all(PROJECT_CHECKS.map((c) => mayI(kube, { ...c, namespace: project }).catch(() => false)));
  return Object.fromEntries(PROJECT_CHECKS.map((c, i) => [permissionKey(c), verdicts[i]]));
}

/** May the user open the project at all? (Any project role lets them list its routes.) */
export async function canOpenProject(project: string): Promise<boolean> {
  const kube = await getKubeClient();
  return mayI(kube, { ...OPEN_PROJECT, namespace: project }).catch(() => false);
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
  if (await mayI(kube, { verb: 'list', group: '', resource: 'namespaces' })) {
    const list = await kube.list('namespaces');
    return list.items.map((n) => n.metadata.name);
  }
  const service = await getServiceKubeClient();
  const all = (await service.list('namespaces')).items.map((n) => n.metadata.name);
  const ok = await Promise.all(all.map((ns) => mayI(kube, { ...OPEN_PROJECT, namespace: ns }).catch(() => false)));
  return all.filter((_, i) => ok[i]);
}

/**
 * The RBAC authorizer over live storage: a policy snapshot rebuilt lazily after any change to
 * Roles, ClusterRoles or their bindings. Watch events are delivered synchronously before a
 * write returns, so a binding is in force for the very next request.
 */
import type { Authorizer, RequestAttributes, UserInfo } from '../api/handler';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../lib/k8s';
import type { Registry } from '../store/registry';
import { stored } from '../store/typed';
import { RBAC_GROUP as RBAC } from '../../lib/k8s/groups';
import { forbiddenMessage, isAllowed, policyFromObjects, rulesFor, type Policy, type PolicyRule } from './rbac';

const RESOURCES = { roles: `roles.${RBAC}`, clusterRoles: `clusterroles.${RBAC}`, roleBindings: `rolebindings.${RBAC}`, clusterRoleBindings: `clusterrolebindings.${RBAC}` };

export interface RulesReviewStatus {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }>;
  incomplete: boolean;
}

export type RbacAuthorizer = Authorizer & {
  /** SelfSubjectRulesReview status for the user in a namespace. */
  rulesReview(user: UserInfo, namespace: string | undefined): RulesReviewStatus;
  policy(): Policy;
  close(): void;
};

export function createRbacAuthorizer(registry: Registry): RbacAuthorizer {
  let cached: Policy | undefined;
  const invalidate = () => {
    cached = undefined;
  };
  const unsubscribe = Object.values(RESOURCES).map((r) => registry.watch(r, {}, invalidate));
  const policy = (): Policy =>
    (cached ??= policyFromObjects({
      roles: registry.list(RESOURCES.roles).items.map((o) => stored<Role>(o)),
      clusterRoles: registry.list(RESOURCES.clusterRoles).items.map((o) => stored<ClusterRole>(o)),
      roleBindings: registry.list(RESOURCES.roleBindings).items.map((o) => stored<RoleBinding>(o)),
      clusterRoleBindings: registry.list(RESOURCES.clusterRoleBindings).items.map((o) => stored<ClusterRoleBinding>(o)),
    }));

  const authorize = ((attrs: RequestAttributes) => {
    const a = { ...attrs, user: attrs.user };
    return isAllowed(policy(), a) ? true : forbiddenMessage(a);
  }) as RbacAuthorizer;

  authorize.rulesReview = (user, namespace) => {
    if (user.groups.includes('system:masters')) {
      return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
    }
    const { resource, nonResource } = rulesFor(policy(), user, namespace);
    const strip = (r: PolicyRule) => Object.fromEntries(Object.entries(r).filter(([k, v]) => k !== 'nonResourceURLs' && Array.isArray(v) && v.length)) as RulesReviewStatus['resourceRules'][number];
    return {
      resourceRules: resource.map(strip),
      nonResourceRules: nonResource.map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs ?? [] })),
      incomplete: false,
    };
  };
  authorize.policy = policy;
  authorize.close = () => unsubscribe.forEach((u) => u());
  return authorize;
}

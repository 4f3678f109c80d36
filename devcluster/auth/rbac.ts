/**
 * RBAC evaluation as kube-apiserver's RBAC authorizer does it: a request is allowed when any
 * rule of any role bound to the user (ClusterRoleBindings everywhere, RoleBindings in their
 * namespace only) covers it. Pure: it works on a policy snapshot, never on storage.
 */
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../lib/k8s';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

export interface Binding {
  /** Set for RoleBindings, unset for ClusterRoleBindings. */
  namespace?: string;
  name: string;
  subjects: Subject[];
  roleRef: RoleRef;
}

export interface Policy {
  /** ClusterRole name -> rules. */
  clusterRoles: Map<string, PolicyRule[]>;
  /** `namespace/name` -> rules. */
  roles: Map<string, PolicyRule[]>;
  clusterRoleBindings: Binding[];
  /** namespace -> its RoleBindings. */
  roleBindings: Map<string, Binding[]>;
}

export interface Subjectish {
  name: string;
  groups: string[];
}

export interface Attributes {
  user: Subjectish;
  verb: string;
  resourceRequest: boolean;
  path?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** The group whose members pass every check (kube-apiserver's privileged group). */
export const MASTERS_GROUP = 'system:masters';

export function emptyPolicy(): Policy {
  return { clusterRoles: new Map(), roles: new Map(), clusterRoleBindings: [], roleBindings: new Map() };
}

const SA_PREFIX = 'system:serviceaccount:';

export function subjectMatches(s: Subject, user: Subjectish, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return !!ns && user.name === `${SA_PREFIX}${ns}:${s.name}`;
    }
    default:
      return false;
  }
}

const has = (list: string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function nonResourceMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceMatches(rule, a.path ?? '');
  if (!has(rule.apiGroups, a.group ?? '')) return false;
  if (!resourceMatches(rule, a.resource ?? '', a.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!a.name && names.includes(a.name));
}

function rulesOf(policy: Policy, ref: RoleRef, bindingNamespace: string | undefined): PolicyRule[] {
  if (ref.kind === 'ClusterRole') return policy.clusterRoles.get(ref.name) ?? [];
  if (ref.kind === 'Role' && bindingNamespace) return policy.roles.get(`${bindingNamespace}/${ref.name}`) ?? [];
  return [];
}

/**
 * The rules that apply to the user in a namespace (cluster-wide ones plus the namespace's
 * RoleBindings). RoleBindings never grant non-resource URLs, as in Kubernetes.
 */
export function rulesFor(policy: Policy, user: Subjectish, namespace?: string): { resource: PolicyRule[]; nonResource: PolicyRule[] } {
  const resource: PolicyRule[] = [];
  const nonResource: PolicyRule[] = [];
  for (const b of policy.clusterRoleBindings) {
    if (!b.subjects.some((s) => subjectMatches(s, user, undefined))) continue;
    for (const r of rulesOf(policy, b.roleRef, undefined)) (r.nonResourceURLs?.length ? nonResource : resource).push(r);
  }
  if (namespace) {
    for (const b of policy.roleBindings.get(namespace) ?? []) {
      if (!b.subjects.some((s) => subjectMatches(s, user, namespace))) continue;
      for (const r of rulesOf(policy, b.roleRef, namespace)) if (!r.nonResourceURLs?.length) resource.push(r);
    }
  }
  return { resource, nonResource };
}

export function isAllowed(policy: Policy, a: Attributes): boolean {
  if (a.user.groups.includes(MASTERS_GROUP)) return true;
  const { resource, nonResource } = rulesFor(policy, a.user, a.resourceRequest ? a.namespace : undefined);
  return (a.resourceRequest ? resource : nonResource).some((r) => ruleAllows(r, a));
}

/** kube-apiserver's wording for a refused request. */
export function forbiddenMessage(a: Attributes): string {
  if (!a.resourceRequest) return `forbidden: User "${a.user.name}" cannot ${a.verb} path "${a.path ?? ''}"`;
  const res = a.resource ?? '';
  const what = `${res}${a.group ? `.${a.group}` : ''}${a.name ? ` "${a.name}"` : ''}`;
  const combined = a.subresource ? `${res}/${a.subresource}` : res;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${what} is forbidden: User "${a.user.name}" cannot ${a.verb} resource "${combined}" in API group "${a.group ?? ''}" ${scope}`;
}

/** Builds a policy from stored RBAC objects (plain JSON as the API returns them). */
export function policyFromObjects(objs: {
  roles: ReadonlyArray<Pick<Role, 'metadata' | 'rules'>>;
  clusterRoles: ReadonlyArray<Pick<ClusterRole, 'metadata' | 'rules'>>;
  roleBindings: ReadonlyArray<Pick<RoleBinding, 'metadata' | 'subjects' | 'roleRef'>>;
  clusterRoleBindings: ReadonlyArray<Pick<ClusterRoleBinding, 'metadata' | 'subjects' | 'roleRef'>>;
}): Policy {
  const p = emptyPolicy();
  for (const r of objs.clusterRoles) p.clusterRoles.set(r.metadata.name ?? '', (r.rules ?? []) as PolicyRule[]);
  for (const r of objs.roles) p.roles.set(`${r.metadata.namespace}/${r.metadata.name}`, (r.rules ?? []) as PolicyRule[]);
  const binding = (b: Pick<RoleBinding, 'metadata' | 'subjects' | 'roleRef'>, namespace?: string): Binding | undefined =>
    b.roleRef ? { namespace, name: b.metadata.name ?? '', subjects: (b.subjects ?? []) as Subject[], roleRef: b.roleRef as RoleRef } : undefined;
  for (const b of objs.clusterRoleBindings) {
    const x = binding(b);
    if (x) p.clusterRoleBindings.push(x);
  }
  for (const b of objs.roleBindings) {
    const ns = b.metadata.namespace ?? '';
    const x = binding(b, ns);
    if (!x) continue;
    const list = p.roleBindings.get(ns) ?? [];
    list.push(x);
    p.roleBindings.set(ns, list);
  }
  return p;
}

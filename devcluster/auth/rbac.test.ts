/** RBAC evaluation, table-driven against the rules kube-apiserver applies. */
import { describe, expect, it } from 'vitest';
import { forbiddenMessage, isAllowed, policyFromObjects, ruleAllows, type Attributes, type PolicyRule } from './rbac';
import { bootstrapPolicyObjects } from './bootstrap-policy';

const alice = { name: 'alice', groups: ['system:authenticated'] };
const res = (verb: string, resource: string, extra: Partial<Attributes> = {}): Attributes => ({ user: alice, verb, resourceRequest: true, group: '', resource, ...extra });

describe('ruleAllows', () => {
  const cases: Array<[string, PolicyRule, Attributes, boolean]> = [
    ['exact verb/resource', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods'), true],
    ['other verb', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('list', 'pods'), false],
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, res('delete', 'pods'), true],
    ['other group', { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, res('get', 'pods'), false],
    ['group *', { verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }, res('get', 'deployments', { group: 'apps' }), true],
    ['resource * covers subresources', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, res('get', 'pods', { subresource: 'log' }), true],
    ['pods does not cover pods/status', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods', { subresource: 'status' }), false],
    ['pods/status exact', { verbs: ['update'], apiGroups: [''], resources: ['pods/status'] }, res('update', 'pods', { subresource: 'status' }), true],
    ['pods/status does not cover pods', { verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }, res('get', 'pods'), false],
    ['*/status', { verbs: ['patch'], apiGroups: ['*'], resources: ['*/status'] }, res('patch', 'ingresses', { group: 'networking.k8s.io', subresource: 'status' }), true],
    ['*/status not */scale', { verbs: ['patch'], apiGroups: ['*'], resources: ['*/status'] }, res('patch', 'deployments', { group: 'apps', subresource: 'scale' }), false],
    ['resourceNames match', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }, res('get', 'secrets', { name: 'tls' }), true],
    ['resourceNames other', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }, res('get', 'secrets', { name: 'db' }), false],
    ['resourceNames never allow list', { verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls'] }, res('list', 'secrets'), false],
    ['nonResource exact', { verbs: ['get'], nonResourceURLs: ['/version'] }, { user: alice, verb: 'get', resourceRequest: false, path: '/version' }, true],
    ['nonResource prefix *', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, { user: alice, verb: 'get', resourceRequest: false, path: '/apis/apps/v1' }, true],
    ['nonResource other', { verbs: ['get'], nonResourceURLs: ['/version'] }, { user: alice, verb: 'get', resourceRequest: false, path: '/metrics' }, false],
    ['resource rule never matches a path', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { user: alice, verb: 'get', resourceRequest: false, path: '/metrics' }, false],
  ];
  it.each(cases)('%s', (_n, rule, attrs, want) => expect(ruleAllows(rule, attrs)).toBe(want));
});

describe('bindings', () => {
  const RB = 'rbac.authorization.k8s.io';
  const policy = policyFromObjects({
    clusterRoles: [
      ...bootstrapPolicyObjects().filter((o) => o.object.kind === 'ClusterRole').map((o) => o.object as never),
      { metadata: { name: 'paths' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }] },
    ],
    roles: [{ metadata: { name: 'cm-reader', namespace: 'a' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }] }],
    roleBindings: [
      { metadata: { name: 'op', namespace: 'a' }, roleRef: { kind: 'ClusterRole', name: 'portico:project-operator', apiGroup: RB }, subjects: [{ kind: 'User', name: 'alice' }] },
      { metadata: { name: 'view', namespace: 'b' }, roleRef: { kind: 'ClusterRole', name: 'portico:project-viewer', apiGroup: RB }, subjects: [{ kind: 'Group', name: 'team-b' }] },
      { metadata: { name: 'cm', namespace: 'a' }, roleRef: { kind: 'Role', name: 'cm-reader', apiGroup: RB }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
      // A Role of another namespace is never reachable; RoleBindings never grant paths.
      { metadata: { name: 'cm', namespace: 'c' }, roleRef: { kind: 'Role', name: 'cm-reader', apiGroup: RB }, subjects: [{ kind: 'User', name: 'carol' }] },
      { metadata: { name: 'paths', namespace: 'a' }, roleRef: { kind: 'ClusterRole', name: 'paths', apiGroup: RB }, subjects: [{ kind: 'User', name: 'alice' }] },
    ],
    clusterRoleBindings: [
      { metadata: { name: 'admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: RB }, subjects: [{ kind: 'Group', name: 'portico:admins' }] },
    ],
  });
  const bob = { name: 'bob', groups: ['team-b', 'system:authenticated'] };
  const bot = { name: 'system:serviceaccount:a:bot', groups: ['system:serviceaccounts'] };
  const root = { name: 'root', groups: ['portico:admins'] };
  const masters = { name: 'm', groups: ['system:masters'] };
  const ing = { group: 'networking.k8s.io', resource: 'ingresses' };
  const cases: Array<[string, Attributes, boolean]> = [
    ['operator creates ingress in own project', res('create', 'ingresses', { ...ing, namespace: 'a' }), true],
    ['operator cannot touch another project', res('list', 'ingresses', { ...ing, namespace: 'b' }), false],
    ['operator cannot list ingresses cluster-wide', res('list', 'ingresses', ing), false],
    ['operator manages secrets', res('create', 'secrets', { namespace: 'a' }), true],
    ['operator cannot bind roles', res('create', 'rolebindings', { group: RB, namespace: 'a' }), false],
    ['operator reads pods', res('get', 'pods', { namespace: 'a', name: 'p' }), true],
    ['operator cannot delete pods', res('delete', 'pods', { namespace: 'a', name: 'p' }), false],
    ['operator reads endpointslices', res('list', 'endpointslices', { group: 'discovery.k8s.io', namespace: 'a' }), true],
    ['operator writes endpointslices (manual endpoints)', res('update', 'endpointslices', { group: 'discovery.k8s.io', namespace: 'a', name: 's' }), true],
    ['viewer cannot write endpointslices', { ...res('create', 'endpointslices', { group: 'discovery.k8s.io', namespace: 'b' }), user: bob }, false],
    ['RoleBinding never grants paths', { user: alice, verb: 'get', resourceRequest: false, path: '/metrics' }, false],
    ['viewer by group reads', { ...res('list', 'ingresses', { ...ing, namespace: 'b' }), user: bob }, true],
    ['viewer cannot create', { ...res('create', 'ingresses', { ...ing, namespace: 'b' }), user: bob }, false],
    ['viewer cannot read secrets', { ...res('get', 'secrets', { namespace: 'b', name: 's' }), user: bob }, false],
    ['service account subject (binding namespace)', { ...res('get', 'configmaps', { namespace: 'a', name: 'x' }), user: bot }, true],
    ['Role of another namespace does not resolve', { ...res('get', 'configmaps', { namespace: 'c', name: 'x' }), user: { name: 'carol', groups: [] } }, false],
    ['portico:admins get everything', { ...res('delete', 'namespaces', { name: 'a' }), user: root }, true],
    ['portico:admins get paths', { user: root, verb: 'get', resourceRequest: false, path: '/metrics' }, true],
    ['system:masters short-circuit', { ...res('escalate', 'clusterroles', { group: RB }), user: masters }, true],
    ['stranger gets nothing', { ...res('get', 'pods', { namespace: 'a', name: 'p' }), user: { name: 'eve', groups: ['system:authenticated'] } }, false],
  ];
  it.each(cases)('%s', (_n, attrs, want) => expect(isAllowed(policy, attrs)).toBe(want));
});

describe('forbidden message', () => {
  it('uses the kube-apiserver wording', () => {
    expect(forbiddenMessage(res('get', 'pods', { namespace: 'demo', name: 'p1', subresource: 'log' }))).toBe(
      'pods "p1" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "demo"',
    );
    expect(forbiddenMessage(res('list', 'ingresses', { group: 'networking.k8s.io' }))).toBe(
      'ingresses.networking.k8s.io is forbidden: User "alice" cannot list resource "ingresses" in API group "networking.k8s.io" at the cluster scope',
    );
    expect(forbiddenMessage({ user: alice, verb: 'get', resourceRequest: false, path: '/metrics' })).toBe('forbidden: User "alice" cannot get path "/metrics"');
  });
});

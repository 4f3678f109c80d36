/**
 * Built-in RBAC objects, reconciled on every start as kube-apiserver reconciles its bootstrap
 * roles: discovery for every authenticated user, cluster-admin for system:masters, the
 * portico project roles, and the console and gateway service identities.
 */
import type { KubeObject, Registry } from '../store/registry';
import type { PolicyRule } from './rbac';
import { CACHE_RESOURCES, CACHE_VERBS } from '../../lib/console/cache-rbac';
import {
  APPS_GROUP,
  AUTHENTICATION_GROUP,
  AUTHORIZATION_GROUP,
  COORDINATION_GROUP,
  DISCOVERY_GROUP,
  EVENTS_GROUP,
  GATEWAY_GROUP,
  NETWORKING_GROUP,
  RBAC_GROUP as RBAC,
} from '../../lib/k8s/groups';
import { apiVersionOf } from '../../lib/k8s/kinds';

export const SYSTEM_NS = 'portico-system';
export const CONSOLE_SA = 'portico-console';
export const GATEWAY_SA = 'portico-gateway';
export const ADMINS_GROUP = 'portico:admins';
export const PROJECT_ROLES = ['portico:project-admin', 'portico:project-operator', 'portico:project-viewer'] as const;

const RBAC_VERSION = apiVersionOf('ClusterRole');
const READ = ['get', 'list', 'watch'];
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults', 'app.kubernetes.io/part-of': 'portico' };

/** What a project viewer reads (no secrets: their data never leaves the cluster for viewers). */
const VIEW_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'pods/log', 'pods/status', 'services', 'services/status', 'endpoints', 'events', 'configmaps', 'serviceaccounts', 'persistentvolumeclaims'], verbs: READ },
  { apiGroups: [APPS_GROUP], resources: ['deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ },
  { apiGroups: [NETWORKING_GROUP], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  { apiGroups: [DISCOVERY_GROUP], resources: ['endpointslices'], verbs: READ },
  { apiGroups: [EVENTS_GROUP], resources: ['events'], verbs: READ },
  { apiGroups: [GATEWAY_GROUP], resources: ['*'], verbs: READ },
];

/** KubeSphere's project-regular: manage ingresses, httproutes, tcproutes, services (and their manual endpoints) and (TLS) secrets; read workloads. */
const OPERATOR_RULES: PolicyRule[] = [
  ...VIEW_RULES,
  { apiGroups: [NETWORKING_GROUP], resources: ['ingresses'], verbs: WRITE },
  { apiGroups: [''], resources: ['services', 'secrets'], verbs: WRITE },
  // manual endpoints of selectorless Services (the console's Endpoints panel)
  { apiGroups: [DISCOVERY_GROUP], resources: ['endpointslices'], verbs: WRITE },
  // listenersets: a project's own listeners on a shared Gateway that admits it; backendtlspolicies: TLS to its Services
  { apiGroups: [GATEWAY_GROUP], resources: ['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes', 'referencegrants', 'listenersets', 'backendtlspolicies'], verbs: WRITE },
];

const ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
];

function clusterRole(name: string, rules: PolicyRule[]): KubeObject {
  return { apiVersion: RBAC_VERSION, kind: 'ClusterRole', metadata: { name, labels: LABELS, annotations: AUTOUPDATE }, rules } as unknown as KubeObject;
}

function clusterRoleBinding(name: string, role: string, subjects: Array<Record<string, string>>): KubeObject {
  return {
    apiVersion: RBAC_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: LABELS, annotations: AUTOUPDATE },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects,
  } as unknown as KubeObject;
}

const group = (name: string) => ({ kind: 'Group', apiGroup: RBAC, name });
const sa = (name: string) => ({ kind: 'ServiceAccount', name, namespace: SYSTEM_NS });

export function bootstrapPolicyObjects(): Array<{ resource: string; object: KubeObject }> {
  const cr = (o: KubeObject) => ({ resource: `clusterroles.${RBAC}`, object: o });
  const crb = (o: KubeObject) => ({ resource: `clusterrolebindings.${RBAC}`, object: o });
  return [
    cr(clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }])),
    cr(clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*', '/version', '/version/', '/healthz', '/livez', '/readyz', '/swagger-2.0.0.pb-v1'], verbs: ['get'] }])),
    cr(clusterRole('system:basic-user', [
      { apiGroups: [AUTHORIZATION_GROUP], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: [AUTHENTICATION_GROUP], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ])),
    cr(clusterRole('portico:project-admin', [...ADMIN_RULES])),
    cr(clusterRole('portico:project-operator', OPERATOR_RULES)),
    cr(clusterRole('portico:project-viewer', VIEW_RULES)),
    cr(clusterRole('portico:console', [
      { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: READ },
      // Node addresses for the Access table's Node IP (as deploy/rbac-console.yaml grants them).
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      // The console's informer cache; each user's read is still checked by an access review.
      ...Object.entries(CACHE_RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: [...CACHE_VERBS] })),
      // GatewayClass supportedFeatures for the route forms (members may not read GatewayClasses).
      { apiGroups: [GATEWAY_GROUP], resources: ['gatewayclasses'], verbs: ['get', 'list'] },
    ])),
    cr(clusterRole('portico:gateway', [
      { apiGroups: [''], resources: ['services', 'endpoints', 'secrets', 'namespaces', 'pods', 'configmaps'], verbs: READ },
      { apiGroups: [DISCOVERY_GROUP], resources: ['endpointslices'], verbs: READ },
      { apiGroups: [NETWORKING_GROUP], resources: ['ingresses', 'ingressclasses'], verbs: READ },
      { apiGroups: [NETWORKING_GROUP], resources: ['ingresses/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [GATEWAY_GROUP], resources: ['*'], verbs: READ },
      { apiGroups: [GATEWAY_GROUP], resources: ['*/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['', EVENTS_GROUP], resources: ['events'], verbs: ['create', 'patch', 'update'] },
      { apiGroups: [COORDINATION_GROUP], resources: ['leases'], verbs: WRITE },
    ])),
    crb(clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')])),
    crb(clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated'), group('system:unauthenticated')])),
    crb(clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')])),
    crb(clusterRoleBinding('portico:admins', 'cluster-admin', [group(ADMINS_GROUP)])),
    crb(clusterRoleBinding('portico:console', 'portico:console', [sa(CONSOLE_SA)])),
    crb(clusterRoleBinding('portico:gateway', 'portico:gateway', [sa(GATEWAY_SA)])),
    {
      resource: `roles.${RBAC}`,
      object: {
        apiVersion: RBAC_VERSION,
        kind: 'Role',
        metadata: { name: 'portico:console-accounts', namespace: SYSTEM_NS, labels: LABELS, annotations: AUTOUPDATE },
        // The console keeps local accounts and its session key as Secrets here.
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: WRITE }],
      } as unknown as KubeObject,
    },
    {
      resource: `rolebindings.${RBAC}`,
      object: {
        apiVersion: RBAC_VERSION,
        kind: 'RoleBinding',
        metadata: { name: 'portico:console-accounts', namespace: SYSTEM_NS, labels: LABELS, annotations: AUTOUPDATE },
        roleRef: { apiGroup: RBAC, kind: 'Role', name: 'portico:console-accounts' },
        subjects: [sa(CONSOLE_SA)],
      } as unknown as KubeObject,
    },
    ...[CONSOLE_SA, GATEWAY_SA].map((name) => ({
      resource: 'serviceaccounts',
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: SYSTEM_NS, labels: { 'app.kubernetes.io/part-of': 'portico' } } } as KubeObject,
    })),
  ];
}

/** ServiceAccount objects are only written when the resource table serves them. */
function servable(registry: { def?: (resource: string) => unknown }, resource: string): boolean {
  try {
    registry.def?.(resource);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates missing built-ins and restores the rules/subjects of those still marked
 * autoupdate=true (an operator who sets it to "false" keeps their edits).
 */
export function reconcileBootstrapPolicy(registry: Registry & { def?: (resource: string) => unknown }): void {
  if (!registry.get('namespaces', undefined, SYSTEM_NS)) {
    registry.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NS, labels: { 'app.kubernetes.io/part-of': 'portico' } } });
  }
  for (const { resource, object } of bootstrapPolicyObjects()) {
    const ns = object.metadata.namespace;
    if (!servable(registry, resource)) continue;
    const current = registry.get(resource, ns, object.metadata.name!);
    if (!current) {
      registry.create(resource, ns, object);
      continue;
    }
    if (resource === 'serviceaccounts') continue;
    if (current.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'] === 'false') continue;
    const o = object as unknown as Record<string, unknown>;
    const c = current as unknown as Record<string, unknown>;
    if (JSON.stringify([c.rules, c.subjects]) === JSON.stringify([o.rules, o.subjects])) continue;
    registry.update(resource, ns, { ...current, ...('rules' in o ? { rules: o.rules } : {}), ...('subjects' in o ? { subjects: o.subjects } : {}) } as KubeObject);
  }
}

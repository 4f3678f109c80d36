/**
 * The one declarative table of every resource the dev cluster serves. Discovery, openapi,
 * routing, storage keys, field selectors and table output all read from it.
 */
import type { KubeObject } from '../store/registry';

export interface ResourceDef {
  group: string; // '' for core
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a /status subresource: main writes keep stored status; /status writes only status. */
  status?: boolean;
  /** Has a /scale subresource (autoscaling/v1 Scale). */
  scale?: boolean;
  /** metadata.generation is bumped when spec changes. */
  tracksGeneration?: boolean;
  /** A CustomResourceDefinition on a real cluster: strategic merge patch is refused (415). */
  crd?: boolean;
  /** A create-only review (SelfSubjectAccessReview...): answered, never stored. */
  review?: boolean;
  /** Per-kind field selector fields beyond metadata.name / metadata.namespace. */
  fields?: Record<string, (o: KubeObject) => string>;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const at = (o: KubeObject, ...path: string[]): unknown => {
  let cur: unknown = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};

const GW = 'gateway.networking.k8s.io';

export const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], status: true, fields: { 'status.phase': (o) => str(at(o, 'status', 'phase')) } },
  { group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true },
  { group: '', version: 'v1', plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] },
  {
    group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], status: true,
    fields: {
      'spec.nodeName': (o) => str(at(o, 'spec', 'nodeName')),
      'status.phase': (o) => str(at(o, 'status', 'phase')),
      'status.podIP': (o) => str(at(o, 'status', 'podIP')),
      'spec.restartPolicy': (o) => str(at(o, 'spec', 'restartPolicy')),
      'spec.serviceAccountName': (o) => str(at(o, 'spec', 'serviceAccountName')),
    },
  },
  { group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, fields: { type: (o) => str(o.type) } },
  { group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  {
    group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'],
    fields: {
      'involvedObject.kind': (o) => str(at(o, 'involvedObject', 'kind')),
      'involvedObject.namespace': (o) => str(at(o, 'involvedObject', 'namespace')),
      'involvedObject.name': (o) => str(at(o, 'involvedObject', 'name')),
      'involvedObject.uid': (o) => str(at(o, 'involvedObject', 'uid')),
      'involvedObject.apiVersion': (o) => str(at(o, 'involvedObject', 'apiVersion')),
      'involvedObject.resourceVersion': (o) => str(at(o, 'involvedObject', 'resourceVersion')),
      'involvedObject.fieldPath': (o) => str(at(o, 'involvedObject', 'fieldPath')),
      reason: (o) => str(o.reason),
      type: (o) => str(o.type),
      source: (o) => str(at(o, 'source', 'component')),
    },
  },
  { group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], status: true, fields: { 'spec.unschedulable': (o) => str(at(o, 'spec', 'unschedulable') ?? false) } },
  { group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true, scale: true, tracksGeneration: true },
  { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', singular: 'ingress', kind: 'Ingress', namespaced: true, shortNames: ['ing'], status: true, tracksGeneration: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', namespaced: false },
  { group: GW, version: 'v1', plural: 'gatewayclasses', singular: 'gatewayclass', kind: 'GatewayClass', namespaced: false, shortNames: ['gc'], categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: GW, version: 'v1', plural: 'gateways', singular: 'gateway', kind: 'Gateway', namespaced: true, shortNames: ['gtw'], categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: GW, version: 'v1', plural: 'httproutes', singular: 'httproute', kind: 'HTTPRoute', namespaced: true, categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: GW, version: 'v1', plural: 'grpcroutes', singular: 'grpcroute', kind: 'GRPCRoute', namespaced: true, categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: GW, version: 'v1beta1', plural: 'referencegrants', singular: 'referencegrant', kind: 'ReferenceGrant', namespaced: true, shortNames: ['refgrant'], categories: ['gateway-api'], tracksGeneration: true, crd: true },
  { group: GW, version: 'v1alpha2', plural: 'tcproutes', singular: 'tcproute', kind: 'TCPRoute', namespaced: true, categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: GW, version: 'v1alpha2', plural: 'tlsroutes', singular: 'tlsroute', kind: 'TLSRoute', namespaced: true, categories: ['gateway-api'], status: true, tracksGeneration: true, crd: true },
  { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease', namespaced: true },
  { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], status: true, tracksGeneration: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', singular: 'role', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', namespaced: true },
  { group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, review: true },
  { group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, review: true },
  { group: 'authentication.k8s.io', version: 'v1', plural: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', namespaced: false, review: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', namespaced: false },
];

/** Registry key: "<plural>" for core, "<plural>.<group>" otherwise. */
export function resourceKey(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

export function groupVersion(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

const byKey = new Map(RESOURCES.map((r) => [resourceKey(r), r]));
const byGvr = new Map(RESOURCES.map((r) => [`${groupVersion(r)}/${r.plural}`, r]));

export function resourceByKey(key: string): ResourceDef | undefined {
  return byKey.get(key);
}

export function resourceByPath(group: string, version: string, plural: string): ResourceDef | undefined {
  return byGvr.get(`${group ? `${group}/${version}` : version}/${plural}`);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** Group -> versions, in the order the table lists them (first is preferred). */
export function groupsAndVersions(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of RESOURCES) {
    const versions = out.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    out.set(r.group, versions);
  }
  return out;
}

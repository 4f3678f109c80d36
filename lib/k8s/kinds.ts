/**
 * Every kind the dev cluster serves and validates: where it lives in the API, its schema
 * and its name rule. Keys of the Registry are "<plural>" (core) or "<plural>.<group>".
 */
import type { z } from 'zod';
import * as core from './schemas/core';
import * as apps from './schemas/apps';
import * as discovery from './schemas/discovery';
import * as networking from './schemas/networking';
import * as gateway from './schemas/gateway';
import * as misc from './schemas/misc';
import type { NameRule } from './validation/common';

export interface KindInfo {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Which subresources the real API serves (status, scale). */
  subresources?: Array<'status' | 'scale'>;
  nameRule: NameRule;
  schema: z.ZodType;
}

const GW = 'gateway.networking.k8s.io';

export const KINDS: readonly KindInfo[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    nameRule: 'dns1123Label',
    schema: core.Namespace,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'dns1035Label',
    schema: core.Service,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    nameRule: 'dns1123Subdomain',
    schema: core.Endpoints,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: core.Pod,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
    schema: core.Secret,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    nameRule: 'dns1123Subdomain',
    schema: core.ConfigMap,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    nameRule: 'dns1123Subdomain',
    schema: core.Event,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: core.Node,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    nameRule: 'dns1123Subdomain',
    schema: apps.Deployment,
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
    schema: discovery.EndpointSlice,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: networking.Ingress,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
    nameRule: 'dns1123Subdomain',
    schema: networking.IngressClass,
  },
  {
    group: GW,
    version: 'v1',
    kind: 'GatewayClass',
    plural: 'gatewayclasses',
    singular: 'gatewayclass',
    namespaced: false,
    shortNames: ['gc'],
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.GatewayClass,
  },
  {
    group: GW,
    version: 'v1',
    kind: 'Gateway',
    plural: 'gateways',
    singular: 'gateway',
    namespaced: true,
    shortNames: ['gtw'],
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.Gateway,
  },
  {
    group: GW,
    version: 'v1',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    singular: 'httproute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.HTTPRoute,
  },
  {
    group: GW,
    version: 'v1',
    kind: 'GRPCRoute',
    plural: 'grpcroutes',
    singular: 'grpcroute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.GRPCRoute,
  },
  {
    group: GW,
    version: 'v1beta1',
    kind: 'ReferenceGrant',
    plural: 'referencegrants',
    singular: 'referencegrant',
    namespaced: true,
    shortNames: ['refgrant'],
    categories: ['gateway-api'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.ReferenceGrant,
  },
  {
    group: GW,
    version: 'v1alpha2',
    kind: 'TCPRoute',
    plural: 'tcproutes',
    singular: 'tcproute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.TCPRoute,
  },
  {
    group: GW,
    version: 'v1alpha2',
    kind: 'TLSRoute',
    plural: 'tlsroutes',
    singular: 'tlsroute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: gateway.TLSRoute,
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    singular: 'lease',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
    schema: misc.Lease,
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    schema: misc.PodDisruptionBudget,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    singular: 'role',
    namespaced: true,
    nameRule: 'pathSegment',
    schema: misc.Role,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    singular: 'clusterrole',
    namespaced: false,
    nameRule: 'pathSegment',
    schema: misc.ClusterRole,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    singular: 'rolebinding',
    namespaced: true,
    nameRule: 'pathSegment',
    schema: misc.RoleBinding,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    namespaced: false,
    nameRule: 'pathSegment',
    schema: misc.ClusterRoleBinding,
  },
];

export const apiVersionOf = (k: Pick<KindInfo, 'group' | 'version'>) =>
  k.group ? `${k.group}/${k.version}` : k.version;
export const resourceKeyOf = (k: Pick<KindInfo, 'group' | 'plural'>) =>
  k.group ? `${k.plural}.${k.group}` : k.plural;

/** "apps/v1" -> "apps"; "v1" -> "". */
export const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

const byGroupKind = new Map(KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
const byResource = new Map(KINDS.map((k) => [resourceKeyOf(k), k]));

/** Looks a kind up by apiVersion + kind (any version of the group: HTTPRoute v1beta1 too). */
export function kindInfo(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
}

export function kindInfoByResource(resource: string): KindInfo | undefined {
  return byResource.get(resource);
}

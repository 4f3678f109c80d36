/**
 * The kind registry: every kind the product knows, once. Where it lives in the API, its
 * name rule and (kind-schemas.ts, kept apart so the gateway loads no zod) its schema (the dev
 * cluster serves and validates from these), and what the rest
 * of the product does with it: the console's label, page and access reviews, whether the
 * console's live stream and informer cache follow it, whether the gateway watches it and
 * writes its status. Everything that lists kinds derives from KINDS; a new kind is one entry
 * here plus its schema and its views. Keys of the Registry are "<plural>" (core) or
 * "<plural>.<group>".
 */
import type { NameRule } from './validation/common';
import { APPS_GROUP, COORDINATION_GROUP, DISCOVERY_GROUP, GATEWAY_GROUP, NETWORKING_GROUP, POLICY_GROUP, RBAC_GROUP } from './groups';

export * from './groups';

/** The verbs the console asks access reviews about. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** How the console shows and follows a kind. Kinds with these facts are the console's resources (server/kube/resources.ts). */
export interface ConsoleFacts {
  /** Word for messages: "route", "service", "HTTPRoute". */
  readonly label: string;
  /** Heading and navigation label: "Routes", "HTTPRoutes". */
  readonly title: string;
  /** URL segment of its pages under /projects/<project>/ (Ingress: 'routes'); none without pages. */
  readonly route?: string;
  /** Verbs asked per project (SelfSubjectAccessReview); the answers are permission keys `verb:plural.group`. */
  readonly checks?: readonly Verb[];
  /** The live stream follows it per project: 'objects' sends each changed object, 'names' only names. */
  readonly stream?: 'names' | 'objects';
  /** The console's informer cache mirrors it (its identity needs get/list/watch: lib/console/cache-rbac.ts). */
  readonly cache?: boolean;
}

/** How the gateway watches a kind (gateway/controller/watcher.ts). */
export interface GatewayFacts {
  /** Where its objects go: a ClusterState field of lib/routing, or 'endpointSlices' (the endpoint table). */
  readonly field: string;
  /** May be absent (CRD not installed) or forbidden: the gateway serves without it and probes again. */
  readonly optional: boolean;
  /** The gateway writes its status: its own status writes must not trigger a rebuild. */
  readonly writesStatus?: boolean;
}

export interface KindInfo {
  readonly group: string;
  /** The version everyone reads and writes. */
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Which subresources the real API serves (status, scale). */
  readonly subresources?: ReadonlyArray<'status' | 'scale'>;
  /** Older versions a real cluster also serves for the group (manifests in them are recognised by kindInfo). */
  readonly servedVersions?: readonly string[];
  /** Condition types in its status that this product writes or reads (routes: per parent; Gateways: also per listener). */
  readonly conditions?: readonly string[];
  readonly console?: ConsoleFacts;
  readonly gateway?: GatewayFacts;
  readonly nameRule: NameRule;
}

/** Keeps each entry's literal facts (kind, plural, fields) in the type, so lookups by them are checked. */
function defineKinds<const T extends readonly KindInfo[]>(kinds: T): { readonly [I in keyof T]: T[I] & KindInfo } {
  return kinds as { readonly [I in keyof T]: T[I] & KindInfo }; // every element is a KindInfo already
}

const GW = GATEWAY_GROUP;
const ROUTE_WRITES = ['create', 'update', 'delete'] as const;
const ROUTE_CONDITIONS = ['Accepted', 'ResolvedRefs'] as const;

export const KINDS = defineKinds([
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
    console: { label: 'project', title: 'Projects' },
    gateway: { field: 'namespaces', optional: true },
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
    console: { label: 'service', title: 'Services', route: 'services', checks: ['create', 'update', 'delete', 'patch'], stream: 'objects', cache: true },
    gateway: { field: 'services', optional: false },
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
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'],
    console: { label: 'pod', title: 'Pods', stream: 'names', cache: true },
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
    console: { label: 'secret', title: 'Secrets', checks: ['create'] },
    gateway: { field: 'secrets', optional: false },
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
    // only those with a ca.crt are kept (BackendTLSPolicy CA bundles); optional: serving goes on without them
    gateway: { field: 'configMaps', optional: true },
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
    console: { label: 'event', title: 'Events', stream: 'names' },
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
    conditions: ['Ready'],
  },
  {
    group: APPS_GROUP,
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    nameRule: 'dns1123Subdomain',
    conditions: ['Available', 'Progressing', 'ReplicaFailure'],
    console: { label: 'deployment', title: 'Deployments' },
  },
  {
    group: DISCOVERY_GROUP,
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    singular: 'endpointslice',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
    console: { label: 'endpoint slice', title: 'EndpointSlices', checks: ['create'], stream: 'names', cache: true },
    gateway: { field: 'endpointSlices', optional: false },
  },
  {
    group: NETWORKING_GROUP,
    version: 'v1',
    kind: 'Ingress',
    plural: 'ingresses',
    singular: 'ingress',
    namespaced: true,
    shortNames: ['ing'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    console: { label: 'route', title: 'Routes', route: 'routes', checks: ROUTE_WRITES, stream: 'objects', cache: true },
    gateway: { field: 'ingresses', optional: false, writesStatus: true },
  },
  {
    group: NETWORKING_GROUP,
    version: 'v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    singular: 'ingressclass',
    namespaced: false,
    nameRule: 'dns1123Subdomain',
    console: { label: 'ingress class', title: 'IngressClasses' },
    gateway: { field: 'ingressClasses', optional: false },
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
    servedVersions: ['v1beta1'],
    conditions: ['Accepted'],
    gateway: { field: 'gatewayClasses', optional: true, writesStatus: true },
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
    servedVersions: ['v1beta1'],
    conditions: ['Accepted', 'Programmed', 'ResolvedRefs', 'Conflicted'],
    console: { label: 'Gateway', title: 'Gateways', checks: ['update'], cache: true },
    gateway: { field: 'gateways', optional: true, writesStatus: true },
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
    servedVersions: ['v1beta1'],
    conditions: [...ROUTE_CONDITIONS, 'PartiallyInvalid'],
    console: { label: 'HTTPRoute', title: 'HTTPRoutes', route: 'httproutes', checks: ROUTE_WRITES, stream: 'objects', cache: true },
    gateway: { field: 'httpRoutes', optional: true, writesStatus: true },
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
    conditions: [...ROUTE_CONDITIONS, 'PartiallyInvalid'],
    console: { label: 'GRPCRoute', title: 'GRPCRoutes', route: 'grpcroutes', checks: ROUTE_WRITES, stream: 'objects' },
    gateway: { field: 'grpcRoutes', optional: true, writesStatus: true },
  },
  {
    group: GW,
    version: 'v1',
    kind: 'ReferenceGrant',
    plural: 'referencegrants',
    singular: 'referencegrant',
    namespaced: true,
    shortNames: ['refgrant'],
    categories: ['gateway-api'],
    nameRule: 'dns1123Subdomain',
    servedVersions: ['v1beta1'],
    gateway: { field: 'referenceGrants', optional: true },
  },
  {
    group: GW,
    version: 'v1',
    kind: 'TCPRoute',
    plural: 'tcproutes',
    singular: 'tcproute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    servedVersions: ['v1alpha2'],
    conditions: ROUTE_CONDITIONS,
    console: { label: 'TCPRoute', title: 'TCPRoutes', route: 'tcproutes', checks: ROUTE_WRITES, stream: 'objects', cache: true },
    gateway: { field: 'tcpRoutes', optional: true, writesStatus: true },
  },
  {
    group: GW,
    version: 'v1',
    kind: 'TLSRoute',
    plural: 'tlsroutes',
    singular: 'tlsroute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    servedVersions: ['v1alpha2', 'v1alpha3'],
    conditions: ROUTE_CONDITIONS,
    console: { label: 'TLSRoute', title: 'TLSRoutes', route: 'tlsroutes', checks: ROUTE_WRITES, stream: 'objects', cache: true },
    gateway: { field: 'tlsRoutes', optional: true, writesStatus: true },
  },
  // Served (and validated) as the v1.6 CRDs define them; those without gateway facts are not
  // implemented by the gateway yet (lib/routing/features.ts lists what it does): nothing watches them.
  {
    group: GW,
    version: 'v1',
    kind: 'UDPRoute',
    plural: 'udproutes',
    singular: 'udproute',
    namespaced: true,
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    servedVersions: ['v1alpha2'],
    conditions: ROUTE_CONDITIONS,
    gateway: { field: 'udpRoutes', optional: true, writesStatus: true },
  },
  {
    group: GW,
    version: 'v1',
    kind: 'ListenerSet',
    plural: 'listenersets',
    singular: 'listenerset',
    namespaced: true,
    shortNames: ['lset'],
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    conditions: ['Accepted', 'Programmed'],
    // Its own pages (app/projects/[project]/listenersets), not a route kind: no console.route.
    // checks: the list's Create, the detail page's Delete and YAML/Edit (IfCan)
    console: { label: 'ListenerSet', title: 'ListenerSets', checks: ['create', 'update', 'delete'] },
    gateway: { field: 'listenerSets', optional: true, writesStatus: true },
  },
  {
    group: GW,
    version: 'v1',
    kind: 'BackendTLSPolicy',
    plural: 'backendtlspolicies',
    singular: 'backendtlspolicy',
    namespaced: true,
    shortNames: ['btlspolicy'],
    categories: ['gateway-api'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
    servedVersions: ['v1alpha3'],
    conditions: ['Accepted', 'ResolvedRefs'],
    // Shown and edited on the Service page (components/services/backend-tls-panel).
    console: { label: 'BackendTLSPolicy', title: 'BackendTLSPolicies' },
    gateway: { field: 'backendTLSPolicies', optional: true, writesStatus: true },
  },
  {
    group: COORDINATION_GROUP,
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    singular: 'lease',
    namespaced: true,
    nameRule: 'dns1123Subdomain',
  },
  {
    group: POLICY_GROUP,
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
    nameRule: 'dns1123Subdomain',
  },
  {
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    singular: 'role',
    namespaced: true,
    nameRule: 'pathSegment',
  },
  {
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    singular: 'clusterrole',
    namespaced: false,
    nameRule: 'pathSegment',
  },
  {
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    singular: 'rolebinding',
    namespaced: true,
    nameRule: 'pathSegment',
    console: { label: 'member', title: 'Members', route: 'members', checks: ['list', 'create', 'delete'] },
  },
  {
    group: RBAC_GROUP,
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    namespaced: false,
    nameRule: 'pathSegment',
  },
]);

/** One registry entry, with its literal facts. */
export type KnownKind = (typeof KINDS)[number];
export type KindName = KnownKind['kind'];
/** Kinds the console reads (those with console facts), and their plurals: the console's resource names. */
export type ConsoleKind = Extract<KnownKind, { console: ConsoleFacts }>;
export type ConsolePlural = ConsoleKind['plural'];
/** Kinds the gateway watches. */
export type GatewayKind = Extract<KnownKind, { gateway: GatewayFacts }>;

/** "networking.k8s.io/v1" for 'Ingress' (or any { group, version }); "v1" for the core group. */
export const apiVersionOf = (k: KindName | Pick<KindInfo, 'group' | 'version'>): string => {
  const { group, version }: Pick<KindInfo, 'group' | 'version'> = typeof k === 'string' ? kindByKind(k) : k;
  return group ? `${group}/${version}` : version;
};
export const resourceKeyOf = (k: Pick<KindInfo, 'group' | 'plural'>) =>
  k.group ? `${k.plural}.${k.group}` : k.plural;

/** What access reviews and RBAC rules name: { group, resource: plural }. */
export function groupResource(k: KindName | Pick<KindInfo, 'group' | 'plural'>): { group: string; resource: string } {
  const { group, plural } = typeof k === 'string' ? kindByKind(k) : k;
  return { group, resource: plural };
}

/**
 * The REST path of a kind's collection or object: `/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]`
 * (`/api/v1/...` for core). Without a namespace a namespaced kind's path lists every namespace.
 */
export function apiPath(k: KindName | Pick<KindInfo, 'group' | 'version' | 'plural' | 'namespaced'>, namespace?: string, name?: string): string {
  const t = typeof k === 'string' ? kindByKind(k) : k;
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${t.plural}${tail}`;
}

/** "apps/v1" -> "apps"; "v1" -> "". */
export const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

const byGroupKind = new Map<string, KnownKind>(KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
const byResource = new Map<string, KnownKind>(KINDS.map((k) => [resourceKeyOf(k), k]));
const byKind = new Map<string, KnownKind>(KINDS.map((k) => [k.kind, k]));
const byPlural = new Map<string, KnownKind>(KINDS.map((k) => [k.plural, k]));

/** The entry of a kind by its name ('HTTPRoute'); kind names are unique in KINDS. */
export function kindByKind<K extends KindName>(kind: K): Extract<KnownKind, { kind: K }>;
export function kindByKind(kind: string): KnownKind | undefined;
export function kindByKind(kind: string): KnownKind | undefined {
  return byKind.get(kind);
}

/** The entry of a kind by its plural ('httproutes'), optionally only in one group. */
export function kindByPlural<P extends KnownKind['plural']>(plural: P): Extract<KnownKind, { plural: P }>;
export function kindByPlural(plural: string, group?: string): KnownKind | undefined;
export function kindByPlural(plural: string, group?: string): KnownKind | undefined {
  const k = byPlural.get(plural);
  return k && (group === undefined || k.group === group) ? k : undefined;
}

export const isConsoleKind = (k: KnownKind): k is ConsoleKind => k.console !== undefined;
export const isGatewayKind = (k: KnownKind): k is GatewayKind => k.gateway !== undefined;

/** The kinds the console reads, shows or follows (see ConsoleFacts). */
export const CONSOLE_KINDS: readonly ConsoleKind[] = KINDS.filter(isConsoleKind);
/** The kinds the gateway watches (see GatewayFacts). */
export const GATEWAY_KINDS: readonly GatewayKind[] = KINDS.filter(isGatewayKind);

/** Looks a kind up by apiVersion + kind (any version of the group: HTTPRoute v1beta1 too). */
export function kindInfo(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
}

export function kindInfoByResource(resource: string): KindInfo | undefined {
  return byResource.get(resource);
}

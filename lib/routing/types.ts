/**
 * lib/routing — public interface (pure TypeScript: no I/O, no Node-only APIs; the console
 * bundles it for the browser too).
 *
 * How it is used
 * 1. The gateway (or the console) collects a `ClusterState`: plain arrays of the objects it
 *    watches. The input types below are the lib/k8s schema types (metadata with its name,
 *    the kind's spec; apiVersion, kind and status are not read), so objects from the API,
 *    lib/k8s, or parsed YAML fit. EndpointSlices are NOT part of the state: they churn. Instead every backend is
 *    resolved to a stable `BackendTarget.key` ("namespace/service:portNameOrNumber"), and
 *    `BackendTarget.endpointPortName` tells the gateway which EndpointSlice port to use.
 * 2. `buildSnapshot(state, options)` (./snapshot) compiles an immutable `RoutingSnapshot`.
 *    Swap it atomically; an old snapshot keeps working for in-flight requests.
 * 3. Per request: `snapshot.match(req)` returns a `MatchResult`: no-match (answer 404),
 *    or a route with an action: forward (weighted backends + policy), redirect, or
 *    direct-response (e.g. 500 when every backend of a rule is invalid), or bad-request
 *    (400, malformed target). Pass the raw target: `match` normalises it (same rules as
 *    `parseRequestTarget()`) and returns the path to send upstream in `upstreamPath`;
 *    a redirect's Location is in `location`. Plain-HTTP requests to https-only Ingress
 *    hosts (ssl-redirect) already come back as a 308 redirect.
 * 4. `computeStatuses(state, snapshot)` (./status) returns the desired status of every
 *    Ingress / Gateway / GatewayClass / HTTPRoute / GRPCRoute we own, plus diagnostics
 *    (unsupported/invalid annotations, refused snippets) to surface as events/conditions.
 *    `lastTransitionTime` is left for the writer to fill (keep the old time when the
 *    status/reason did not change).
 * 5. TLS: `snapshot.certificates.lookup(sniHostname)` -> PEMs (exact host, then one-label
 *    wildcard, then undefined).
 *
 * Invariants worth knowing
 * - A forward action may contain invalid backends (`BackendRef.invalid` set): the Gateway API
 *   says requests that would go to them get a 500, in proportion to their weight. Pick by
 *   weight over ALL backends, answer 500 if the pick is invalid. Weight-0 backends are
 *   already dropped. If every backend is invalid, the action is a direct-response 500.
 * - Everything in `RouteInfo`, `RouteAction`, `BackendRef` is precompiled and shared between
 *   requests: treat it as read-only.
 *
 * Also exported (index.ts): SUPPORTED_ANNOTATIONS / checkAnnotations (console forms),
 * hostWithin / intersectHostnames / normalizeHost, userRegexProblem, parseDuration.
 *
 * Stability: additive changes only. Any breaking change is announced here at the top.
 */

import type { LabelSelector, ObjectMeta } from '../k8s/schemas/meta';
import type { ConfigMap, Secret, Service, ServicePort } from '../k8s/schemas/core';
import type { Ingress, IngressBackend, IngressClass } from '../k8s/schemas/networking';
import type {
  BackendRef as GatewayBackendRef,
  BackendTLSPolicy,
  GRPCRoute,
  Gateway,
  GatewayClass,
  HTTPBackendRef,
  HTTPHeaderFilter,
  HTTPHeaderMatch,
  HTTPRoute,
  HTTPRouteFilter,
  Listener,
  ListenerSet,
  ParentReference,
  ReferenceGrant,
  TCPRoute,
  TLSRoute,
  UDPRoute,
} from '../k8s/schemas/gateway';

// ---------------------------------------------------------------------------------------
// Inputs: the lib/k8s schema types, as lib/routing reads them (metadata with its name, the
// kind's own fields; apiVersion, kind and status are not read). Extra fields are ignored.
// ---------------------------------------------------------------------------------------

/** Metadata as lib/routing reads it: a stored object always has its name. */
export type ObjectMetaInput = Pick<ObjectMeta, 'namespace' | 'uid' | 'generation' | 'resourceVersion' | 'creationTimestamp' | 'labels' | 'annotations'> & { name: string };

export interface ObjectInput {
  metadata: ObjectMetaInput;
}

/** A kind as lib/routing reads it: its metadata and (optional in the input) its spec. */
export type SpecInput<K extends { spec?: unknown }> = ObjectInput & { spec?: K['spec'] };

export type NamespaceInput = ObjectInput;
export type IngressInput = SpecInput<Ingress>;
export type IngressClassInput = SpecInput<IngressClass>;
export type GatewayClassInput = SpecInput<GatewayClass>;
export type GatewayInput = SpecInput<Gateway>;
export type HTTPRouteInput = SpecInput<HTTPRoute>;
export type GRPCRouteInput = SpecInput<GRPCRoute>;
/** Gateway API v1alpha2 TCPRoute: raw TCP, weighted backendRefs, no matching. */
export type TCPRouteInput = SpecInput<TCPRoute>;
/** Gateway API v1alpha2 TLSRoute: SNI hostnames, passthrough to weighted backendRefs. */
export type TLSRouteInput = SpecInput<TLSRoute>;
export type ReferenceGrantInput = SpecInput<ReferenceGrant>;
/** Gateway API UDPRoute (v1): datagrams to weighted backendRefs, no matching (./udp). */
export type UDPRouteInput = SpecInput<UDPRoute>;
/** Gateway API BackendTLSPolicy (v1): TLS from the gateway to a Service's port, verified. */
export type BackendTLSPolicyInput = SpecInput<BackendTLSPolicy>;
/** Only `data["ca.crt"]` is read (BackendTLSPolicy CA bundles). */
export type ConfigMapInput = ObjectInput & Pick<ConfigMap, 'data'>;
/** Gateway API ListenerSet (GEP-1713): a namespace's listeners on a shared Gateway that allows it. */
export type ListenerSetInput = SpecInput<ListenerSet>;
export type ServiceInput = SpecInput<Service>;
/** `data` holds base64 values (as the API returns them); `stringData` plain ones, preferred. */
export type SecretInput = ObjectInput & Pick<Secret, 'type' | 'data' | 'stringData'>;

export type { LabelSelector, Listener, ParentReference, HTTPHeaderMatch, HTTPHeaderFilter, HTTPRouteFilter, HTTPBackendRef, GatewayBackendRef, ServicePort, IngressBackend };

/** An endpoint address of a Service the gateway will not connect to (its upstream address policy). */
export interface RefusedBackend {
  namespace: string;
  service: string;
  address: string;
  port: number;
  /** set when the address is an answer for this ExternalName */
  externalName?: string;
  /** why, e.g. "loopback address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS" */
  message: string;
}

export interface ExternalNameFailure {
  namespace: string;
  service: string;
  externalName: string;
  /** short and stable (e.g. ENOTFOUND): part of the message, so it must not change per attempt */
  error: string;
}


/** Everything the routing layer reads. Missing arrays are treated as empty. */
export interface ClusterState {
  ingresses?: IngressInput[];
  ingressClasses?: IngressClassInput[];
  gateways?: GatewayInput[];
  gatewayClasses?: GatewayClassInput[];
  httpRoutes?: HTTPRouteInput[];
  grpcRoutes?: GRPCRouteInput[];
  /** Gateway API v1alpha2 TCPRoutes (served on TCP listeners, see RoutingSnapshot.tcpListeners). */
  tcpRoutes?: TCPRouteInput[];
  /** Gateway API v1alpha2 TLSRoutes (served on TLS passthrough listeners, see RoutingSnapshot.tlsListeners). */
  tlsRoutes?: TLSRouteInput[];
  /** UDPRoutes (served on UDP listeners, see RoutingSnapshot.udpListeners). */
  udpRoutes?: UDPRouteInput[];
  /** Not cluster objects: ExternalName Services the gateway failed to resolve (diagnostics, ResolvedRefs). */
  externalNameFailures?: ExternalNameFailure[];
  /** Not cluster objects: endpoint addresses the gateway's upstream address policy refused (diagnostics, ResolvedRefs). */
  refusedBackends?: RefusedBackend[];
  referenceGrants?: ReferenceGrantInput[];
  /** BackendTLSPolicies (./backend-tls) and the ConfigMaps their CA bundles are in. */
  backendTLSPolicies?: BackendTLSPolicyInput[];
  configMaps?: ConfigMapInput[];
  /** ListenerSets (./listener-sets): listeners attached to Gateways of ours that allow them. */
  listenerSets?: ListenerSetInput[];
  services?: ServiceInput[];
  secrets?: SecretInput[];
  /** Needed only for allowedRoutes.namespaces.from=Selector. */
  namespaces?: NamespaceInput[];
}

export interface RoutingOptions {
  /** IngressClass name we serve. Default "portico". */
  ingressClassName?: string;
  /** IngressClass spec.controller value that marks a class as ours. Default "portico.dev/ingress-controller". */
  ingressControllerName?: string;
  /** GatewayClass spec.controllerName we implement. Default "portico.dev/gateway-controller". */
  controllerName?: string;
  /** Gateway HTTP port (Ingress HTTP, Gateway listeners on 80). Default 8080. */
  httpPort?: number;
  /** Gateway HTTPS port (Ingress TLS, Gateway listeners on 443). Default 8443. */
  httpsPort?: number;
  /**
   * The ports clients use for httpPort / httpsPort, named in the redirects the gateway makes
   * (ssl-redirect, RequestRedirect without a port). Default: httpPort / httpsPort; behind a
   * Service mapping 80 -> 8080 and 443 -> 8443 they are 80 / 443 (left out of the Location).
   */
  publicHttpPort?: number;
  publicHttpsPort?: number;
  /** Address published in Ingress status.loadBalancer and Gateway status.addresses. Default ip 127.0.0.1. */
  loadBalancerAddress?: { ip?: string; hostname?: string };
  /**
   * Ingress host ownership across namespaces (./host-ownership). "namespace" (default): a host
   * belongs to the namespace of its oldest Ingress; other namespaces' Ingresses get no traffic
   * and no certificate for it. "off": every namespace's Ingresses merge (single-team clusters).
   */
  ingressHostOwnership?: IngressHostOwnership;
}

export type IngressHostOwnership = 'namespace' | 'off';

export type ResolvedOptions = Required<Omit<RoutingOptions, 'loadBalancerAddress'>> & {
  loadBalancerAddress: { ip?: string; hostname?: string };
};

// ---------------------------------------------------------------------------------------
// Requests and results
// ---------------------------------------------------------------------------------------

/** Lower-case header names. A record (node's req.headers) or a getter. */
export type HeaderSource =
  | ((lowerCaseName: string) => string | undefined)
  | Record<string, string | string[] | undefined>;

export interface MatchRequest {
  method: string;
  scheme: 'http' | 'https';
  /** Host header / :authority (a port suffix is ignored), or the TLS SNI name. */
  host: string;
  /** Local port the request arrived on; defaults to httpPort/httpsPort by scheme. */
  port?: number;
  /** Raw request target: path and query, as received. */
  path: string;
  headers?: HeaderSource;
}

export type RouteKind = 'Ingress' | 'HTTPRoute' | 'GRPCRoute';

export type BackendProtocol = 'HTTP' | 'HTTPS' | 'GRPC' | 'GRPCS' | 'H2C';

/** Where a backend's endpoints come from. Shared by every rule that uses the same Service port. */
export interface BackendTarget {
  /** "namespace/service:portNameOrNumber" — Service port name when it has one, else its number. */
  key: string;
  namespace: string;
  service: string;
  /** The Service port as referenced (number), when resolved. */
  port?: number;
  /** The EndpointSlice port name to read (Service port's name, "" when unnamed). */
  endpointPortName: string;
  /** Service port targetPort (informational: EndpointSlices already carry the resolved port). */
  targetPort?: number | string;
  /** Set when the reference cannot be served (Service missing, port missing, not permitted...). */
  invalid?: string;
  /** ExternalName Service: the DNS name the gateway resolves for this backend's endpoints
   * (the gateway feeds the addresses in as an EndpointSlice on `port`). */
  externalName?: string;
  /** Service annotation portico.dev/upstream-pipeline (./upstream-pipeline-annotation), when valid. */
  pipeline?: number;
  /** A BackendTLSPolicy targets this Service port: the gateway connects with TLS and verifies (./backend-tls). */
  tls?: BackendTlsConfig;
}

/** How the gateway originates TLS to a backend (BackendTLSPolicy), compiled once per build. */
export interface BackendTlsConfig {
  /** stable while the policy's effect is the same (the gateway keys its connection pools by it) */
  readonly id: string;
  readonly policy: { readonly namespace: string; readonly name: string };
  /** SNI, and the name verified when there are no subjectAltNames */
  readonly hostname: string;
  /** PEM CA bundles to trust; undefined = the system's well-known CAs */
  readonly caPems?: readonly string[];
  /** when set, the certificate must carry one of these (instead of `hostname`) */
  readonly subjectAltNames: ReadonlyArray<{ readonly type: 'Hostname' | 'URI'; readonly value: string }>;
  /** the Gateway's spec.tls.backend.clientCertificateRef (GEP-3155), presented to the backend */
  readonly clientCert?: { readonly secret: string; readonly cert: string; readonly key: string };
  /** set when the policy cannot be applied (no valid CA): requests to the backend get 500, never plaintext */
  readonly invalid?: string;
}

export interface HeaderModifier {
  set: ReadonlyArray<readonly [name: string, value: string]>;
  add: ReadonlyArray<readonly [name: string, value: string]>;
  /** lower-case names */
  remove: readonly string[];
}

export interface BackendRef {
  /** BackendTarget.key (the endpoint table key) */
  key: string;
  namespace: string;
  service: string;
  port?: number;
  endpointPortName: string;
  weight: number;
  protocol: BackendProtocol;
  /** When set, choosing this backend answers 500 (Gateway API) — reason for logs/admin. */
  invalid?: string;
  /** backendRef-level filters (Gateway API) */
  requestHeaders?: HeaderModifier;
  responseHeaders?: HeaderModifier;
  /** True for an ingress-nginx canary backend (for metrics / debugging). */
  canary?: boolean;
  /** HTTP/1.1 pipelining depth for this Service's endpoints (its portico.dev/upstream-pipeline); unset: the gateway's default. */
  pipeline?: number;
}

export interface CorsPolicy {
  /**
   * "*" or origins (lower-case) that may hold one "*" in the host. ingress-nginx: "*" is one DNS
   * label. Gateway API (`gatewayApi`): "*" is any number of labels, and default ports are left out
   * (https://a.example.com:443 = https://a.example.com).
   */
  allowOrigins: readonly string[];
  allowMethods: string;
  allowHeaders: string;
  exposeHeaders: string;
  allowCredentials: boolean;
  maxAgeSeconds: number;
  /**
   * The HTTPRoute CORS filter's rules instead of ingress-nginx's (./cors.ts): a preflight from a
   * refused origin is answered 204 without CORS headers (not sent upstream); Allow-Methods /
   * Allow-Headers are left out when the preflight did not ask; "*" in methods or headers is
   * answered with what was asked when credentials are allowed.
   */
  gatewayApi?: boolean;
}

/** HTTPRoute rule.retry, compiled: status codes to retry, retries after the first attempt, wait between them. */
export interface RetryPolicy {
  readonly codes: readonly number[];
  readonly attempts: number;
  readonly backoffMs: number;
}

export type LoadBalanceAlgorithm = 'round-robin' | 'least-request' | 'hash';

export interface RoutePolicy {
  /** milliseconds; undefined = gateway default */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  sendTimeoutMs?: number;
  /** Gateway API timeouts.request / backendRequest; 0 = disabled */
  requestTimeoutMs?: number;
  backendRequestTimeoutMs?: number;
  /** proxy-body-size; null = unlimited ("0"), undefined = gateway default */
  maxBodyBytes?: number | null;
  /** limit-rps (burst = 5x per ingress-nginx) and limit-connections, per client IP. */
  rateLimit?: { rps?: number; burst?: number; connections?: number };
  cors?: CorsPolicy;
  /**
   * Session affinity: Ingress `affinity: cookie`, HTTPRoute rule.sessionPersistence (cookie or
   * header). The token names the endpoint (and, with `absoluteTimeoutSeconds`, when it expires).
   * `cookieName` is the cookie's name, or the header's for type 'header'.
   */
  affinity?: { type: 'cookie' | 'header'; cookieName: string; maxAgeSeconds?: number; path?: string; absoluteTimeoutSeconds?: number };
  /** HTTPRoute rule.retry; only requests without a body and with an idempotent method are retried. */
  retry?: RetryPolicy;
  /** `portico.dev/load-balance`; undefined = the gateway's default (GATEWAY_LB_ALGORITHM). Affinity wins. */
  loadBalance?: LoadBalanceAlgorithm;
  /** Unused (kept for compatibility): per-host https-only is RouteSummary.httpsOnly, and match() already redirects. */
  httpsOnly?: boolean;
}

export interface MirrorTarget {
  backend: BackendRef;
  /** 0..100 */
  percent: number;
}

export interface ForwardAction {
  type: 'forward';
  /** Weighted; invalid ones included (see header). Never empty. */
  backends: readonly BackendRef[];
  totalWeight: number;
  requestHeaders?: HeaderModifier;
  responseHeaders?: HeaderModifier;
  /** Host header to send upstream (URLRewrite hostname); undefined = keep. */
  hostRewrite?: string;
  mirrors: readonly MirrorTarget[];
  policy: RoutePolicy;
}

export interface RedirectAction {
  type: 'redirect';
  status: number;
}

export interface DirectResponseAction {
  type: 'direct-response';
  status: number;
  body: string;
}

export type RouteAction = ForwardAction | RedirectAction | DirectResponseAction;

export interface RouteInfo {
  kind: RouteKind;
  namespace: string;
  name: string;
  /** index in spec.rules (Ingress: rule index; -1 for defaultBackend) */
  ruleIndex: number;
  /** index in rule.matches (Ingress: path index) */
  matchIndex: number;
  /** Human-readable: e.g. "Prefix /api on shop.example.com" */
  description: string;
  /** HTTPRoute/GRPCRoute rule.name, when the rule has one. */
  ruleName?: string;
  /** Stable id "Kind/ns/name/rule/match" (metrics label, admin API). */
  id: string;
}

export interface NoMatchResult {
  kind: 'no-match';
  status: 404;
  /** Why, for /routes/test: e.g. "no host matched", "no path matched on host x" */
  reason: string;
}

export interface BadRequestResult {
  kind: 'bad-request';
  status: 400;
  reason: string;
}

export interface RouteMatchResult {
  kind: 'route';
  route: RouteInfo;
  action: RouteAction;
  /** Path + query to send upstream (normalised, rewrites applied). */
  upstreamPath: string;
  /** For redirect actions: the Location header value. */
  location?: string;
}

export type MatchResult = NoMatchResult | BadRequestResult | RouteMatchResult;

// ---------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------

export interface CertificateEntry {
  /** "namespace/secretName" */
  key: string;
  namespace: string;
  name: string;
  certPem: string;
  keyPem: string;
  /** SNI names this certificate serves here (exact or "*.suffix"). */
  hosts: readonly string[];
}

export interface CertificateTable {
  /** Exact SNI, then one-label wildcard, then undefined. */
  lookup(serverName: string): CertificateEntry | undefined;
  /** A certificate to use when SNI is absent or unknown (first one, by key), if any. */
  readonly fallback?: CertificateEntry;
  readonly entries: readonly CertificateEntry[];
}

/** A Gateway listener with protocol TCP, served on `port`, and what it forwards to. */
export interface TcpListenerInfo {
  /** port the gateway binds (CONTRACTS: P >= 1024 -> P, else 8000 + P) */
  port: number;
  /** port declared in the Gateway */
  declaredPort: number;
  gateway: { namespace: string; name: string };
  listener: string;
  /** The TCPRoute this listener forwards to (oldest attached one), if any. */
  route?: { namespace: string; name: string; id: string };
  /** Weighted; invalid ones included: a connection that picks one is closed. Empty: no route. */
  backends: readonly BackendRef[];
  totalWeight: number;
}

/** One SNI hostname of a TLS passthrough port and where it goes. */
export interface TlsRouteEntry {
  /** exact host, "*.suffix" (one or more labels), or "*" (any SNI, also none) */
  host: string;
  route: { namespace: string; name: string; id: string };
  /** Weighted; invalid ones included: a connection that picks one is closed. */
  backends: readonly BackendRef[];
  totalWeight: number;
  /** TLS listener mode Terminate: the gateway terminates TLS with this certificate and forwards the plaintext bytes */
  terminate?: { readonly key: string; readonly certPem: string; readonly keyPem: string };
}

/** A served port with Gateway listeners of protocol TLS (mode Passthrough): an SNI table. */
export interface TlsListenerInfo {
  port: number;
  listeners: ReadonlyArray<{ gateway: { namespace: string; name: string }; listener: string; declaredPort: number; hostname?: string }>;
  /** exact hosts first, then wildcards (longest suffix first), then "*" */
  routes: readonly TlsRouteEntry[];
}

export interface ListenerInfo {
  /** port the gateway binds */
  port: number;
  protocol: 'HTTP' | 'HTTPS';
}

export type DiagnosticSeverity = 'error' | 'warning';

export interface ObjectRef {
  kind: 'Ingress' | 'Gateway' | 'GatewayClass' | 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'IngressClass' | 'ListenerSet' | 'BackendTLSPolicy' | 'UDPRoute' | 'Service';
  namespace?: string;
  name: string;
}

export interface Diagnostic {
  object: ObjectRef;
  severity: DiagnosticSeverity;
  /** CamelCase, event-reason style: UnsupportedAnnotation, SnippetRefused, InvalidAnnotation, ... */
  reason: string;
  /** Field path, e.g. metadata.annotations["nginx.ingress.kubernetes.io/canary-weight"] */
  field?: string;
  message: string;
}

/** A compiled route, for /config and the console. */
export interface RouteSummary {
  route: RouteInfo;
  listenerPort: number;
  /** host pattern: exact, "*.suffix", or "*" for any */
  host: string;
  match: string;
  action: RouteAction;
  /** Plain-HTTP requests get a 308 to HTTPS (ssl-redirect / force-ssl-redirect). */
  httpsOnly: boolean;
}

/** GEP-91: client certificate validation for an SNI name (./frontend-validation). */
export interface FrontendValidation {
  /** stable while the effect is the same (the gateway caches its TLS contexts by it) */
  readonly id: string;
  readonly gateway: string;
  /** CA bundles client certificates must chain to (empty: none can: AllowValidOnly refuses all) */
  readonly caPems: readonly string[];
  readonly mode: 'AllowValidOnly' | 'AllowInsecureFallback';
}

export interface RoutingSnapshot {
  readonly options: ResolvedOptions;
  readonly listeners: readonly ListenerInfo[];
  readonly certificates: CertificateTable;
  /** Client certificate validation by SNI (exact, wildcard, then "*"); absent when no Gateway asks for it. */
  readonly clientValidation?: { lookup(serverName: string): FrontendValidation | undefined };
  /** Every backend referenced by a served route (including mirrors), by key. */
  readonly backends: ReadonlyMap<string, BackendTarget>;
  readonly routes: readonly RouteSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** TCP listeners (Gateway listeners with protocol TCP) by served port. Optional for older builders. */
  readonly tcpListeners?: readonly TcpListenerInfo[];
  /** UDP listeners (Gateway listeners with protocol UDP) by served port: datagrams to the oldest UDPRoute's backends. */
  readonly udpListeners?: readonly TcpListenerInfo[];
  /** TLS passthrough ports (Gateway listeners with protocol TLS), by served port. */
  readonly tlsListeners?: readonly TlsListenerInfo[];
  match(req: MatchRequest): MatchResult;
}

// ---------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface IngressStatus {
  namespace: string;
  name: string;
  /** false when the Ingress is ours but refused (e.g. snippet annotation) */
  served: boolean;
  loadBalancer: { ingress: Array<{ ip?: string; hostname?: string }> };
}

export interface ListenerStatus {
  name: string;
  supportedKinds: Array<{ group: string; kind: string }>;
  attachedRoutes: number;
  conditions: Condition[];
}

export interface GatewayStatus {
  namespace: string;
  name: string;
  addresses: Array<{ type: 'IPAddress' | 'Hostname'; value: string }>;
  conditions: Condition[];
  listeners: ListenerStatus[];
  /** GEP-1713: ListenerSets attached (Accepted); set when the Gateway allows ListenerSets. */
  attachedListenerSets?: number;
}

/** A policy's status (BackendTLSPolicy): one entry per Gateway of ours it matters to. */
export interface PolicyStatus {
  kind: 'BackendTLSPolicy';
  namespace: string;
  name: string;
  ancestors: Array<{ ancestorRef: ParentReference; controllerName: string; conditions: Condition[] }>;
}

/** A ListenerSet's status (GEP-1713): Accepted/Programmed and each listener (with its port). */
export interface ListenerSetStatus {
  namespace: string;
  name: string;
  conditions: Condition[];
  listeners: Array<ListenerStatus & { port: number }>;
}

export interface GatewayClassStatus {
  name: string;
  conditions: Condition[];
  /** GEP-2162, sorted by name (./features.ts). */
  supportedFeatures: ReadonlyArray<{ readonly name: string }>;
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

export interface RouteStatus {
  kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'UDPRoute';
  namespace: string;
  name: string;
  parents: RouteParentStatus[];
}

export interface StatusReport {
  ingresses: IngressStatus[];
  gatewayClasses: GatewayClassStatus[];
  gateways: GatewayStatus[];
  /** ListenerSets whose parentRef names a Gateway of ours. */
  listenerSets: ListenerSetStatus[];
  /** BackendTLSPolicies that apply to backends of routes attached to Gateways of ours. */
  policies: PolicyStatus[];
  routes: RouteStatus[];
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------
// Annotations (data for the console)
// ---------------------------------------------------------------------------------------

export interface AnnotationSpec {
  key: string;
  /** one line */
  description: string;
  /** example value for autocompletion */
  example: string;
  /** undefined when valid, else a message naming the rule */
  validate(value: string): string | undefined;
}

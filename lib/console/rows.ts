/**
 * Rows and views the console's server computes and its browser code shows: the JSON shapes
 * of the read handlers under app/api/. Types only, so client components need no import from
 * server/ (the server modules that compute them re-export them).
 */
import type { Ingress, Service } from '@/lib/k8s';
import type { AccessSettings } from './access';

// ---- computed by server/models/service.ts
/** What lists and pickers need to know about a Service. */
export interface ServicePortSummary {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
  nodePort?: number;
}

export interface ServiceSummary {
  name: string;
  type: string;
  clusterIP?: string;
  headless: boolean;
  externalName?: string;
  ports: ServicePortSummary[];
  selector: Record<string, string>;
  creationTimestamp?: string;
}

// ---- computed by server/models/route.ts
export interface BackendRef {
  service: string;
  port: string;
}

export interface BackendHealth extends BackendRef {
  /** missing: no such Service; no-port: the Service has no such port; no-endpoints: no ready endpoint. */
  state: 'ok' | 'missing' | 'no-port' | 'no-endpoints';
  ready: number;
  notReady: number;
}

export interface RoutePathRow {
  host: string;
  path: string;
  pathType: string;
  backend: BackendHealth;
}

export interface RouteRow {
  name: string;
  alias: string;
  description: string;
  hosts: string[];
  paths: RoutePathRow[];
  defaultBackend?: BackendHealth;
  tls: boolean;
  tlsHosts: string[];
  address: string;
  warnings: string[];
  creationTimestamp: string;
  resourceVersion: string;
}

export type RouteSortKey = 'name' | 'hosts' | 'age' | 'status';

// ---- computed by server/models/diagnostics.ts
export interface EndpointRow {
  ip: string;
  pod?: string;
  ready: boolean;
  /** An EndpointSlice port without a number stands for all ports. */
  ports: { name?: string; port?: number }[];
}

export interface NearMissPod {
  pod: string;
  /** Selector pairs the pod does not carry, with the pod's own value if it has the key. */
  mismatches: { key: string; want: string; has?: string }[];
}

export interface PodReadiness {
  name: string;
  ready: boolean;
  phase: string;
  reason?: string;
  podIP?: string;
}

export interface ServiceDiagnostics {
  endpoints: EndpointRow[];
  selectedPods: PodReadiness[];
  problems: string[];
  nearMisses: NearMissPod[];
}

// ---- computed by server/models/tls.ts
/** Facts about a TLS certificate the console may show (never key material). */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  sans: string[];
  notBefore: string;
  notAfter: string;
}

export interface TlsSecretSummary extends CertificateFacts {
  name: string;
  /** Set when tls.crt could not be parsed. */
  error?: string;
}

// ---- computed by server/queries/routes.ts
export interface RouteListResult {
  rows: RouteRow[];
  total: number;
  /** Rows matching the search, before any cap. */
  matched: number;
  /** Only the first rows: the page renders them at once and the client fetches the rest. */
  partial?: boolean;
}

export interface RouteDetail {
  ingress: Ingress;
  row: RouteRow;
  events: KubeEvent[];
}

export interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastTimestamp: string;
  source: string;
}

// ---- computed by server/queries/services.ts
export interface ServiceRow extends ServiceSummary {
  ready: number;
  notReady: number;
}

export interface ServiceDetail {
  service: Service;
  summary: ServiceSummary;
  diagnostics: ServiceDiagnostics;
  events: KubeEvent[];
  /** Routes (Ingress names) sending traffic to this service. */
  routes: string[];
}

// ---- computed by server/queries/httproutes.ts
export interface HttpRouteRow {
  name: string;
  hostnames: string[];
  parents: string[];
  rules: number;
  backends: string[];
  accepted?: string;
  creationTimestamp: string;
}

export interface GatewayChoice {
  /** A ListenerSet of the project (a route names it as parentRef kind ListenerSet); absent: a Gateway. */
  kind?: 'ListenerSet';
  namespace: string;
  name: string;
  /** A ListenerSet's parent Gateway as "namespace/name". */
  parent?: string;
  /** Only listeners that admit routes of the project; `kinds`: the route kinds each admits from it. */
  listeners: { name: string; protocol: string; port: number; hostname?: string; kinds: string[] }[];
  /** Its GatewayClass `status.supportedFeatures` names; absent when the class lists none (unknown). */
  supportedFeatures?: string[];
}

// ---- computed by server/queries/tcproutes.ts
export interface TcpRouteRow {
  name: string;
  parents: string[];
  backends: string[];
  accepted?: string;
  resolvedRefs?: string;
  creationTimestamp: string;
}

// ---- computed by server/queries/gateway-routes.ts
/** A row of any Gateway API route list; HttpRouteRow and TcpRouteRow are special cases. */
export interface GatewayRouteRow {
  name: string;
  /** Absent for kinds without hostnames (TCPRoute). */
  hostnames?: string[];
  parents: string[];
  backends: string[];
  /** "Accepted" or "Not accepted: <reason>" from the parents' Accepted conditions. */
  accepted?: string;
  /** "Resolved" or "Unresolved: <reason>". */
  resolvedRefs?: string;
  creationTimestamp: string;
}

/** A route list as the list handler returns it; `served: false` when the cluster has no CRD for the kind. */
export interface GatewayRouteListData {
  served: boolean;
  rows: GatewayRouteRow[];
}

// ---- computed by server/queries/gateway.ts
export interface GatewayEndpoints {
  host: string;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  /** Base URL of the admin API as configured (shown to the user; see gatewayAdminUrl). */
  adminUrl: string;
}

export interface AccessMethod {
  /** How a user reaches the gateway: the local listener, a NodePort or a LoadBalancer. */
  kind: 'Local' | 'NodePort' | 'LoadBalancer';
  label: string;
  address: string;
  httpPort?: number;
  httpsPort?: number;
  note?: string;
}

export interface GatewayHealth {
  reachable: boolean;
  healthz?: number;
  readyz?: number;
  config?: Record<string, unknown>;
  error?: string;
}

export interface GatewayInfo {
  endpoints: GatewayEndpoints;
  service?: ServiceSummary & { loadBalancerIPs: string[] };
  accessMethods: AccessMethod[];
  nodeIPs: string[];
  listeners: { name: string; protocol: string; port: number; servedOn: number; hostname?: string; gateway: string }[];
  /** What lib/console/access.ts needs to build a route's Access table. */
  access: AccessSettings;
}

// ---- computed by server/queries/gateway-overview.ts
export type GatewayOverview = GatewayInfo & {
  health: GatewayHealth;
  canChangeAccessMethod: boolean;
  /** the signed-in user is a platform admin, who may ask for the whole gateway */
  canViewWholeGateway: boolean;
  /** 'project': health.config holds this project's routes only; 'all': every project's */
  scope: 'project' | 'all';
};

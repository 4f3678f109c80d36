/**
 * The topology graph model: gateway -> listeners -> routes -> services -> pods, with health
 * and diagnostics. Pure data (JSON-safe), built on the server and drawn in the browser.
 */

import type { EndpointSlice, Gateway, HTTPRoute, Ingress, ListenerSet, Pod, Service, TCPRoute, TLSRoute } from '../k8s';
import type { GatewayBackendHealth } from './endpoint-health';

/**
 * An object as the server lists it, typed by its lib/k8s schema: metadata, spec and status,
 * each read defensively (a listed object may lack any of them).
 */
export type Listed<K extends { metadata: unknown; spec?: unknown; status?: unknown }> = Partial<Pick<K, 'metadata' | 'spec' | 'status'>>;
export type ListedIngress = Listed<Ingress>;
export type ListedHTTPRoute = Listed<HTTPRoute>;
export type ListedTCPRoute = Listed<TCPRoute>;
export type ListedTLSRoute = Listed<TLSRoute>;
export type ListedGateway = Listed<Gateway>;
export type ListedListenerSet = Listed<ListenerSet>;
export type ListedService = Listed<Service>;
export type ListedPod = Listed<Pod>;
export type ListedEndpointSlice = Partial<Pick<EndpointSlice, 'metadata' | 'endpoints' | 'ports'>>;

export type NodeKind = 'gateway' | 'listener' | 'route' | 'service' | 'pod' | 'pod-group' | 'endpoint';
export type Health = 'ok' | 'warning' | 'error' | 'unknown';

export type ProblemCode =
  | 'ServiceMissing'
  | 'ServicePortMissing'
  | 'NoReadyEndpoints'
  | 'TargetPortNotServed'
  | 'RouteNotAccepted'
  | 'RouteNotServed'
  | 'TlsSecretMissing'
  | 'TlsSecretExpired'
  | 'TlsSecretExpiringSoon'
  | 'PodNotReady'
  | 'NoMatchingPods'
  | 'EndpointEjected'
  | 'EndpointCheckFailing'
  | 'EndpointTerminating'
  | 'EndpointNotReady'
  | 'EndpointRefused'
  | 'ExternalNameUnresolved'
  | 'SourceIpLost'
  | 'WebSocketReadTimeout'
  | 'GatewayUnreachable'
  | 'GatewayNotReady'
  | 'ListenerNotProgrammed';

export interface Problem {
  code: ProblemCode;
  severity: Exclude<Health, 'ok' | 'unknown'>;
  message: string;
}

export interface TopoNode {
  /** Stable across rebuilds: derived from kind + namespace + name only. */
  id: string;
  kind: NodeKind;
  name: string;
  namespace?: string;
  /** Short title drawn on the node. */
  label: string;
  /** Second line: type, counts, address... */
  subtitle?: string;
  health: Health;
  problems: Problem[];
  /** Summary rows for the side panel, in order. */
  facts: [string, string][];
  /** Console page of the object, when it has one. */
  href?: string;
  /** The object's kind and API path, for "view YAML". */
  objectKind?: string;
  /** Layer from left to right: 0 gateway, 1 listener, 2 route, 3 service, 4 pod or endpoint. */
  layer: number;
  /** Pod: its IP; endpoint: its address; used to find the node a trace ends at. */
  podIP?: string;
  /** Pod and endpoint: one word or two on its state (ready, not ready, ejected, check failing...). */
  state?: string;
  /** Pod group: the pods it stands for. */
  members?: { name: string; ready: boolean; podIP?: string }[];
  /** Service is referenced but does not exist (drawn as a ghost). */
  missing?: boolean;
}

export type EdgeKind = 'listener-route' | 'route-service' | 'service-pod' | 'service-endpoint' | 'gateway-listener';

export interface TopoEdge {
  /** Stable: `${source}->${target}`. */
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** host + path (+ weight) for route->service; ports for service->pod. */
  label?: string;
  health: Health;
  problems: Problem[];
}

export interface TopoGraph {
  namespace: string;
  nodes: TopoNode[];
  edges: TopoEdge[];
  /** Counts before grouping, for the header. */
  counts: { routes: number; services: number; pods: number };
  /** Services whose pods were folded into one group node. */
  grouped: string[];
}

/** A TLS Secret as the server reports it: never the key, only what diagnostics need. */
export interface TlsSecretInfo {
  name: string;
  type?: string;
  /** ISO time the certificate expires; undefined when it cannot be parsed. */
  notAfter?: string;
  /** Set when tls.crt is absent or does not parse. */
  error?: string;
}

/** The inputs, read from the cluster by the server. */
export interface ClusterObjects {
  namespace: string;
  ingresses: ListedIngress[];
  httpRoutes: ListedHTTPRoute[];
  tcpRoutes?: ListedTCPRoute[];
  /** TLSRoutes (passthrough by SNI). */
  tlsRoutes?: ListedTLSRoute[];
  /** Gateways of every namespace (routes may attach across namespaces). */
  gateways: ListedGateway[];
  /** The project's ListenerSets: routes attached to one hang off its listener (on its parent Gateway). */
  listenerSets?: ListedListenerSet[];
  services: ListedService[];
  endpointSlices: ListedEndpointSlice[];
  pods: ListedPod[];
  tlsSecrets: TlsSecretInfo[];
  /** What the gateway process says (admin API); absent: not asked, drawn as unknown. */
  gateway?: GatewayState;
}

/** The gateway process's health and its endpoint view for the project (server/topology/gateway-state). */
export interface GatewayState {
  /** The admin API answered at all. */
  reachable: boolean;
  /** HTTP status of /healthz and /readyz, and /readyz's text (e.g. "draining"). */
  healthz?: number;
  readyz?: number;
  readyText?: string;
  error?: string;
  /** /endpoints?namespace=<project>; absent when it could not be read. */
  endpoints?: GatewayBackendHealth[];
}

export interface BuildOptions {
  /** Current time (ISO or Date) for certificate expiry. */
  now?: Date;
  /** Ingress class the gateway serves. */
  ingressClass?: string;
  gatewayClass?: string;
  /** Fold a service's pods into one node when it selects more than this many. */
  groupPodsAbove?: number;
  /** Fold every service's pods (with more than one) when the project has more pods than this. */
  maxPodNodes?: number;
  /** Ports the gateway serves HTTP/HTTPS on (for labels). */
  httpPort?: number;
  httpsPort?: number;
  /** Warn when a certificate expires within this many days. */
  expiryWarningDays?: number;
}

/**
 * What the gateway knows of each upstream endpoint, as its admin API's `/endpoints` answers
 * (gateway/admin/endpoint-health builds it; the topology colours endpoints by it). Shared here
 * so both sides agree on the wire format and on what each state means.
 */

/**
 * - ready: in the Service's ready endpoints and available for traffic
 * - terminating: serving but terminating (used only when nothing is ready)
 * - ejected: passively ejected (connect error or consecutive 5xx) until `ejectedForMs` passes
 * - check-failing: the active health check (portico.dev/health-check-path) fails
 */
export type GatewayEndpointState = 'ready' | 'terminating' | 'ejected' | 'check-failing';

export interface GatewayEndpointHealth {
  address: string;
  port: number;
  pod?: string;
  state: GatewayEndpointState;
  ejectedForMs: number;
  ejections: number;
  consecutive5xx: number;
  /** Active check: false failing, true passing, absent when not checked. */
  activeOk?: boolean;
  lastError?: string;
}

export interface GatewayBackendHealth {
  /** "namespace/service:port" */
  key: string;
  namespace: string;
  service: string;
  externalName?: string;
  /** Why the gateway cannot serve the backend at all (Service or port missing...). */
  invalid?: string;
  endpoints: GatewayEndpointHealth[];
  /** Addresses the gateway's upstream address policy refused. */
  refused: { address: string; port: number; message: string }[];
}

export interface GatewayEndpointsView {
  ready: boolean;
  namespaces?: string[];
  backends: GatewayBackendHealth[];
}

/** Health as the gateway's HealthState reports it (toJSON). */
export interface HealthFacts {
  available: boolean;
  ejectedForMs: number;
  ejections: number;
  consecutive5xx: number;
  activeOk?: boolean;
  lastError?: string;
}

/** The state of one endpoint: a failing active check and an ejection outrank the list it is in. */
export function endpointState(h: HealthFacts, terminating: boolean): GatewayEndpointState {
  if (h.activeOk === false) return 'check-failing';
  if (h.ejectedForMs > 0) return 'ejected';
  return terminating ? 'terminating' : 'ready';
}

/** "address:port" with IPv6 in brackets, as the gateway names origins. */
export const endpointKey = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

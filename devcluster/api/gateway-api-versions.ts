/**
 * DEVCLUSTER_GATEWAY_API_VERSIONS (test-only): which Gateway API release's CRD versions the dev
 * cluster serves. Unset or "v1.6": every version lib/k8s/kinds.ts lists. "v1.2": what a real
 * cluster with the v1.2 CRDs (standard + experimental) serves, so the gateway can be tested
 * against older CRDs: ReferenceGrant v1beta1, TCPRoute/TLSRoute/UDPRoute v1alpha2,
 * BackendTLSPolicy v1alpha3, no ListenerSet. Objects are stored alike whatever version serves them.
 */
import { GATEWAY_GROUP } from '../../lib/k8s/kinds';

export const GATEWAY_API_VERSIONS_VARIABLE = 'DEVCLUSTER_GATEWAY_API_VERSIONS';

/** kind -> versions served (kinds not listed: none) */
const RELEASES: Record<string, Readonly<Record<string, readonly string[]>> | undefined> = {
  'v1.6': undefined,
  'v1.2': {
    GatewayClass: ['v1', 'v1beta1'],
    Gateway: ['v1', 'v1beta1'],
    HTTPRoute: ['v1', 'v1beta1'],
    GRPCRoute: ['v1'],
    ReferenceGrant: ['v1beta1'],
    TCPRoute: ['v1alpha2'],
    TLSRoute: ['v1alpha2'],
    UDPRoute: ['v1alpha2'],
    BackendTLSPolicy: ['v1alpha3'],
  },
};

export function parseGatewayApiVersions(value: string | undefined): Readonly<Record<string, readonly string[]>> | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  if (!Object.hasOwn(RELEASES, v)) throw new Error(`${GATEWAY_API_VERSIONS_VARIABLE} must be one of ${Object.keys(RELEASES).join(', ')}, got "${String(value).slice(0, 64)}"`);
  return RELEASES[v];
}

const restricted = parseGatewayApiVersions(process.env[GATEWAY_API_VERSIONS_VARIABLE]);

/** Whether this dev cluster serves `kind` of `group` at `version` (everything outside the Gateway API group is). */
export function gatewayApiServes(group: string, kind: string, version: string): boolean {
  if (!restricted || group !== GATEWAY_GROUP) return true;
  return restricted[kind]?.includes(version) ?? false;
}

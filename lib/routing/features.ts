/**
 * The Gateway API features (GEP-2162 names, as in the v1.6 conformance suite's pkg/features)
 * that Portico's gateway implements: what its controller writes to
 * GatewayClass `status.supportedFeatures`, and what the console offers in its forms. One list,
 * so the claim and the offer cannot drift apart; a name goes in only when the behaviour is
 * implemented and tested (README: "Gateway API features").
 *
 * Not claimed (v1.6 names): GatewayStaticAddresses, GatewayHTTPListenerIsolation,
 * GatewayInfrastructurePropagation, GatewayAddressEmpty,
 * HTTPRouteDestinationPortMatching,
 * and the mesh features.
 */
export const SUPPORTED_FEATURES = [
  // core
  'Gateway',
  'HTTPRoute',
  'ReferenceGrant',
  // GEP-1713 (HTTP and HTTPS listeners on 80/443; ./listener-sets)
  'ListenerSet',
  // GEP-1897 (HTTP/1.1 backends; ./backend-tls)
  'BackendTLSPolicy',
  'BackendTLSPolicySANValidation',
  // GEP-3155 (with BackendTLSPolicy; ./backend-client-cert)
  'GatewayBackendClientCertificate',
  // GEP-91 (by SNI on the HTTPS port; ./frontend-validation)
  'GatewayFrontendClientCertificateValidation',
  'GatewayFrontendClientCertificateValidationInsecureFallback',
  // route kinds beyond HTTPRoute
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'TLSRouteModeTerminate',
  'TLSRouteModeMixed',
  'UDPRoute',
  // HTTPRoute extended
  'HTTPRouteBackendProtocolWebSocket',
  'HTTPRouteBackendRequestHeaderModification',
  'HTTPRouteBackendTimeout',
  'HTTPRouteCORS',
  'HTTPRouteHostRewrite',
  'HTTPRouteMethodMatching',
  'HTTPRouteNamedRouteRule',
  'HTTPRouteParentRefPort',
  'HTTPRoutePathRedirect',
  'HTTPRoutePathRewrite',
  'HTTPRoutePortRedirect',
  'HTTPRouteQueryParamMatching',
  'HTTPRouteRequestMirror',
  'HTTPRouteRequestMultipleMirrors',
  'HTTPRouteRequestPercentageMirror',
  'HTTPRouteRequestTimeout',
  'HTTPRouteResponseHeaderModification',
  'HTTPRouteRetry',
  'HTTPRouteRetryBackendTimeout',
  'HTTPRouteRetryConnectionError',
  'HTTPRouteSchemeRedirect',
  // experimental (GEP-1619): cookie sessions, Session and Permanent lifetimes, absoluteTimeout
  'HTTPRouteSessionPersistenceCookie',
  // GRPCRoute extended
  'GRPCRouteNamedRouteRule',
] as const;

export type SupportedFeature = (typeof SUPPORTED_FEATURES)[number];

/** GatewayClass `status.supportedFeatures`: sorted by name (the spec requires ascending order), built once. */
export const SUPPORTED_FEATURES_STATUS: ReadonlyArray<{ readonly name: SupportedFeature }> = Object.freeze(
  [...SUPPORTED_FEATURES].sort().map((name) => Object.freeze({ name })),
);

const supported: ReadonlySet<string> = new Set(SUPPORTED_FEATURES);

/** Whether the gateway implements a feature (the console asks before offering a field). */
export function supportsFeature(name: string): boolean {
  return supported.has(name);
}

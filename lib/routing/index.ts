/**
 * lib/routing entry point. See ./types.ts for the contract (read its header first).
 *   buildSnapshot(state, options) -> RoutingSnapshot   (./snapshot)
 *   computeStatuses(state, snapshot) -> StatusReport    (./status)
 *   carryOver(prev, next): next routes as prev (status-only change): reuse its caches (./carry-over)
 *   parseRequestTarget(rawTarget) -> ParsedTarget        (./request-target)
 *   SUPPORTED_ANNOTATIONS, checkAnnotations(map)         (./annotations)
 *   corsAllowOrigin(policy, origin) + CORS header lists  (./cors)
 */
export * from './types';
export { buildSnapshot } from './snapshot';
export { computeStatuses } from './status';
export { carryOver } from './carry-over';
export { parseRequestTarget, type ParsedTarget } from './request-target';
export { SUPPORTED_ANNOTATIONS, NGINX_PREFIX, PORTICO_PREFIX, LOAD_BALANCE_ANNOTATION, LOAD_BALANCE_ALGORITHMS, isSnippetAnnotation, checkAnnotations, type AnnotationProblem } from './annotations';
export { hostWithin, intersectHostnames } from './hostnames';
export { parseDuration } from './route-compile';
export { normalizeHost } from './table';
export { matchSni } from './tls';
export { LISTENER_PROTOCOLS, parentGateway, parentListeners, type AttachableKind } from './listener-record';
export { admitsNamespace, listenerRouteKinds } from './listener-admission';
export { isServiceRef } from './resolved-refs';
export { corsAllowOrigin, corsAnyOrigin, corsPreflightHeaders, corsRefusedPreflightHeaders, corsResponseHeaders, gatewayCorsPolicy, isCorsPreflight } from './cors';
export { SUPPORTED_FEATURES, SUPPORTED_FEATURES_STATUS, supportsFeature, type SupportedFeature } from './features';
export { compileUserRegex, userRegexProblem, MAX_PATTERN_LENGTH, type UserRegex, type UserRegexMode } from './user-regex';
export { BACKEND_NOT_PERMITTED, refusedBackendMessage } from './backend-policy';

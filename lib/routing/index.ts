/**
 * lib/routing entry point. See ./types.ts for the contract (read its header first).
 *   buildSnapshot(state, options) -> RoutingSnapshot   (./snapshot)
 *   computeStatuses(state, snapshot) -> StatusReport    (./status)
 *   parseRequestTarget(rawTarget) -> ParsedTarget        (./request-target)
 *   SUPPORTED_ANNOTATIONS                                (./annotations)
 */
export * from './types';
export { buildSnapshot } from './snapshot';
export { computeStatuses } from './status';
export { parseRequestTarget, type ParsedTarget } from './request-target';
export { SUPPORTED_ANNOTATIONS, NGINX_PREFIX, isSnippetAnnotation } from './annotations';

/**
 * Seed 004's failure table (lib/diagnostics/failure-table.ts) as topology problems, in the
 * graph's one vocabulary of problem codes: the same words the Service and route pages show,
 * drawn on the node where the symptom is (Service: source IP lost; route: WebSocket read
 * timeout). Pod probe reasons come through podState, undeclared target ports are the
 * graph's TargetPortNotServed, an unresolved ExternalName is the gateway's
 * ExternalNameUnresolved: each failure has one code.
 */
import { sourceIpProblem, websocketTimeoutProblem } from '../diagnostics/failure-table';
import type { ListedIngress, ListedService, Problem, ProblemCode } from './types';

/** Failure-table rows and the problem code each is drawn with. */
export const FAILURE_TABLE_CODES = {
  podNotReady: 'PodNotReady',
  externalNameUnresolved: 'ExternalNameUnresolved',
  sourceIpLost: 'SourceIpLost',
  websocketReadTimeout: 'WebSocketReadTimeout',
  undeclaredTargetPort: 'TargetPortNotServed',
  noEndpoints: 'NoReadyEndpoints',
  selectorMismatch: 'NoMatchingPods',
} as const satisfies Record<string, ProblemCode>;

/** A Service's failure-table problems the graph does not derive itself. */
export function serviceFailureProblems(svc: ListedService): Problem[] {
  const lost = sourceIpProblem(svc);
  return lost ? [{ code: FAILURE_TABLE_CODES.sourceIpLost, severity: 'warning', message: lost }] : [];
}

/** An Ingress's failure-table problems (WebSockets cut by the read timeout); services by name. */
export function ingressFailureProblems(ing: ListedIngress, services: ReadonlyMap<string, ListedService>): Problem[] {
  const ws = websocketTimeoutProblem(ing, services);
  return ws ? [{ code: FAILURE_TABLE_CODES.websocketReadTimeout, severity: 'warning', message: ws }] : [];
}

/**
 * "Convert to Gateway API": Ingress -> proposed HTTPRoutes + annotation table
 * (./ingress-to-httproute), and the equivalence proof on the gateway's own routing table
 * (./equivalence). `planConversion` runs both for one Ingress of a namespace's Ingresses.
 */
import type { HTTPRouteInput, IngressInput, RoutingOptions, ServiceInput } from '../types';
import { CONVERTED_FROM_ANNOTATION, convertIngress, type Conversion, type ConversionTarget } from './ingress-to-httproute';
import { checkEquivalence, type EquivalenceResult } from './equivalence';

export * from './ingress-to-httproute';
export * from './equivalence';
export { formatReport } from './report';

export interface ConversionPlan {
  conversion: Conversion;
  equivalence?: EquivalenceResult;
}

/** Convert `ingress` (canaries found among `ingresses`) for `target`, and prove it. */
export function planConversion(ingress: IngressInput, ingresses: readonly IngressInput[], services: readonly ServiceInput[], target: ConversionTarget, options?: RoutingOptions & { routes?: readonly HTTPRouteInput[] }): ConversionPlan {
  // Names of routes that are not this Ingress's own earlier conversion are off limits.
  const from = `Ingress/${ingress.metadata.name}`;
  const takenRouteNames = new Set((options?.routes ?? []).filter((r) => r.metadata.annotations?.[CONVERTED_FROM_ANNOTATION] !== from).map((r) => r.metadata.name));
  const conversion = convertIngress({ ingress, siblings: ingresses, services, target, takenRouteNames });
  if (conversion.refused) return { conversion };
  const canaries = ingresses.filter((i) => conversion.canaries.includes(i.metadata.name));
  const { routes: _routes, ...routing } = options ?? {};
  void _routes;
  return { conversion, equivalence: checkEquivalence({ ingress, canaries, conversion, services, target, options: routing }) };
}

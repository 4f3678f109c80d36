/**
 * Which HTTPRoute form fields the chosen Gateways support, from their GatewayClass
 * `status.supportedFeatures` (GEP-2162 names). A field is offered when every chosen Gateway
 * supports it; one whose class lists no features (an older implementation) does not restrict.
 * A field that is already set but unsupported is kept and flagged, never dropped.
 */
import type { GatewayChoice } from '../console/rows';

/** The v1.4-v1.6 form parts and the conformance feature each needs. */
export const FIELD_FEATURES = {
  cors: 'HTTPRouteCORS',
  mirrorShare: 'HTTPRouteRequestPercentageMirror',
  ruleName: 'HTTPRouteNamedRouteRule',
  retry: 'HTTPRouteRetry',
  // v1.6 names only the Cookie type (conformance HTTPRouteSessionPersistenceCookie); Header rides on it.
  session: 'HTTPRouteSessionPersistenceCookie',
} as const;
export type FormFeature = keyof typeof FIELD_FEATURES;

export interface FeatureSupport {
  /** Whether the form may offer the field. */
  offered: (f: FormFeature) => boolean;
  /** Gateways ("ns/name") that do not list the feature (empty when supported everywhere or unknown). */
  missingOn: (f: FormFeature) => string[];
}

/**
 * Support for the form's parents (`gateway` as "namespace/name"); parents the server did not
 * offer (typed by hand) are unknown and do not restrict.
 */
export function featureSupport(parents: readonly { gateway: string; kind?: 'ListenerSet' }[], choices: readonly GatewayChoice[]): FeatureSupport {
  const known = parents
    .map((p) => choices.find((c) => `${c.namespace}/${c.name}` === p.gateway && c.kind === p.kind))
    .filter((c): c is GatewayChoice => c !== undefined && Array.isArray(c.supportedFeatures));
  const missingOn = (f: FormFeature) => known.filter((c) => !c.supportedFeatures?.includes(FIELD_FEATURES[f])).map((c) => `${c.namespace}/${c.name}`);
  return { offered: (f) => missingOn(f).length === 0, missingOn };
}

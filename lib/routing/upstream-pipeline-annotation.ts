// The Service annotation `portico.dev/upstream-pipeline: "N"` (1-64): HTTP/1.1 pipelining depth
// for that Service's plain-HTTP endpoints (the gateway's GATEWAY_UPSTREAM_PIPELINE is the default;
// "1" turns it off for the Service). Read once per snapshot build, carried on each BackendRef.
export const UPSTREAM_PIPELINE_ANNOTATION = 'portico.dev/upstream-pipeline';
export const MAX_UPSTREAM_PIPELINE = 64;

/** The depth, undefined when the annotation is absent, or an error naming the rule. */
export function parsePipelineAnnotation(annotations: Readonly<Record<string, string>> | undefined): number | { error: string } | undefined {
  const raw = annotations?.[UPSTREAM_PIPELINE_ANNOTATION];
  if (raw === undefined) return undefined;
  const v = raw.trim();
  const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (n >= 1 && n <= MAX_UPSTREAM_PIPELINE) return n;
  return { error: `must be a whole number from 1 (no pipelining) to ${MAX_UPSTREAM_PIPELINE}, got "${raw.length > 64 ? `${raw.slice(0, 64)}...` : raw}"; ignored (the gateway's default applies)` };
}

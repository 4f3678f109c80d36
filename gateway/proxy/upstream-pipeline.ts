// GATEWAY_UPSTREAM_PIPELINE: HTTP/1.1 pipelining to plain-HTTP upstreams (./http1/client, opt-in).
export const UPSTREAM_PIPELINE_VARIABLE = 'GATEWAY_UPSTREAM_PIPELINE';
const MAX = 64;

/** Requests in flight per upstream connection: 1 (unset: no pipelining) to 64. */
export function parseUpstreamPipeline(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const v = value.trim();
  const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= MAX)) throw new Error(`${UPSTREAM_PIPELINE_VARIABLE} must be a whole number from 1 (no pipelining) to ${MAX}, got "${value}"`);
  return n;
}

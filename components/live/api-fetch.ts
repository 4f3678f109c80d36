/**
 * The console's one read path in the browser: a GET of the route handler a query key names
 * (query-keys.ts). Route handlers rather than server actions because the browser runs server
 * actions one at a time (a burst of live invalidations would queue behind each other), while
 * GETs run in parallel, carry HTTP status codes, and are what e2e tests and benchmarks call.
 */
import type { ApiKey, ApiParams } from './query-keys';

/** The URL a key names: /api/... for API keys; the topology graph lives beside its page. */
export function apiUrl(key: ApiKey): string {
  const params = key.find((s): s is ApiParams => typeof s !== 'string');
  const segments = key.filter((s): s is string => typeof s === 'string');
  const path = segments[3] === 'topology' ? `/projects/${encodeURIComponent(segments[2]!)}/topology/graph` : `/${segments.map(encodeURIComponent).join('/')}`;
  const qs = params ? new URLSearchParams(params).toString() : '';
  return qs ? `${path}?${qs}` : path;
}

/** A failed read: the handler's message, and its HTTP status for callers that tell 403 from 500. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GETs what `key` names; a non-2xx answer throws ApiError with the handler's message. */
export async function getApi<T>(key: ApiKey): Promise<T> {
  const res = await fetch(apiUrl(key), { cache: 'no-store' });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const message = (body as { message?: unknown } | undefined)?.message;
    throw new ApiError(typeof message === 'string' ? message : text || `HTTP ${res.status}`, res.status);
  }
  return body as T;
}

/** GETs one object; null when it does not exist (404). */
export async function getApiItem<T>(key: ApiKey): Promise<T | null> {
  try {
    return await getApi<T>(key);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

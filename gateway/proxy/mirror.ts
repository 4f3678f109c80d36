// RequestMirror: fire-and-forget copy of a (bodyless) request to another backend; the answer
// is read and dropped, failures are ignored (they never affect the client's response).
import type { Dispatcher } from 'undici';
import type { BackendRef } from '@/lib/routing';
import type { GatewayRuntime } from './runtime';
import { pickRoundRobin } from './balancer';

export function mirrorRequest(rt: GatewayRuntime, backend: BackendRef, opts: Dispatcher.RequestOptions<unknown>): void {
  if (backend.invalid) return;
  const set = rt.endpoints.get(backend.key);
  if (!set) return;
  const e = pickRoundRobin(set, Date.now());
  if (!e) return;
  rt.pools
    .get(e.origin)
    .request({ path: opts.path, method: opts.method, headers: opts.headers, headersTimeout: 10_000, bodyTimeout: 10_000 })
    .then((r) => r.body.dump())
    .catch(() => {});
}

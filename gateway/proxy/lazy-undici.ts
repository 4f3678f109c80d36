// undici, loaded on first use: only TLS upstreams, mirrors and active health checks need it (the
// plain-HTTP hot path has its own client, ./http1/client). Loading it at start cost ~12 MB of RSS
// in every worker (bench/gateway/RESULTS.md, helper mem19). In the deployed bundle undici is a
// chunk of its own, read from disk on first use: its 0.7 MB of source is not in every gateway's heap.
import type { Dispatcher, Pool } from 'undici';
import { importCjs } from '../import-cjs';

type Undici = typeof import('undici');

let undici: Undici | undefined;
let loading: Promise<Undici> | undefined;

export function loadUndici(): Promise<Undici> {
  return (loading ??= importCjs(() => import('undici')).then((m) => (undici = m)));
}

/** The loaded module, for code that only runs once a LazyPool exists (its connect callback). */
export function loadedUndici(): Undici {
  if (!undici) throw new Error('undici is not loaded yet');
  return undici;
}

/** Whether undici has been loaded in this process (tests: the plain-HTTP path must not load it). */
export const undiciLoaded = (): boolean => undici !== undefined;

/** The subset of a Pool the gateway uses: dispatch (proxy), request (mirror), close / destroy. */
export interface UpstreamDispatcher {
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  request(opts: Dispatcher.RequestOptions<unknown>): Promise<Dispatcher.ResponseData<unknown>>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * An undici Pool created once undici is loaded; dispatches made before that wait for the load
 * (only the first TLS / mirror requests of a process, a few ms). Once loaded, calls go straight
 * to the Pool.
 */
export class LazyPool implements UpstreamDispatcher {
  private pool: Pool | undefined;
  private readonly ready: Promise<Pool>;

  constructor(origin: string, options: Pool.Options) {
    this.pool = undici ? new undici.Pool(origin, options) : undefined;
    this.ready = this.pool
      ? Promise.resolve(this.pool)
      : loadUndici().then((m) => (this.pool = new m.Pool(origin, options)));
  }

  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.pool) return this.pool.dispatch(opts, handler);
    // queued before a close(): runs first (then-callbacks run in order), like undici's own queue
    this.ready.then(
      (p) => p.dispatch(opts, handler),
      (err: Error) => handler.onError?.(err),
    );
    return true;
  }

  request(opts: Dispatcher.RequestOptions<unknown>): Promise<Dispatcher.ResponseData<unknown>> {
    return this.pool ? this.pool.request(opts) : this.ready.then((p) => p.request(opts));
  }

  close(): Promise<void> {
    return this.ready.then((p) => p.close());
  }

  destroy(): Promise<void> {
    return this.ready.then((p) => p.destroy());
  }
}

// List + watch of one resource (all namespaces), as client-go's reflector does: list in pages,
// then watch from the list's resourceVersion with bookmarks; a watch that ends is resumed from
// the last version seen; 410 Gone (the version was compacted) lists again; failures back off
// (1 s doubling to 30 s). It keeps no cache of its own: the consumer gets every (re)list whole
// (`onList`, authoritative: what it lacks is gone) and each event after it.
import type { Readable } from 'node:stream';
import { KubeApiError, type KubeClient, type KubeList } from './client';

export interface WatchedObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
}

export interface InformerHandlers<T extends WatchedObject> {
  onList(items: T[]): void;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void;
  /** A watch or relist failed; the informer retries on its own. */
  onError(err: unknown): void;
}

const PAGE = 500;
/** One watch event beyond this is refused (an object is at most ~1.5 MB in etcd). */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T & { code?: number; message?: string };
}

export class Informer<T extends WatchedObject> {
  private rv = '';
  private stopped = false;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = BACKOFF_MIN_MS;
  /** server-side watch length, randomised as client-go does so watches do not all end together */
  private readonly watchSeconds = 300 + Math.floor(Math.random() * 300);

  constructor(
    private readonly client: KubeClient,
    /** collection path, e.g. /apis/networking.k8s.io/v1/ingresses */
    readonly path: string,
    private readonly h: InformerHandlers<T>,
    private readonly pageSize = PAGE,
  ) {}

  /** The first list: rejects (KubeApiError with the status) when it fails; then watches in the background. */
  async start(): Promise<void> {
    await this.list();
    this.watch();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
  }

  private async list(): Promise<void> {
    const items: T[] = [];
    let cont = '';
    let rv = '';
    do {
      const page = await this.client.get<KubeList<T>>(
        `${this.path}?limit=${this.pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      );
      for (const o of page.items ?? []) items.push(o);
      cont = page.metadata?.continue ?? '';
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont && !this.stopped);
    if (this.stopped) return;
    this.rv = rv;
    this.h.onList(items);
  }

  private retry(relist: boolean, err?: unknown): void {
    if (this.stopped) return;
    if (err !== undefined) this.h.onError(err);
    const wait = err === undefined ? 0 : this.backoffMs;
    if (err !== undefined) this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      if (!relist) return this.watch();
      this.list().then(
        () => this.watch(),
        (e: unknown) => this.retry(true, e),
      );
    }, wait);
    this.timer.unref();
  }

  private watch(): void {
    if (this.stopped) return;
    const abort = (this.abort = new AbortController());
    const q = `?watch=1&allowWatchBookmarks=true&timeoutSeconds=${this.watchSeconds}&resourceVersion=${encodeURIComponent(this.rv)}`;
    this.client.stream(this.path + q, abort.signal, (this.watchSeconds + 60) * 1000).then(
      (res) => this.consume(res, abort),
      (err: unknown) => this.retry(err instanceof KubeApiError && err.code === 410, err),
    );
  }

  private consume(res: Readable, abort: AbortController): void {
    let buf = '';
    let done = false;
    let events = 0;
    const started = Date.now();
    // one outcome per watch: resume, relist or back off
    const finish = (relist: boolean, err?: unknown) => {
      if (done) return;
      done = true;
      abort.abort();
      // a server that ends every watch at once (or answers each fresh list's version with 410)
      // must not make us spin: back off as for an error
      if (err === undefined && events <= (relist ? 1 : 0) && Date.now() - started < 1_000)
        err = new Error(
          `${this.path}: watch ended at once${relist ? ' (410 Gone right after a list)' : ''}`,
        );
      this.retry(relist, err);
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (done) return;
      buf += chunk;
      let from = 0;
      let nl: number;
      while ((nl = buf.indexOf('\n', from)) >= 0) {
        const line = buf.slice(from, nl);
        from = nl + 1;
        events++;
        if (line.trim() && !this.event(line, finish)) return;
      }
      buf = from ? buf.slice(from) : buf;
      if (buf.length > MAX_EVENT_BYTES)
        finish(
          true,
          new Error(`${this.path}: watch event larger than ${MAX_EVENT_BYTES} bytes refused`),
        );
    });
    res.once('end', () => finish(false));
    res.once('error', (err: Error) => finish(false, err));
    // a connection that went away (HTTP/1.1 response aborted, HTTP/2 stream reset): 'close' without 'end'
    res.once('close', () => finish(false, new Error(`${this.path}: watch connection closed`)));
  }

  /** false: the watch is over (ERROR event) */
  private event(line: string, finish: (relist: boolean, err?: unknown) => void): boolean {
    let ev: WatchEvent<T>;
    try {
      ev = JSON.parse(line) as WatchEvent<T>;
    } catch {
      finish(true, new Error(`${this.path}: watch sent a line that is not JSON`));
      return false;
    }
    if (ev.type === 'ERROR') {
      const code = ev.object?.code;
      // 410: our version was compacted away; list again (at once: it is routine, not a failure)
      if (code === 410) finish(true);
      else finish(true, new KubeApiError(code ?? 500, ev.object ?? {}, `watch ${this.path}`));
      return false;
    }
    const rv = ev.object?.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    this.backoffMs = BACKOFF_MIN_MS;
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')
      this.h.onEvent(ev.type, ev.object);
    return true;
  }
}

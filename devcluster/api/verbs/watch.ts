/** Watches: a chunked stream of events, bookmarks, watch-list initial events, timeouts. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import type { KubeObject } from '../../store/registry';
import { goBool, includeObjectParam, type Accept } from '../http';
import { groupVersion, resourceKey, type ResourceDef } from '../resources';
import { toTable } from '../table';
import type { VerbContext } from './context';
import { servedText } from '../served-version';

export function serveWatch(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, name: string | undefined, q: URLSearchParams, accept: Accept): void {
  const { registry, options, bookmarkIntervalMs, maxWatchSeconds } = ctx;
  const timeoutText = q.get('timeoutSeconds');
  if (timeoutText !== null && !/^\d+$/.test(timeoutText)) throw new ApiError(400, 'BadRequest', `timeoutSeconds: invalid value ${JSON.stringify(timeoutText)}`);
  const timeoutSeconds = timeoutText ? Math.min(Number(timeoutText), maxWatchSeconds) : maxWatchSeconds;
  let fieldSelector = q.get('fieldSelector') ?? undefined;
  if (name) fieldSelector = [fieldSelector, `metadata.name=${name}`].filter(Boolean).join(',');
  const bookmarks = goBool('allowWatchBookmarks', q.get('allowWatchBookmarks'));
  const sendInitialEvents = goBool('sendInitialEvents', q.get('sendInitialEvents'));
  const resource = resourceKey(def);
  let firstTable = true;
  const encode = (type: string, obj: KubeObject, json: string): string => {
    if (accept.table) {
      const table = toTable(def.kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObjectParam(q), firstTable);
      firstTable = false;
      return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
    }
    if (accept.partial) return `{"type":"${type}","object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata })}}\n`;
    return `{"type":"${type}","object":${json}}\n`;
  };

  // Validate selectors and the resourceVersion before committing to a 200.
  const pending: string[] = [];
  let started = false;
  let closed = false;
  let unsubscribe: () => void = () => {};
  const write = (line: string) => {
    if (closed) return;
    if (!started) pending.push(line);
    else res.write(servedText(res, line));
  };
  try {
    unsubscribe = registry.watchRaw(
      resource,
      { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector, resourceVersion: sendInitialEvents ? undefined : (q.get('resourceVersion') ?? undefined) },
      (ev) => write(encode(ev.type, ev.obj, ev.json)),
    );
    if (sendInitialEvents) {
      // Watch-list (client-go): the initial state ends with an annotated bookmark.
      write(`{"type":"BOOKMARK","object":{"kind":"${def.kind}","apiVersion":"${groupVersion(def)}","metadata":{"resourceVersion":"${registry.currentResourceVersion}","annotations":{"k8s.io/initial-events-end":"true"}}}}\n`);
    }
  } catch (err) {
    if (err instanceof ApiError && err.code === 410) {
      // Real servers answer 200 and send the Expired status as an ERROR event, then close.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      res.end(`{"type":"ERROR","object":${JSON.stringify(err.toStatus())}}\n`);
      return;
    }
    throw err;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  started = true;
  if (pending.length) res.write(servedText(res, pending.join('')));
  pending.length = 0;

  const timers: NodeJS.Timeout[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    unregister();
    if (!res.writableEnded) res.end();
  };
  const unregister = options.onWatchOpen?.(close) ?? (() => {});
  timers.push(setTimeout(close, timeoutSeconds * 1000));
  if (bookmarks) {
    const tick = () => {
      write(`{"type":"BOOKMARK","object":{"kind":"${def.kind}","apiVersion":"${groupVersion(def)}","metadata":{"resourceVersion":"${registry.currentResourceVersion}"}}}\n`);
      timers.push(setTimeout(tick, bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, bookmarkIntervalMs));
  }
  req.on('close', close);
  res.on('close', close);
  res.on('error', close);
}

import 'server-only';
/**
 * Live updates for one stream, fanned out from the console's shared informers: one cluster
 * watch per (kind, namespace) and process however many tabs are open, so an open stream costs
 * no cluster connection of its own. The user's right to watch is asked of the cluster before
 * subscribing and again every ACCESS_RECHECK_MS (answers cached briefly, server/kube/cache.ts):
 * someone removed from the project stops receiving. Where the cache cannot serve a kind (the
 * console may not list it, or the cache is off) the stream follows it directly as the user,
 * as before.
 */
import type { KubeClient } from '../kube/client';
import { authorize, subscribeChanges, type ChangeListener } from '../kube/cache';
import { KubeError } from '../kube/errors';
import type { ResourceName } from '../kube/resources';
import { followResource, type ChangeMessage } from '../kube/watch-stream';

/** Kinds whose whole objects the browser caches (as watch-stream.ts sends them). */
const SEND_OBJECT = new Set<ResourceName>(['ingresses', 'services', 'httproutes', 'tcproutes']);
export const ACCESS_RECHECK_MS = 30_000;

export async function followShared(
  kube: KubeClient,
  resource: ResourceName,
  namespace: string,
  signal: AbortSignal,
  onChange: (m: ChangeMessage) => void,
  onError: (resource: ResourceName, err: unknown) => void,
): Promise<void> {
  if (signal.aborted) return;
  const sendObject = SEND_OBJECT.has(resource);
  const listener: ChangeListener = (ev) => {
    if (ev.type === 'RESYNC') onChange({ resource, type: 'MODIFIED', name: '' });
    else onChange({ resource, type: ev.type, name: ev.object.metadata?.name, object: sendObject ? ev.object : undefined });
  };
  let unsubscribe: (() => void) | undefined;
  try {
    unsubscribe = await subscribeChanges(resource, namespace, kube, listener);
  } catch (err) {
    // Not allowed to watch (403) or the kind is not served (404): say so once, like a direct watch would.
    if (!(err instanceof KubeError && err.code === 404)) onError(resource, err);
    return;
  }
  if (!unsubscribe) return followResource(resource, namespace, signal, onChange, onError);
  if (signal.aborted) return unsubscribe();
  const recheck = setInterval(() => {
    authorize(kube, 'watch', resource, namespace).catch((err: unknown) => {
      if (!(err instanceof KubeError && err.code === 403)) return; // cluster hiccup: keep going, ask again later
      stop();
      onError(resource, err);
    });
  }, ACCESS_RECHECK_MS);
  recheck.unref?.();
  const stop = () => {
    clearInterval(recheck);
    unsubscribe?.();
  };
  signal.addEventListener('abort', stop, { once: true });
}

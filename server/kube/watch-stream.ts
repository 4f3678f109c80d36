import 'server-only';
import type { KubeObject } from './client';
import { getKubeClient } from './request-client';
import { KubeError } from './errors';
import { CONSOLE_KINDS } from '@/lib/k8s/kinds';
import type { ResourceName } from './resources';

/** What the browser receives for each change; objects only for kinds the UI caches whole. */
export interface ChangeMessage {
  resource: ResourceName;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  object?: KubeObject;
}

/** What the live stream follows per project, and which kinds it sends whole (registry: console.stream). */
export const WATCHED: ResourceName[] = CONSOLE_KINDS.filter((k) => k.console.stream).map((k) => k.plural);
const SEND_OBJECT = new Set<ResourceName>(CONSOLE_KINDS.filter((k) => k.console.stream === 'objects').map((k) => k.plural));

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * Follows one resource of a namespace: list for a resourceVersion, watch from there, and
 * start over when the watch ends or expires (410). Stops when the signal aborts.
 */
export async function followResource(
  resource: ResourceName,
  namespace: string,
  signal: AbortSignal,
  onChange: (m: ChangeMessage) => void,
  onError: (resource: ResourceName, err: unknown) => void,
): Promise<void> {
  let backoff = 250;
  while (!signal.aborted) {
    try {
      const kube = await getKubeClient();
      const list = await kube.list(resource, namespace, { limit: 1 });
      let rv = list.metadata.resourceVersion;
      for await (const ev of kube.watch(resource, namespace, rv, signal)) {
        backoff = 250;
        if (ev.type === 'BOOKMARK') {
          rv = ev.object.metadata?.resourceVersion ?? rv;
          continue;
        }
        if (ev.type === 'ERROR') break; // usually 410 Gone: re-list
        onChange({
          resource,
          type: ev.type,
          name: ev.object.metadata?.name,
          object: SEND_OBJECT.has(resource) ? ev.object : undefined,
        });
      }
      // A watch ended normally: tell the client something may have been missed between list and re-watch.
      if (!signal.aborted) onChange({ resource, type: 'MODIFIED', name: '' });
    } catch (err) {
      if (signal.aborted) return;
      // A kind the cluster does not serve (e.g. no Gateway API): stop following it.
      if (err instanceof KubeError && err.code === 404) return;
      onError(resource, err);
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 5000);
    }
  }
}

// The watched objects, by kind, as plain data. Produces the ClusterState that lib/routing
// compiles (EndpointSlices are kept apart: they feed the endpoint table directly).
import { GATEWAY_KINDS } from '@/lib/k8s/kinds';
import type { ClusterState } from '@/lib/routing';
import type { EndpointSliceLike } from '../proxy/endpoints';

export type StateKind = Exclude<keyof ClusterState, never>;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number };
  [k: string]: unknown;
}

/** Kind name (as in manifests) -> ClusterState field (kind registry: gateway facts). */
export const KIND_FIELD: Record<string, StateKind | 'endpointSlices'> = Object.fromEntries(GATEWAY_KINDS.map((k) => [k.kind, k.gateway.field]));

/**
 * What routing reads from an object: everything but status and bookkeeping metadata (the
 * generation counts: statuses carry observedGeneration). Equal fingerprints: same routing.
 */
export function routingFingerprint(o: KubeObject): string {
  const m = o.metadata as KubeObject['metadata'] & { deletionTimestamp?: unknown; creationTimestamp?: unknown };
  return JSON.stringify([o.spec, m.labels, m.annotations, m.deletionTimestamp ?? null, m.uid ?? null, m.generation ?? null, m.creationTimestamp ?? null]);
}

export function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export class ObjectStore {
  private byField = new Map<StateKind, Map<string, KubeObject>>();

  put(field: StateKind, o: KubeObject): void {
    let m = this.byField.get(field);
    if (!m) this.byField.set(field, (m = new Map()));
    m.set(objectKey(o), o);
  }

  remove(field: StateKind, o: KubeObject): void {
    this.byField.get(field)?.delete(objectKey(o));
  }

  replace(field: StateKind, list: KubeObject[]): void {
    const m = new Map<string, KubeObject>();
    for (const o of list) m.set(objectKey(o), o);
    this.byField.set(field, m);
  }

  get(field: StateKind, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byField.get(field)?.get(`${namespace ?? ''}/${name}`);
  }

  /** The object we hold for `o` when it is the same version (uid and resourceVersion). */
  sameVersion(field: StateKind, o: KubeObject): KubeObject | undefined {
    const held = this.byField.get(field)?.get(objectKey(o));
    const a = held?.metadata;
    const b = o.metadata;
    return a && b.resourceVersion && a.resourceVersion === b.resourceVersion && a.uid === b.uid ? held : undefined;
  }

  list(field: StateKind): KubeObject[] {
    return [...(this.byField.get(field)?.values() ?? [])];
  }

  state(): ClusterState {
    const s: Record<string, unknown[]> = {};
    for (const [f, m] of this.byField) s[f] = [...m.values()];
    return s as ClusterState;
  }

  /** Only kubernetes.io/tls secrets matter for routing; dropping the rest keeps the state small. */
  /** TLS Secrets (certificates), and Secrets with a ca.crt (BackendTLSPolicy CA bundles). */
  static keepSecret(o: KubeObject): boolean {
    const type = (o as { type?: string }).type;
    // ServiceAccount token Secrets carry a ca.crt too: never keep tokens
    return type === 'kubernetes.io/tls' || (type !== 'kubernetes.io/service-account-token' && ObjectStore.hasCa(o));
  }

  /** Only ConfigMaps with a ca.crt (BackendTLSPolicy CA bundles): the rest is not routing input. */
  static keepConfigMap(o: KubeObject): boolean {
    return ObjectStore.hasCa(o);
  }

  private static hasCa(o: KubeObject): boolean {
    return typeof (o as { data?: Record<string, unknown> }).data?.['ca.crt'] === 'string';
  }
}

/** Split a list of manifests (static config) into state and slices. */
export function partitionObjects(objects: KubeObject[]): { state: ClusterState; slices: EndpointSliceLike[] } {
  const store = new ObjectStore();
  const slices: EndpointSliceLike[] = [];
  for (const o of objects) {
    if (!o || typeof o !== 'object' || !o.metadata?.name) continue;
    const field = KIND_FIELD[String(o.kind)];
    if (!field) continue;
    if (field === 'endpointSlices') slices.push(o as unknown as EndpointSliceLike);
    else store.put(field, o);
  }
  return { state: store.state(), slices };
}

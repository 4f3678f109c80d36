// Informers for every kind the gateway routes from. Changes to routing kinds are coalesced
// (a few ms) into one rebuild; EndpointSlice changes go straight to the endpoint table.
// Gateway API kinds are optional: when their CRDs are absent (404) we say so and keep
// serving Ingress, probing again later.
import * as k8s from '@kubernetes/client-node';
import type { EndpointSliceLike } from '../proxy/endpoints';
import { GATEWAY_GROUP, GATEWAY_KINDS, apiPath, type GatewayKind } from '@/lib/k8s/kinds';
import { carryOver } from '@/lib/routing';
import { ObjectStore, routingFingerprint, type KubeObject, type StateKind } from './store';

type Lister = () => Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>;

interface KindWatch {
  kind: string;
  field: StateKind | 'endpointSlices';
  path: string;
  list: Lister;
  optional: boolean;
}

export interface WatcherEvents {
  /** routing inputs changed (coalesced); `since` = performance.now() of the first change */
  onChange(since: number): void;
  onSlice(op: 'put' | 'delete', slice: EndpointSliceLike): void;
  onSlicesReplaced(all: EndpointSliceLike[]): void;
  log(level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void;
}

/** Every kind the registry marks as watched by the gateway (kind registry: gateway facts). */
export function kindWatches(kc: k8s.KubeConfig): KindWatch[] {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const net = kc.makeApiClient(k8s.NetworkingV1Api);
  const disc = kc.makeApiClient(k8s.DiscoveryV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const L = (f: () => Promise<unknown>) => f as Lister;
  // Built-in kinds list through their typed clients; Gateway API kinds (CRDs) through the custom objects API.
  const builtIn: Partial<Record<GatewayKind['kind'], Lister>> = {
    IngressClass: L(() => net.listIngressClass()),
    Ingress: L(() => net.listIngressForAllNamespaces()),
    Service: L(() => core.listServiceForAllNamespaces()),
    Secret: L(() => core.listSecretForAllNamespaces()),
    ConfigMap: L(() => core.listConfigMapForAllNamespaces()),
    Namespace: L(() => core.listNamespace()),
    EndpointSlice: L(() => disc.listEndpointSliceForAllNamespaces()),
  };
  const lister = (k: GatewayKind): Lister => {
    const typed = builtIn[k.kind];
    if (typed) return typed;
    if (k.group !== GATEWAY_GROUP) throw new Error(`${k.kind}: no lister for group ${k.group || 'core'}`);
    return () => custom.listClusterCustomObject({ group: k.group, version: k.version, plural: k.plural }) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>;
  };
  return GATEWAY_KINDS.map((k) => ({ kind: k.kind, field: k.gateway.field, path: apiPath(k), list: lister(k), optional: k.gateway.optional }));
}

/** Kinds whose status we write ourselves. */
const STATUS_ONLY_KINDS = new Set<string>(GATEWAY_KINDS.filter((k) => k.gateway.writesStatus).map((k) => k.kind));

/**
 * managedFields are server bookkeeping nobody here reads; dropping them keeps the store (and
 * the state sent to workers) small. A shallow copy: the informer's cache is left alone.
 */
function withoutManagedFields(o: KubeObject): KubeObject {
  if (!(o.metadata as { managedFields?: unknown }).managedFields) return o;
  const metadata = { ...o.metadata } as KubeObject['metadata'] & { managedFields?: unknown };
  delete metadata.managedFields;
  return { ...o, metadata };
}

function statusCode(err: unknown): number | undefined {
  const e = err as { code?: number; statusCode?: number; response?: { statusCode?: number } };
  return e?.code ?? e?.statusCode ?? e?.response?.statusCode;
}

const apiProblem = (code: number | undefined) => (code === 403 ? 'forbidden' : 'not installed');

/** Missing CRDs and missing RBAC look alike from a failed list: say which, and what fixes it. */
export function describeApiProblem(w: Pick<KindWatch, 'kind' | 'path'>, code: number | undefined): string {
  const resource = w.path.split('/').pop()!;
  const group = w.path.startsWith('/api/') ? '' : w.path.split('/')[2];
  const qualified = group ? `${resource}.${group}` : resource;
  if (code === 403)
    return `${w.kind}: cannot list ${qualified}: forbidden (403). Grant the gateway's ServiceAccount get/list/watch on ${qualified} (ClusterRole portico-gateway, deploy/rbac-gateway.yaml); ${group === GATEWAY_GROUP ? 'serving without it, checking again every 30s' : 'retrying every 2s'}`;
  if (group === GATEWAY_GROUP)
    return `${w.kind}: the API ${group}/${w.path.split('/')[3]} is not served (404): the Gateway API CRDs are not installed. Install them (README, "Install on a cluster"); serving Ingress meanwhile, checking again every 30s`;
  return `${w.kind}: the API ${w.path} is not served (404); serving without it, checking again every 30s`;
}

export class ClusterWatcher {
  readonly store = new ObjectStore();
  private informers: Array<k8s.Informer<k8s.KubernetesObject>> = [];
  private timers = new Set<NodeJS.Timeout>();
  private pendingSince = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly missing = new Set<string>();
  /** Why each missing kind is missing: 'not installed' (404) or 'forbidden' (403). */
  readonly problems = new Map<string, string>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly kc: k8s.KubeConfig,
    private readonly ev: WatcherEvents,
    private readonly debounceMs = 3,
  ) {}

  /** Resolves after every available kind has been listed once. */
  async start(): Promise<void> {
    await Promise.all(kindWatches(this.kc).map((w) => this.startKind(w)));
  }

  private async startKind(w: KindWatch): Promise<void> {
    // Probe first: a 404 (CRD not installed) must not become an endless informer error loop.
    try {
      await w.list();
    } catch (err) {
      const code = statusCode(err);
      if (w.optional && (code === 404 || code === 403)) {
        if (!this.missing.has(w.kind) || this.problems.get(w.kind) !== apiProblem(code)) this.ev.log('warn', describeApiProblem(w, code));
        this.missing.add(w.kind);
        this.problems.set(w.kind, apiProblem(code));
        this.later(() => void this.startKind(w), 30_000);
        return;
      }
      // once per kind and status code: a refused list every 2 s must not flood the log
      const key = `${w.kind}/${code}`;
      if (!this.reported.has(key)) this.ev.log('error', code === 403 ? describeApiProblem(w, code) : `${w.kind}: list failed, retrying every 2s`, { err: String((err as Error)?.message ?? err).split('\n')[0] });
      this.reported.add(key);
      this.later(() => void this.startKind(w), 2_000);
      return;
    }
    if (this.stopped) return;
    if (this.missing.has(w.kind) || this.problems.has(w.kind)) this.ev.log('info', `${w.kind}: API available now; watching it`);
    this.missing.delete(w.kind);
    this.problems.delete(w.kind);
    for (const k of this.reported) if (k.startsWith(`${w.kind}/`)) this.reported.delete(k);
    const inf = k8s.makeInformer(this.kc, w.path, w.list);
    const isSlice = w.field === 'endpointSlices';
    const field = w.field as StateKind;
    const keep = (o: KubeObject) => (w.kind === 'Secret' ? ObjectStore.keepSecret(o) : w.kind === 'ConfigMap' ? ObjectStore.keepConfigMap(o) : true);
    const onPut = (o: k8s.KubernetesObject) => {
      const obj = withoutManagedFields(o as unknown as KubeObject);
      if (isSlice) return this.ev.onSlice('put', obj as unknown as EndpointSliceLike);
      if (!keep(obj)) {
        // a Secret may change type away from TLS: make sure it is gone
        if (this.store.get(field, obj.metadata.namespace, obj.metadata.name)) {
          this.store.remove(field, obj);
          this.changed();
        }
        return;
      }
      // Our own status writes come back as updates: store them (the status writer compares
      // against them) but do not rebuild routes when nothing routing reads has changed.
      const prev = this.store.get(field, obj.metadata.namespace, obj.metadata.name);
      this.store.put(field, obj);
      if (prev && STATUS_ONLY_KINDS.has(w.kind) && routingFingerprint(prev) === routingFingerprint(obj)) {
        // routes exactly as before: what lib/routing compiled for prev serves obj (no recompile)
        carryOver(prev, obj);
        return;
      }
      this.changed();
    };
    const onDelete = (o: k8s.KubernetesObject) => {
      const obj = o as unknown as KubeObject;
      if (isSlice) return this.ev.onSlice('delete', obj as unknown as EndpointSliceLike);
      this.store.remove(field, obj);
      this.changed();
    };
    inf.on('add', onPut);
    inf.on('update', onPut);
    inf.on('delete', onDelete);
    inf.on('error', (err: unknown) => {
      if (this.stopped) return;
      this.ev.log('warn', `${w.kind}: watch error, restarting`, { err: String((err as Error)?.message ?? err) });
      this.later(() => {
        if (!this.stopped) inf.start().catch(() => {});
      }, 1_000);
    });
    this.informers.push(inf);
    await inf.start();
    // The informer's cache is authoritative after (re)list: resync our view from it.
    const items = inf.list() as unknown as KubeObject[];
    if (isSlice) this.ev.onSlicesReplaced(items as unknown as EndpointSliceLike[]);
    else {
      // keep the objects we already hold when unchanged: compiled routes are cached per object
      this.store.replace(field, items.filter(keep).map((o) => this.store.sameVersion(field, o) ?? withoutManagedFields(o)));
      this.changed();
    }
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private changed(): void {
    if (this.pendingSince === 0) this.pendingSince = performance.now();
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const since = this.pendingSince;
      this.pendingSince = 0;
      this.ev.onChange(since);
    }, this.debounceMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await Promise.allSettled(this.informers.map((i) => i.stop()));
  }
}

/** KUBECONFIG, else in-cluster, else the dev cluster's kubeconfig under DATA_DIR. */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): { kc: k8s.KubeConfig; source: string } {
  const kc = new k8s.KubeConfig();
  if (env.KUBECONFIG) {
    kc.loadFromFile(env.KUBECONFIG);
    return { kc, source: env.KUBECONFIG };
  }
  if (env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
    return { kc, source: 'in-cluster' };
  }
  const file = `${env.DATA_DIR ?? './.data'}/kubeconfig`;
  kc.loadFromFile(file);
  return { kc, source: file };
}

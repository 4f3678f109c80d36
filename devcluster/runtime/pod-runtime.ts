/**
 * The dev cluster's kubelet: runs the pods bound to this node. Each pod gets its own
 * loopback IP; containers with an echo image run the built-in echo server on their
 * declared ports, bound to that IP, and the pod turns Ready only once every container
 * listens. Other images are not faked: the container waits with reason ImageNotSupported.
 */
import type { Condition, Container, ContainerStatus, Pod, PodSpec, PodStatus } from '../../lib/k8s';
import type { KubeObject, Registry } from '../store/registry';
import { stored } from '../store/typed';
import { Informer, keyOf, splitKey } from '../controllers/informer';
import { ContainerLogs, type LogListener, type LogQuery } from './container-logs';
import { WorkQueue } from '../controllers/queue';
import { startHttpEcho, startTcpEcho, type RunningServer } from './echo-server';
import { classifyImage, IMAGE_NOT_SUPPORTED, unsupportedMessage, type ImageKind } from './images';
import { PodIPAllocator } from './pod-ip';
import type { EventRecorder } from '../controllers/events';

// Validation requires every container's image, but the schema types it optional: the
// runtime carries it through as it is.
// (Pick, not Omit: Omit of a loose zod object keeps only its index signature.)
type ContainerStatusOut = Pick<
  ContainerStatus,
  'name' | 'imageID' | 'containerID' | 'ready' | 'started' | 'restartCount' | 'state' | 'lastState'
> & { image: string | undefined };
type PodStatusOut = Pick<
  PodStatus,
  'phase' | 'conditions' | 'hostIP' | 'hostIPs' | 'podIP' | 'podIPs' | 'startTime' | 'qosClass'
> & {
  containerStatuses: ContainerStatusOut[];
  initContainerStatuses?: ContainerStatusOut[];
};

export interface PodRuntimeOptions {
  nodeName: string;
  podCIDR: string;
  /** Where pod events go (kubelet and scheduler, like a real node). */
  events?: EventRecorder;
  schedulerEvents?: EventRecorder;
  /** Delay before retrying a container whose server failed to start. */
  retryMs?: number;
}

type RunState = 'starting' | 'running' | 'failed' | 'unsupported';

interface ContainerRun {
  name: string;
  image: string | undefined;
  kind: ImageKind;
  ports: number[];
  state: RunState;
  servers: RunningServer[];
  startedAt?: string;
  error?: string;
  retryAt?: number;
  restartCount: number;
}

interface PodRun {
  uid: string;
  ip: string;
  containers: Map<string, ContainerRun>;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const DEFAULT_PORT = 3000;

/** The TCP ports a container serves: declared containerPorts, else $PORT, else 3000. */
export function containerPorts(container: Pick<Container, 'ports' | 'env'>): number[] {
  const declared = (Array.isArray(container.ports) ? container.ports : [])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP' && Number.isInteger(p.containerPort))
    .map((p) => p.containerPort);
  if (declared.length) return [...new Set(declared)];
  const env = (Array.isArray(container.env) ? container.env : []).find(
    (e) => e?.name === 'PORT',
  );
  const fromEnv = Number(env?.value);
  return [Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536 ? fromEnv : DEFAULT_PORT];
}

function condition(
  type: string,
  ok: boolean,
  previous: Condition[] | undefined,
  reason?: string,
  message?: string,
): Condition {
  const status = ok ? 'True' : 'False';
  const prev = previous?.find((c) => c.type === type);
  const c: Condition = {
    type,
    status,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now(),
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export class PodRuntime {
  readonly informer: Informer;
  private readonly queue: WorkQueue;
  private readonly runs = new Map<string, PodRun>();
  private readonly ips: PodIPAllocator;
  /** restartCount carried over to a container being replaced in place */
  private readonly restarts = new Map<string, number>();
  /** Container logs, for the API's pods/log subresource. */
  readonly logs = new ContainerLogs();
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly options: PodRuntimeOptions,
  ) {
    this.informer = new Informer(registry, 'pods');
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      name: 'pod-runtime',
      onError: (key, err) =>
        console.error(`[runtime] pod ${key}:`, err instanceof Error ? err.message : err),
    });
    this.ips = new PodIPAllocator(options.podCIDR, (ip) => this.ipInUse(ip));
  }

  private ipInUse(ip: string): boolean {
    for (const r of this.runs.values()) if (r.ip === ip) return true;
    for (const p of this.informer.cache.values())
      if (stored<Pod>(p).status?.podIP === ip) return true;
    return false;
  }

  start(): void {
    this.informer.on((_type, obj) => this.queue.add(keyOf(obj)));
    this.informer.start();
    // Before start() returns, no pod of this node still claims readiness from a previous
    // run: their servers are only starting now.
    for (const [key, pod] of [...this.informer.cache]) this.syncPod(key, pod);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.stop();
    this.informer.stop();
    const all = [...this.runs.values()];
    this.runs.clear();
    await Promise.all(all.map((r) => this.stopRun(r)));
  }

  /** Resolves when queued work is done (tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** The pod's servers, for tests and diagnostics. */
  /**
   * A container's log (kubectl logs). Undefined when the pod or container is unknown; the
   * container defaults to the pod's only one.
   */
  readLogs(
    namespace: string,
    pod: string,
    container?: string,
    query: LogQuery = {},
  ): string | undefined {
    const c = this.containerName(namespace, pod, container);
    return c === undefined
      ? undefined
      : this.logs.read(ContainerLogs.key(namespace, pod, c), query);
  }

  /** Live log lines (kubectl logs -f); returns the unsubscribe function, or undefined. */
  followLogs(
    namespace: string,
    pod: string,
    container: string | undefined,
    listener: LogListener,
    timestamps = false,
  ): (() => void) | undefined {
    const c = this.containerName(namespace, pod, container);
    return c === undefined
      ? undefined
      : this.logs.follow(ContainerLogs.key(namespace, pod, c), listener, timestamps);
  }

  private containerName(namespace: string, pod: string, container?: string): string | undefined {
    const p = this.informer.get(namespace, pod);
    const names = ((p && stored<Pod>(p).spec?.containers) ?? []).map((c) => c.name);
    if (!p) return undefined;
    if (container) return names.includes(container) ? container : undefined;
    return names.length === 1 ? names[0] : undefined;
  }

  serversOf(key: string): RunningServer[] {
    return [...(this.runs.get(key)?.containers.values() ?? [])].flatMap((c) => c.servers);
  }

  private async stopRun(run: PodRun): Promise<void> {
    await Promise.all([...run.containers.values()].map((c) => this.stopContainer(c)));
  }

  private async stopContainer(c: ContainerRun): Promise<void> {
    const servers = c.servers;
    c.servers = [];
    await Promise.all(servers.map((s) => s.close().catch(() => {})));
  }

  private async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    let pod = this.informer.cache.get(key);
    const run = this.runs.get(key);
    if (run && (!pod || pod.metadata.uid !== run.uid || pod.metadata.deletionTimestamp)) {
      this.runs.delete(key);
      await this.stopRun(run);
      const { namespace, name } = splitKey(key);
      if (!pod || pod.metadata.uid !== run.uid) this.logs.dropPod(namespace ?? '', name);
    } else if (run && pod) {
      // Containers changed in place (image update) or removed: stop them before restarting.
      const spec = stored<Pod>(pod).spec;
      for (const [name, cr] of run.containers) {
        const c = (spec?.containers ?? []).find((x) => x.name === name);
        if (c && c.image === cr.image && containerPorts(c).join() === cr.ports.join()) continue;
        run.containers.delete(name);
        await this.stopContainer(cr);
        if (c) this.restarts.set(`${key}/${name}`, cr.restartCount + 1);
      }
    }
    pod = this.informer.cache.get(key);
    if (pod && !this.stopped) this.syncPod(key, pod);
  }

  /** Synchronous part: IP, container runs to start, and the status that says where they are. */
  private syncPod(key: string, pod: KubeObject): void {
    const spec: Partial<PodSpec> = stored<Pod>(pod).spec ?? {};
    if (spec.nodeName && spec.nodeName !== this.options.nodeName) return;
    const status: PodStatus = stored<Pod>(pod).status ?? {};
    if (pod.metadata.deletionTimestamp) {
      this.writeStatus(pod, this.computeStatus(pod, undefined, true));
      return;
    }
    let run = this.runs.get(key);
    if (!run) {
      const ip =
        typeof status.podIP === 'string' && status.podIP ? status.podIP : this.ips.allocate();
      run = { uid: pod.metadata.uid!, ip, containers: new Map() };
      this.runs.set(key, run);
      if (!status.podIP)
        this.options.schedulerEvents?.record(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${key} to ${this.options.nodeName}`,
        );
    }
    const initBlocked = (spec.initContainers ?? []).some(
      (c) => classifyImage(c.image) === 'unsupported',
    );
    for (const c of spec.containers ?? []) {
      let cr = run.containers.get(c.name);
      if (!cr) {
        const kind = classifyImage(c.image);
        const prev = (status.containerStatuses ?? []).find((s) => s.name === c.name);
        // A container that was running before a dev cluster restart counts as restarted.
        const restarted = prev && prev.image === c.image && prev.state?.running;
        const restartCount =
          this.restarts.get(`${key}/${c.name}`) ?? (prev?.restartCount ?? 0) + (restarted ? 1 : 0);
        this.restarts.delete(`${key}/${c.name}`);
        cr = {
          name: c.name,
          image: c.image,
          kind,
          ports: containerPorts(c),
          state: kind === 'unsupported' ? 'unsupported' : 'starting',
          servers: [],
          restartCount,
        };
        run.containers.set(c.name, cr);
        if (kind === 'unsupported') {
          this.options.events?.record(
            pod,
            'Warning',
            'Failed',
            `Error: ${IMAGE_NOT_SUPPORTED}: ${unsupportedMessage(c.image)}`,
          );
        } else if (!initBlocked) {
          this.options.events?.record(
            pod,
            'Normal',
            'Pulled',
            `Container image ${JSON.stringify(c.image)} already present on machine`,
          );
          this.options.events?.record(pod, 'Normal', 'Created', `Created container: ${c.name}`);
          this.startContainer(key, run, cr, pod);
        }
      } else if (cr.state === 'failed' && cr.retryAt !== undefined && Date.now() >= cr.retryAt) {
        cr.state = 'starting';
        cr.restartCount++;
        cr.retryAt = undefined;
        this.startContainer(key, run, cr, pod);
      } else if (cr.state === 'failed' && cr.retryAt !== undefined) {
        // Woken before the back-off ended (timers are not exact): ask again for later.
        this.queue.addAfter(key, Math.max(10, cr.retryAt - Date.now() + 10));
      }
    }
    this.writeStatus(pod, this.computeStatus(pod, run, false));
  }

  private startContainer(key: string, run: PodRun, cr: ContainerRun, pod: KubeObject): void {
    const id = { namespace: pod.metadata.namespace ?? 'default', pod: pod.metadata.name! };
    const logKey = ContainerLogs.key(id.namespace, id.pod, cr.name);
    const log = (line: string) => this.logs.append(logKey, line);
    const starts = cr.ports.map((port) =>
      cr.kind === 'tcp-echo' ? startTcpEcho(run.ip, port) : startHttpEcho(run.ip, port, id, log),
    );
    void Promise.allSettled(starts).then(async (results) => {
      const servers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      const current =
        this.runs.get(key) === run && run.containers.get(cr.name) === cr && !this.stopped;
      if (!current || failure) await Promise.all(servers.map((s) => s.close().catch(() => {})));
      if (!current) return;
      if (failure) {
        const err = failure.reason as NodeJS.ErrnoException;
        cr.state = 'failed';
        cr.error =
          err?.code === 'EADDRINUSE'
            ? `listen ${run.ip}: address already in use (${err.message})`
            : String(err?.message ?? err);
        const retryMs = this.options.retryMs ?? 5_000;
        cr.retryAt = Date.now() + retryMs;
        this.queue.addAfter(key, retryMs);
        log(`error: ${cr.error}; retrying in ${Math.round(retryMs / 1000)}s`);
        const p = this.informer.cache.get(key);
        if (p)
          this.options.events?.record(
            p,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${cr.name} in pod ${id.pod}: ${cr.error}`,
          );
      } else {
        const what = cr.kind === 'tcp-echo' ? 'TCP echo' : 'echo server (HTTP/1.1, h2c, WebSocket)';
        for (const s of servers) log(`${what} listening on ${s.host}:${s.port}`);
        cr.servers = servers;
        cr.state = 'running';
        cr.startedAt = now();
        cr.error = undefined;
        const p = this.informer.cache.get(key);
        if (p) this.options.events?.record(p, 'Normal', 'Started', `Started container ${cr.name}`);
      }
      this.queue.add(key);
    });
  }

  private containerStatus(
    c: Container,
    cr: ContainerRun | undefined,
    initBlocked: boolean,
    terminating: boolean,
  ): ContainerStatusOut {
    const base: ContainerStatusOut = {
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: cr?.restartCount ?? 0,
      state: {},
      lastState: {},
    };
    if (terminating) {
      base.state = {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: cr?.startedAt,
          finishedAt: now(),
        },
      };
      return base;
    }
    if (!cr || initBlocked) {
      base.state = { waiting: { reason: initBlocked ? 'PodInitializing' : 'ContainerCreating' } };
      return base;
    }
    base.containerID = `portico://${cr.kind}/${c.name}`;
    switch (cr.state) {
      case 'running':
        base.ready = true;
        base.started = true;
        base.imageID = `portico.dev/${cr.kind}@builtin`;
        base.state = { running: { startedAt: cr.startedAt } };
        break;
      case 'starting':
        base.state = { waiting: { reason: 'ContainerCreating' } };
        break;
      case 'failed':
        base.state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off restarting failed container ${c.name}: ${cr.error}`,
          },
        };
        base.lastState = { terminated: { exitCode: 1, reason: 'Error', message: cr.error } };
        break;
      case 'unsupported':
        delete base.containerID;
        base.state = {
          waiting: { reason: IMAGE_NOT_SUPPORTED, message: unsupportedMessage(c.image) },
        };
        break;
    }
    return base;
  }

  computeStatus(pod: KubeObject, run: PodRun | undefined, terminating: boolean): PodStatusOut {
    const spec: Partial<PodSpec> = stored<Pod>(pod).spec ?? {};
    const prev: PodStatus = stored<Pod>(pod).status ?? {};
    const initContainers = spec.initContainers ?? [];
    const blockedInit = initContainers
      .filter((c) => classifyImage(c.image) === 'unsupported')
      .map((c) => c.name);
    const initBlocked = blockedInit.length > 0;
    const containerStatuses = (spec.containers ?? []).map((c) =>
      this.containerStatus(c, run?.containers.get(c.name), initBlocked, terminating),
    );
    const initContainerStatuses = initContainers.map((c): ContainerStatusOut => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: !blockedInit.includes(c.name),
      started: false,
      restartCount: 0,
      state: blockedInit.includes(c.name)
        ? { waiting: { reason: IMAGE_NOT_SUPPORTED, message: unsupportedMessage(c.image) } }
        : { terminated: { exitCode: 0, reason: 'Completed' } },
      lastState: {},
    }));
    const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
    const allReady = !terminating && unready.length === 0 && containerStatuses.length > 0;
    const anyRunning = containerStatuses.some((s) => s.state?.running);
    const notReadyMsg = `containers with unready status: [${unready.join(' ')}]`;
    const conds = prev.conditions;
    const ip = run?.ip ?? prev.podIP;
    const status: PodStatusOut = {
      phase: anyRunning || prev.phase === 'Running' ? 'Running' : 'Pending',
      conditions: [
        condition('PodReadyToStartContainers', true, conds),
        condition(
          'Initialized',
          !initBlocked,
          conds,
          'ContainersNotInitialized',
          `containers with incomplete status: [${blockedInit.join(' ')}]`,
        ),
        condition('Ready', allReady, conds, 'ContainersNotReady', notReadyMsg),
        condition('ContainersReady', allReady, conds, 'ContainersNotReady', notReadyMsg),
        condition('PodScheduled', true, conds),
      ],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      startTime: prev.startTime ?? now(),
      containerStatuses,
      qosClass: prev.qosClass ?? qosClass(spec),
    };
    if (initContainerStatuses.length) status.initContainerStatuses = initContainerStatuses;
    if (!anyRunning && !allReady && prev.phase !== 'Running') status.phase = 'Pending';
    if (ip) {
      status.podIP = ip;
      status.podIPs = [{ ip }];
    }
    return status;
  }

  private writeStatus(pod: KubeObject, status: PodStatusOut): void {
    if (this.stopped) return;
    // Keep timestamps stable for containers whose state did not change.
    const prev: PodStatus = stored<Pod>(pod).status ?? {};
    for (const cs of status.containerStatuses) {
      const old = prev.containerStatuses?.find((s) => s.name === cs.name);
      if (cs.state?.terminated && old?.state?.terminated)
        cs.state.terminated.finishedAt = old.state.terminated.finishedAt;
    }
    // The kubelet owns pod status: write it unconditionally (no resourceVersion precondition).
    const next = { ...pod, metadata: { ...pod.metadata, resourceVersion: undefined }, status };
    try {
      this.registry.update('pods', pod.metadata.namespace, next, { subresource: 'status' });
    } catch (err) {
      // The pod may be gone (deleted between the event and now); the next event re-runs us.
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}

function qosClass(spec: Partial<PodSpec>): string {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const res = containers.map((c) => c.resources ?? {});
  if (
    res.every((r) => !Object.keys(r.requests ?? {}).length && !Object.keys(r.limits ?? {}).length)
  )
    return 'BestEffort';
  const guaranteed = res.every(
    (r) =>
      r.limits?.cpu !== undefined &&
      r.limits?.memory !== undefined &&
      (r.requests?.cpu ?? r.limits.cpu) === r.limits.cpu &&
      (r.requests?.memory ?? r.limits.memory) === r.limits.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

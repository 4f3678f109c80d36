/**
 * Deployment controller: keeps spec.replicas pods of the current template (named
 * <deployment>-<pod-template-hash>-<suffix>, owned through ownerReferences), replaces pods
 * of older templates by rolling update or recreate, and reports status through /status.
 */
import { isPodReady as isReady, podReadyCondition, type Condition, type Deployment, type DeploymentStatus, type Pod } from '../../lib/k8s';
import type { KubeObject, Registry } from '../store/registry';
import { stored } from '../store/typed';
import { Informer, keyOf, splitKey } from './informer';
import { WorkQueue } from './queue';
import type { EventRecorder } from './events';
import { podTemplateHash } from './template-hash';
import { controllerOf, controllerRef } from './owner';
import { planRollout, surgeAndUnavailable, type PodView } from './rollout';


export const POD_TEMPLATE_HASH = 'pod-template-hash';
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** lib/k8s's readiness rule, over a stored pod. */
export function isPodReady(pod: KubeObject): boolean {
  return isReady(stored<Pod>(pod));
}

function readySince(pod: KubeObject): number | undefined {
  const c = podReadyCondition(stored<Pod>(pod));
  return c?.status === 'True' && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

const isActive = (p: KubeObject) => {
  const phase = stored<Pod>(p).status?.phase;
  return !p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
};

export function podFromTemplate(d: KubeObject, hash: string): KubeObject {
  const spec = stored<Deployment>(d).spec;
  const tpl = structuredClone(spec.template ?? {});
  const meta = tpl.metadata ?? {};
  const prefix = `${d.metadata.name}-${hash}-`.slice(0, 248);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: prefix,
      namespace: d.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [POD_TEMPLATE_HASH]: hash },
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ownerReferences: [controllerRef('apps/v1', 'Deployment', d)],
    },
    spec: tpl.spec ?? {},
  };
}

function condition(
  prev: Condition[] | undefined,
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  progressed: boolean,
): Condition {
  const status = ok ? 'True' : 'False';
  const old = prev?.find((c) => c.type === type);
  const t = now();
  const same = old && old.status === status && old.reason === reason && old.message === message;
  return {
    type,
    status,
    lastUpdateTime: same && !progressed ? old.lastUpdateTime : t,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : t,
    reason,
    message,
  };
}

export class DeploymentController {
  readonly deployments: Informer;
  readonly pods: Informer;
  private readonly queue: WorkQueue;

  constructor(
    private readonly registry: Registry,
    private readonly events?: EventRecorder,
  ) {
    this.deployments = new Informer(registry, 'deployments.apps');
    this.pods = new Informer(registry, 'pods');
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      name: 'deployment',
      onError: (key, err) =>
        console.error(`[controllers] deployment ${key}:`, err instanceof Error ? err.message : err),
    });
  }

  start(): void {
    this.deployments.on((_t, d) => this.queue.add(keyOf(d)));
    this.pods.on((_t, pod, old) => {
      for (const p of [pod, old]) {
        const owner = p && controllerOf(p);
        if (owner?.kind === 'Deployment') this.queue.add(`${p!.metadata.namespace}/${owner.name}`);
      }
    });
    this.pods.start();
    this.deployments.start();
  }

  stop(): void {
    this.queue.stop();
    this.deployments.stop();
    this.pods.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private reconcile(key: string): void {
    const d = this.deployments.cache.get(key);
    if (!d || d.metadata.deletionTimestamp) return; // the garbage collector removes the pods
    const { namespace } = splitKey(key);
    const spec = stored<Deployment>(d).spec;
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const status = stored<Deployment>(d).status ?? {};
    const hash = podTemplateHash(spec.template, status.collisionCount);
    const owned = this.pods
      .list(namespace)
      .filter((p) => controllerOf(p)?.uid === d.metadata.uid && isActive(p));
    const view = (p: KubeObject): PodView => ({
      name: p.metadata.name!,
      ready: isPodReady(p),
      created: p.metadata.creationTimestamp ?? '',
    });
    const newPods = owned.filter((p) => p.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
    const oldPods = owned.filter((p) => p.metadata.labels?.[POD_TEMPLATE_HASH] !== hash);

    if (!spec.paused) {
      const plan = planRollout(desired, spec.strategy, newPods.map(view), oldPods.map(view));
      for (const name of plan.delete) {
        try {
          this.registry.delete('pods', namespace, name);
        } catch (err) {
          if ((err as { code?: number }).code !== 404) throw err;
        }
      }
      for (let i = 0; i < plan.create; i++)
        this.registry.create('pods', namespace, podFromTemplate(d, hash));
      this.recordScaling(d, hash, newPods, oldPods, plan.create, plan.delete);
    }
    this.writeStatus(key, hash, desired);
  }

  /** "Scaled up/down replica set <deployment>-<hash> from N to M", as kubectl describe shows. */
  private recordScaling(
    d: KubeObject,
    hash: string,
    newPods: KubeObject[],
    oldPods: KubeObject[],
    created: number,
    deleted: string[],
  ): void {
    if (!this.events) return;
    const byHash = new Map<string, { total: number; gone: number }>();
    for (const p of [...newPods, ...oldPods]) {
      const h = p.metadata.labels?.[POD_TEMPLATE_HASH] ?? '';
      const e = byHash.get(h) ?? { total: 0, gone: 0 };
      e.total++;
      if (deleted.includes(p.metadata.name!)) e.gone++;
      byHash.set(h, e);
    }
    const rs = (h: string) => `${d.metadata.name}-${h}`;
    if (created > 0) {
      const n = byHash.get(hash)?.total ?? 0;
      this.events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rs(hash)} from ${n} to ${n + created}`,
      );
    }
    for (const [h, e] of byHash)
      if (e.gone > 0)
        this.events.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled down replica set ${rs(h)} from ${e.total} to ${e.total - e.gone}`,
        );
  }

  private writeStatus(key: string, hash: string, desired: number): void {
    const d = this.deployments.cache.get(key);
    if (!d) return;
    const spec = stored<Deployment>(d).spec;
    const prev = stored<Deployment>(d).status ?? {};
    const owned = this.pods
      .list(d.metadata.namespace)
      .filter((p) => controllerOf(p)?.uid === d.metadata.uid && isActive(p));
    const updated = owned.filter((p) => p.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
    const ready = owned.filter(isPodReady);
    const minReady = (spec.minReadySeconds ?? 0) * 1000;
    const t = Date.now();
    let nextAvailableCheck = Infinity;
    const available = ready.filter((p) => {
      const since = readySince(p) ?? 0;
      if (t - since >= minReady) return true;
      nextAvailableCheck = Math.min(nextAvailableCheck, since + minReady - t);
      return false;
    });
    const { maxUnavailable } = surgeAndUnavailable(spec.strategy, desired);
    const rsName = `${d.metadata.name}-${hash}`;
    const complete =
      updated.length === desired && owned.length === desired && available.length === desired;
    const prevConds = prev.conditions;
    const prevProgressing = prevConds?.find((c) => c.type === 'Progressing');
    const counts = [owned.length, updated.length, ready.length, available.length].join('/');
    const prevCounts = [
      prev.replicas ?? 0,
      prev.updatedReplicas ?? 0,
      prev.readyReplicas ?? 0,
      prev.availableReplicas ?? 0,
    ].join('/');
    // Progress: any count moved, or a new template started rolling out.
    const progressed =
      !complete &&
      (counts !== prevCounts || !String(prevProgressing?.message ?? '').includes(`"${rsName}"`));
    const deadlineMs = (spec.progressDeadlineSeconds ?? 600) * 1000;
    let progressing: Condition;
    if (complete) {
      progressing = condition(
        prevConds,
        'Progressing',
        true,
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
        false,
      );
    } else {
      const lastUpdate = prevProgressing?.lastUpdateTime
        ? Date.parse(prevProgressing.lastUpdateTime)
        : t;
      const stalled =
        !progressed &&
        prevProgressing?.reason !== 'NewReplicaSetAvailable' &&
        t - lastUpdate > deadlineMs;
      progressing =
        stalled || (prevProgressing?.reason === 'ProgressDeadlineExceeded' && !progressed)
          ? condition(
              prevConds,
              'Progressing',
              false,
              'ProgressDeadlineExceeded',
              `ReplicaSet "${rsName}" has timed out progressing.`,
              false,
            )
          : condition(
              prevConds,
              'Progressing',
              true,
              'ReplicaSetUpdated',
              `ReplicaSet "${rsName}" is progressing.`,
              progressed,
            );
      if (!stalled)
        this.queue.addAfter(
          key,
          Math.max(1000, deadlineMs - (t - Date.parse(progressing.lastUpdateTime ?? '')) + 100),
        );
    }
    const availableOk = available.length >= desired - maxUnavailable;
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation,
      replicas: owned.length,
      updatedReplicas: updated.length,
      readyReplicas: ready.length,
      availableReplicas: available.length,
      conditions: [
        condition(
          prevConds,
          'Available',
          availableOk,
          availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          availableOk
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          false,
        ),
        progressing,
      ],
    };
    const unavailable = Math.max(0, desired - available.length);
    if (unavailable > 0) status.unavailableReplicas = unavailable;
    if (prev.collisionCount) status.collisionCount = prev.collisionCount;
    // The API omits zero counts.
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const)
      if (status[k] === 0) delete status[k];
    if (Number.isFinite(nextAvailableCheck)) this.queue.addAfter(key, nextAvailableCheck + 50);
    this.registry.update(
      'deployments.apps',
      d.metadata.namespace,
      // The controller owns status: no resourceVersion precondition.
      { ...d, metadata: { ...d.metadata, resourceVersion: undefined }, status },
      { subresource: 'status' },
    );
  }
}

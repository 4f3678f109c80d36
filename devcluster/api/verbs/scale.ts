/** The scale subresource: a Deployment seen as autoscaling/v1 Scale, and writes through it. */
import { ApiError } from '../../store/errors';
import type { KubeObject } from '../../store/registry';
import { notFound } from '../../store/cluster-registry';
import { resourceKey, type ResourceDef } from '../resources';
import type { VerbContext } from './context';

export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const matchLabels = ((spec.selector as Record<string, unknown> | undefined)?.matchLabels ?? {}) as Record<string, string>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

export function writeScale(ctx: VerbContext, def: ResourceDef, namespace: string | undefined, name: string, scale: KubeObject, dryRun: boolean): KubeObject {
  const { registry } = ctx;
  const resource = resourceKey(def);
  const cur = registry.get(resource, namespace, name);
  if (!cur) throw notFound(def, name);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
      name,
      group: 'autoscaling',
      kind: 'Scale',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
    });
  }
  const rv = scale.metadata?.resourceVersion;
  const next = { ...cur, spec: { ...(cur.spec as object), replicas } } as KubeObject;
  next.metadata = { ...cur.metadata, resourceVersion: rv || cur.metadata.resourceVersion };
  return toScale(registry.update(resource, namespace, next, { dryRun }));
}

/**
 * EndpointSlice controller (and the legacy Endpoints controller, and the mirroring of
 * hand-written Endpoints into EndpointSlices for Services without a selector), driven by
 * Service, Pod, EndpointSlice and Endpoints events.
 */
import type { KubeObject, Registry } from '../store/registry';
import { jsonEqual, type EndpointSlice, type Endpoints, type Service } from '../../lib/k8s';
import { apiVersionOf, kindByKind, resourceKeyOf } from '../../lib/k8s/kinds';
import { stored } from '../store/typed';
import { Informer, keyOf, splitKey } from './informer';
import { WorkQueue } from './queue';
import { controllerRef } from './owner';
import {
  MANAGED_BY_LABEL,
  MIRROR_CONTROLLER,
  SERVICE_NAME_LABEL,
  SKIP_MIRROR_LABEL,
  SLICE_CONTROLLER,
  computeEndpointsSubsets,
  computeSliceGroups,
  mirrorGroups,
  portsKey,
  type SliceGroup,
  type SlicePort,
} from './endpoint-compute';

type Subset = NonNullable<Endpoints['subsets']>[number];

const SLICES = resourceKeyOf(kindByKind('EndpointSlice'));

const hasSelector = (svc: KubeObject) =>
  Object.keys(stored<Service>(svc).spec?.selector ?? {}).length > 0;
const isExternalName = (svc: KubeObject) => stored<Service>(svc).spec?.type === 'ExternalName';

export class EndpointsController {
  readonly services: Informer;
  readonly pods: Informer;
  readonly slices: Informer;
  readonly endpoints: Informer;
  private readonly queue: WorkQueue;

  constructor(private readonly registry: Registry) {
    this.services = new Informer(registry, 'services');
    this.pods = new Informer(registry, 'pods');
    this.slices = new Informer(registry, SLICES);
    this.endpoints = new Informer(registry, 'endpoints');
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      name: 'endpoints',
      onError: (key, err) =>
        console.error(
          `[controllers] endpoints for ${key}:`,
          err instanceof Error ? err.message : err,
        ),
    });
  }

  start(): void {
    this.services.on((_t, svc) => this.queue.add(keyOf(svc)));
    this.pods.on((_t, pod) => {
      for (const svc of this.services.list(pod.metadata.namespace))
        if (hasSelector(svc)) this.queue.add(keyOf(svc));
    });
    this.slices.on((_t, slice) => {
      const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      const managedBy = slice.metadata.labels?.[MANAGED_BY_LABEL];
      if (svc && (managedBy === SLICE_CONTROLLER || managedBy === MIRROR_CONTROLLER))
        this.queue.add(`${slice.metadata.namespace}/${svc}`);
    });
    this.endpoints.on((_t, ep) => this.queue.add(keyOf(ep)));
    this.pods.start();
    this.slices.start();
    this.endpoints.start();
    this.services.start();
  }

  stop(): void {
    this.queue.stop();
    for (const i of [this.services, this.pods, this.slices, this.endpoints]) i.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(namespace, name);
    const selector = !!svc && hasSelector(svc) && !isExternalName(svc);
    const pods = selector ? this.pods.list(namespace) : [];
    this.syncSlices(
      namespace!,
      name,
      SLICE_CONTROLLER,
      selector ? svc : undefined,
      selector ? computeSliceGroups(svc!, pods) : [],
    );

    const ep = this.endpoints.get(namespace, name);
    const mirror =
      !!svc &&
      !selector &&
      !isExternalName(svc) &&
      !!ep &&
      ep.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true';
    this.syncSlices(
      namespace!,
      name,
      MIRROR_CONTROLLER,
      mirror ? svc : undefined,
      mirror ? mirrorGroups(ep!) : [],
    );

    if (selector) this.syncEndpoints(svc!, computeEndpointsSubsets(svc!, pods));
    else if (!svc && ep && ep.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true')
      this.deleteQuietly('endpoints', namespace, name);
  }

  private sliceFor(
    svc: KubeObject,
    managedBy: string,
    group: SliceGroup,
    base?: KubeObject,
  ): KubeObject {
    const labels = {
      ...(svc.metadata.labels ?? {}),
      [SERVICE_NAME_LABEL]: svc.metadata.name!,
      [MANAGED_BY_LABEL]: managedBy,
    };
    return {
      apiVersion: apiVersionOf('EndpointSlice'),
      kind: 'EndpointSlice',
      metadata: {
        ...(base
          ? base.metadata
          : {
              generateName: `${svc.metadata.name}-`.slice(0, 248),
              namespace: svc.metadata.namespace,
            }),
        labels,
        ownerReferences: [controllerRef('v1', 'Service', svc)],
      },
      addressType: 'IPv4',
      endpoints: group.endpoints,
      ports: group.ports,
    };
  }

  private syncSlices(
    namespace: string,
    service: string,
    managedBy: string,
    svc: KubeObject | undefined,
    groups: SliceGroup[],
  ): void {
    const existing = this.slices
      .list(namespace)
      .filter(
        (s) =>
          s.metadata.labels?.[SERVICE_NAME_LABEL] === service &&
          s.metadata.labels?.[MANAGED_BY_LABEL] === managedBy,
      );
    const unused = new Map(existing.map((s) => [s.metadata.name!, s]));
    if (svc) {
      const pending: SliceGroup[] = [];
      // Keep the slice that already has a group's port set; reuse leftovers for new port sets.
      for (const g of groups) {
        const match = [...unused.values()].find(
          // Slices of this manager were written from SlicePorts (name always set).
          (s) => portsKey((stored<EndpointSlice>(s).ports ?? []) as SlicePort[]) === portsKey(g.ports),
        );
        if (!match) {
          pending.push(g);
          continue;
        }
        unused.delete(match.metadata.name!);
        this.writeSlice(svc, managedBy, g, match);
      }
      for (const g of pending) {
        const [reuse] = unused.values();
        if (reuse) unused.delete(reuse.metadata.name!);
        this.writeSlice(svc, managedBy, g, reuse);
      }
    }
    for (const s of unused.values()) this.deleteQuietly(SLICES, namespace, s.metadata.name!);
  }

  private writeSlice(
    svc: KubeObject,
    managedBy: string,
    group: SliceGroup,
    current?: KubeObject,
  ): void {
    const desired = this.sliceFor(svc, managedBy, group, current);
    if (!current) {
      this.registry.create(SLICES, svc.metadata.namespace, desired);
      return;
    }
    const c = stored<EndpointSlice>(current);
    const same =
      jsonEqual(c.endpoints ?? [], desired.endpoints) &&
      jsonEqual(c.ports ?? [], desired.ports) &&
      jsonEqual(current.metadata.labels ?? {}, desired.metadata.labels) &&
      jsonEqual(current.metadata.ownerReferences ?? [], desired.metadata.ownerReferences) &&
      c.addressType === 'IPv4';
    if (!same) this.registry.update(SLICES, svc.metadata.namespace, desired);
  }

  private syncEndpoints(svc: KubeObject, subsets: Subset[]): void {
    const current = this.endpoints.get(svc.metadata.namespace, svc.metadata.name!);
    // Like the real endpoints controller: the Service's labels, and no mirroring of our own object.
    const labels = { ...(svc.metadata.labels ?? {}), [SKIP_MIRROR_LABEL]: 'true' };
    if (!current) {
      this.registry.create('endpoints', svc.metadata.namespace, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels },
        subsets,
      });
      return;
    }
    if (
      jsonEqual(stored<Endpoints>(current).subsets ?? [], subsets) &&
      jsonEqual(current.metadata.labels ?? {}, labels)
    )
      return;
    this.registry.update('endpoints', svc.metadata.namespace, {
      ...current,
      metadata: { ...current.metadata, labels },
      subsets,
    });
  }

  private deleteQuietly(resource: string, namespace: string | undefined, name: string): void {
    try {
      this.registry.delete(resource, namespace, name);
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}

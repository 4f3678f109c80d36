/**
 * The dev cluster's built-in controllers (Service IP/NodePort allocation, Node, pod
 * runtime, Deployments, EndpointSlices/Endpoints, garbage collection). They use only the
 * Registry, like real controllers use the API.
 */
import { registerEndpointAddressAdmission } from './endpoint-address-admission';
import type { AdmissionRegistry, Registry } from '../store/registry';
import { PodRuntime } from '../runtime/pod-runtime';
import { ServiceAllocator } from './service-alloc';
import { ensureNode, nodeNameFor } from './node';
import { DeploymentController } from './deployment';
import { EndpointsController } from './endpoints';
import { GarbageCollector } from './gc';
import { EventRecorder } from './events';

export interface ControllerOptions {
  dataDir: string;
  /** Node name (default: this machine's hostname). */
  nodeName?: string;
  /** Endpoint address ranges allowed beyond the pod CIDR (DEVCLUSTER_ALLOWED_ENDPOINT_CIDRS). */
  allowedEndpointCidrs?: string;
}

export interface RunningControllers {
  nodeName: string;
  podCIDR: string;
  runtime: PodRuntime;
  /** Resolves once every controller's queue is empty (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startControllers(
  registry: Registry & AdmissionRegistry,
  options: ControllerOptions,
): Promise<RunningControllers> {
  const node = ensureNode(registry, options.nodeName ?? nodeNameFor());
  const nodeName = node.metadata.name!;
  const podCIDR = String((node.spec as Record<string, unknown>).podCIDR);
  // Admission first: everything written from here on gets IPs synchronously.
  const allocator = new ServiceAllocator(registry);
  allocator.start();
  registry.registerAdmission('pods', (req) => {
    // The scheduler's job, done at admission: one node, so every pod binds to it.
    if (req.operation !== 'CREATE' || !req.object) return undefined;
    const spec = (req.object.spec ??= {}) as Record<string, unknown>;
    if (!spec.nodeName) spec.nodeName = nodeName;
    return req.object;
  });
  allocator.backfill();
  // No endpoint may point at loopback/link-local outside the pod CIDR (CVE-2021-25737).
  registerEndpointAddressAdmission(registry, podCIDR, options.allowedEndpointCidrs);

  const kubeletEvents = new EventRecorder(registry, 'kubelet', nodeName);
  const schedulerEvents = new EventRecorder(registry, 'default-scheduler', nodeName);
  const deploymentEvents = new EventRecorder(registry, 'deployment-controller', nodeName);
  const recorders = [kubeletEvents, schedulerEvents, deploymentEvents];
  for (const r of recorders) {
    r.prune();
    r.startPruning();
  }
  const runtime = new PodRuntime(registry, {
    nodeName,
    podCIDR,
    events: kubeletEvents,
    schedulerEvents,
  });
  const deployments = new DeploymentController(registry, deploymentEvents);
  const endpoints = new EndpointsController(registry);
  const gc = new GarbageCollector(registry);
  // Start order is watch-subscription order, hence the order in which the controllers'
  // queues run after a write: endpoint updates first, so a deleted or unready pod leaves
  // the EndpointSlices before the (fsync'd) writes of the other controllers.
  endpoints.start();
  runtime.start();
  deployments.start();
  gc.start();

  const idle = async () => {
    // Controllers feed each other; settle until a full round finds nothing to do.
    for (let i = 0; i < 20; i++) {
      await Promise.all([runtime.idle(), deployments.idle(), endpoints.idle(), gc.idle()]);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
    }
  };

  return {
    nodeName,
    podCIDR,
    runtime,
    idle,
    async stop() {
      for (const r of recorders) r.stop();
      endpoints.stop();
      deployments.stop();
      gc.stop();
      allocator.stop();
      await runtime.stop();
    },
  };
}

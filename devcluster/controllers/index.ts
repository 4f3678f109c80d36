/**
 * The dev cluster's built-in controllers (Deployment -> Pods, pod runtime, EndpointSlices,
 * Service IP allocation, garbage collection, Node). They use only the Registry, like real
 * controllers use the API.
 */
import type { AdmissionRegistry, Registry } from '../store/registry';

export interface ControllerOptions {
  dataDir: string;
}

export interface RunningControllers {
  stop(): Promise<void>;
}

export async function startControllers(
  registry: Registry & AdmissionRegistry,
  options: ControllerOptions,
): Promise<RunningControllers> {
  void registry;
  void options;
  return { async stop() {} };
}

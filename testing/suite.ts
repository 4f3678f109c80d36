// One dev cluster and one gateway shared by a whole integration test file, with everything the
// file started alongside (backends, servers) stopped after it.
import { afterAll, beforeAll } from 'vitest';
import { startBackend, startCluster, startGateway, type Backend, type ClusterOptions, type TestCluster, type TestGateway } from './harness';

export interface GatewayStack {
  cluster: TestCluster;
  gw: TestGateway;
  /** Starts a backend (see startBackend) that is closed with the stack. */
  backend(...args: Parameters<typeof startBackend>): Promise<Backend>;
  /** Something else the test started, to close with the stack. */
  onStop(close: () => unknown): void;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Runs against the cluster before the gateway starts: manifests, backends. */
  prepare?: (stack: Pick<GatewayStack, 'cluster' | 'backend' | 'onStop'>) => Promise<void> | void;
  /** Extra gateway environment (KUBECONFIG is the cluster's); a function reads the started cluster. */
  gatewayEnv?: Record<string, string> | ((cluster: TestCluster) => Record<string, string>);
  /** The dev cluster's endpoint allowance beyond its pod CIDR (see harness TEST_BACKEND_CIDRS). */
  cluster?: ClusterOptions;
}

/** Starts the stack; on any failure on the way, stops what had started and rethrows. */
export async function startStack(options: StackOptions = {}): Promise<GatewayStack> {
  const closers: Array<() => unknown> = [];
  const onStop = (close: () => unknown) => void closers.push(close);
  const backend = async (...args: Parameters<typeof startBackend>) => {
    const b = await startBackend(...args);
    onStop(() => b.close());
    return b;
  };
  let cluster: TestCluster | undefined;
  let gw: TestGateway | undefined;
  const stop = async () => {
    await gw?.stop();
    await cluster?.stop();
    await Promise.all(closers.map((close) => close()));
  };
  try {
    cluster = await startCluster(options.cluster);
    await options.prepare?.({ cluster, backend, onStop });
    gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, ...(typeof options.gatewayEnv === 'function' ? options.gatewayEnv(cluster) : options.gatewayEnv) });
    return { cluster, gw, backend, onStop, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Registers beforeAll/afterAll for a stack; its parts are readable once beforeAll has run. */
export function gatewaySuite(options: StackOptions & { startTimeoutMs?: number } = {}): GatewayStack {
  let stack: GatewayStack | undefined;
  const started = () => {
    if (!stack) throw new Error('the gateway stack is not started (read it inside tests or hooks)');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack(options);
  }, options.startTimeoutMs ?? 120_000);
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    get cluster() {
      return started().cluster;
    },
    get gw() {
      return started().gw;
    },
    backend: (...args) => started().backend(...args),
    onStop: (close) => started().onStop(close),
    stop: () => started().stop(),
  };
}

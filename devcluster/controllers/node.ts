/** The one Node of the dev cluster: this machine, with a loopback pod network. */
import os from 'node:os';
import type { KubeObject, Registry } from '../store/registry';
import { isDNS1123Subdomain } from '../../lib/k8s';

export const NODE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';

/** The hostname as a valid Node name (lowercase DNS subdomain). */
export function nodeNameFor(hostname = os.hostname()): string {
  let name = hostname
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253);
  if (!name || isDNS1123Subdomain(name).length) name = 'portico-node';
  return name;
}

/**
 * A /20 of 127.0.0.0/8 (never 127.0.0.x) chosen at random on first start and kept in the
 * Node's spec.podCIDR, so several dev clusters on one machine rarely share addresses.
 */
export function randomPodCidr(): string {
  const a = 1 + Math.floor(Math.random() * 254);
  const b = Math.floor(Math.random() * 16) * 16;
  return `127.${a}.${b}.0/20`;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function nodeStatus(): Record<string, unknown> {
  const t = now();
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  });
  return {
    conditions: [
      cond(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond(
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
      ),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: os.hostname() },
    ],
    capacity: {
      cpu: String(os.cpus().length),
      memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
      pods: '4094',
    },
    allocatable: {
      cpu: String(os.cpus().length),
      memory: `${Math.floor(os.totalmem() / 1024)}Ki`,
      pods: '4094',
    },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: os.release(),
      osImage: `${os.type()} ${os.release()}`,
      containerRuntimeVersion: 'portico://1.0.0',
      kubeletVersion: 'v1.32.0-portico',
      kubeProxyVersion: '',
      operatingSystem: process.platform,
      architecture: process.arch === 'x64' ? 'amd64' : process.arch,
    },
  };
}

/** Creates the Node on first start; refreshes its status on every start. Returns it. */
export function ensureNode(registry: Registry, name = nodeNameFor()): KubeObject {
  let node = registry.get('nodes', undefined, name);
  if (!node) {
    const podCIDR = randomPodCidr();
    node = registry.create('nodes', undefined, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': process.platform,
          'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
          [NODE_ROLE_LABEL]: '',
        },
      },
      spec: { podCIDR, podCIDRs: [podCIDR] },
    });
  }
  return registry.update(
    'nodes',
    undefined,
    { ...node, status: nodeStatus() },
    { subresource: 'status' },
  );
}

// The address written to Ingress status.loadBalancer.ingress and Gateway status.addresses.
// GATEWAY_PUBLISH_ADDRESS: fixed IPs/hostnames. GATEWAY_PUBLISH_SERVICE (namespace/name): follow
// that Service, as ingress-nginx's --publish-service does: a LoadBalancer's ingress (and
// externalIPs), a NodePort's externalIPs or else the addresses of the nodes its ready pods run
// on (all nodes when the endpoints name none), a ClusterIP's cluster IP. Neither: the default
// (BIND_ADDRESS, computed by lib/routing).
import net from 'node:net';
import type { Endpoint, Node, Service, ServiceSpec } from '@/lib/k8s';
// the name rule alone: '@/lib/k8s' itself would load every zod schema
import { isDNS1123Subdomain } from '@/lib/k8s/validation/primitives';
import type { KubeClient, KubeList } from '../kube/client';
import { apiMessage, errorCode, type ElectionLog } from './leader-election';

export interface PublishedAddress {
  ip?: string;
  hostname?: string;
}

export interface ServiceRef {
  namespace: string;
  name: string;
}

const asAddress = (v: string): PublishedAddress => (net.isIP(v) ? { ip: v } : { hostname: v });

/** "203.0.113.7" or "lb.example.com", comma-separated for several. */
export function parsePublishAddress(raw: string): PublishedAddress[] {
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw new Error(`GATEWAY_PUBLISH_ADDRESS must name at least one IP address or hostname, got "${raw}"`);
  for (const p of parts)
    if (!net.isIP(p) && isDNS1123Subdomain(p).length) throw new Error(`GATEWAY_PUBLISH_ADDRESS: "${p}" is neither an IP address nor a DNS hostname (lowercase letters, digits, '-' and '.')`);
  return parts.map(asAddress);
}

/** "namespace/name". */
export function parsePublishService(raw: string): ServiceRef {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(raw.trim());
  if (!m) throw new Error(`GATEWAY_PUBLISH_SERVICE must be "namespace/name", got "${raw}"`);
  for (const [what, v] of [['namespace', m[1]], ['name', m[2]]] as const)
    if (isDNS1123Subdomain(v).length) throw new Error(`GATEWAY_PUBLISH_SERVICE: ${what} "${v}" is not a valid Kubernetes name`);
  return { namespace: m[1], name: m[2] };
}

/** What is read of a Node, a Service and an EndpointSlice (lib/k8s schema types). */
type NodeAddresses = Pick<Node, 'status'>;
type PublishedService = { spec?: Pick<ServiceSpec, 'type' | 'externalIPs' | 'externalName' | 'clusterIP'>; status?: Service['status'] };
type SliceNodes = { endpoints?: Array<Pick<Endpoint, 'nodeName' | 'conditions'>> };

/** Node addresses a client can reach: ExternalIP when the node has one, else InternalIP. */
export function nodeAddresses(nodes: readonly NodeAddresses[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    const addrs = n.status?.addresses ?? [];
    const pick = addrs.filter((a) => a.type === 'ExternalIP');
    for (const a of pick.length ? pick : addrs.filter((x) => x.type === 'InternalIP')) if (a.address && !out.includes(a.address)) out.push(a.address);
  }
  return out;
}

/** What to publish for a Service; `nodes` are the nodes to use for a NodePort. */
export function serviceAddresses(svc: PublishedService, nodes: readonly NodeAddresses[]): PublishedAddress[] {
  const external = svc.spec?.externalIPs ?? [];
  const uniq = (list: PublishedAddress[]) => list.filter((a, i) => list.findIndex((b) => b.ip === a.ip && b.hostname === a.hostname) === i);
  switch (svc.spec?.type) {
    case 'LoadBalancer': {
      const lb: PublishedAddress[] = (svc.status?.loadBalancer?.ingress ?? []).map((i): PublishedAddress => (i.ip ? { ip: i.ip } : { hostname: i.hostname })).filter((a) => a.ip || a.hostname);
      return uniq([...lb, ...external.map(asAddress)]);
    }
    case 'NodePort':
      return uniq((external.length ? external : nodeAddresses(nodes)).map(asAddress));
    case 'ExternalName':
      return svc.spec?.externalName ? [{ hostname: svc.spec.externalName }] : [];
    default:
      return uniq([...(svc.spec?.clusterIP && svc.spec.clusterIP !== 'None' ? [svc.spec.clusterIP] : []), ...external].map(asAddress));
  }
}

/** The nodes of a Service's ready endpoints (EndpointSlice nodeName). */
export function endpointNodeNames(slices: readonly SliceNodes[]): string[] {
  const names = new Set<string>();
  for (const s of slices) for (const e of s.endpoints ?? []) if (e.nodeName && e.conditions?.ready !== false) names.add(e.nodeName);
  return [...names].sort();
}

/** Polls the published Service (and, for a NodePort, its nodes); calls back when the addresses change. */
export class ServicePublisher {
  private current: PublishedAddress[] | undefined;
  private problem: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    readonly ref: ServiceRef,
    private readonly intervalS: number,
    private readonly log: ElectionLog,
    private readonly onChange: () => void,
  ) {}

  /** undefined until the Service has been read once. */
  addresses(): PublishedAddress[] | undefined {
    return this.current;
  }

  status(): Record<string, unknown> {
    return { service: `${this.ref.namespace}/${this.ref.name}`, addresses: this.current ?? null, ...(this.problem ? { problem: this.problem } : {}) };
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      await this.refresh();
      this.timer = setTimeout(tick, this.intervalS * 1000);
      this.timer.unref();
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    const what = `Service ${this.ref.namespace}/${this.ref.name}`;
    let next: PublishedAddress[];
    try {
      const ns = encodeURIComponent(this.ref.namespace);
      const svc = await this.client.get<PublishedService>(`/api/v1/namespaces/${ns}/services/${encodeURIComponent(this.ref.name)}`);
      let nodes: NodeAddresses[] = [];
      if (svc.spec?.type === 'NodePort' && !svc.spec?.externalIPs?.length) {
        const selector = encodeURIComponent(`kubernetes.io/service-name=${this.ref.name}`);
        const slices = await this.client.get<KubeList<SliceNodes>>(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=${selector}`);
        const names = endpointNodeNames(slices.items ?? []);
        nodes = names.length
          ? (await Promise.all(names.map((name) => this.client.get<NodeAddresses>(`/api/v1/nodes/${encodeURIComponent(name)}`).catch(() => undefined)))).filter((n): n is NodeAddresses => n !== undefined)
          : ((await this.client.get<KubeList<NodeAddresses>>('/api/v1/nodes')).items ?? []);
      }
      next = serviceAddresses(svc, nodes);
      if (this.problem) this.log.info({}, `publishing the addresses of ${what} again`);
      this.problem = undefined;
    } catch (err) {
      const code = errorCode(err);
      const why =
        code === 404
          ? `${what} not found (GATEWAY_PUBLISH_SERVICE): Ingress and Gateway status keep the addresses they have`
          : code === 403
            ? `cannot read ${what} or its nodes: forbidden (403): ${apiMessage(err)}. Grant the gateway's ServiceAccount get on services and get/list on nodes (deploy/rbac-gateway.yaml)`
            : `cannot read ${what}: ${apiMessage(err)}`;
      if (why !== this.problem) (code === 404 ? this.log.warn : this.log.error).call(this.log, { code }, why);
      this.problem = why;
      return;
    }
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.log.info({ service: what, addresses: next }, 'published address changed');
    this.current = next;
    this.onChange();
  }
}

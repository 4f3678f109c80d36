/**
 * Service ClusterIP (10.96.0.0/12) and NodePort (30000-32767) allocation, done
 * synchronously in the write like the real API server's Service REST storage. What is
 * allocated is read from the stored Services through an informer, so a refused or dry-run
 * write never leaks an address.
 */
import { ApiError } from '../store/errors';
import type { AdmissionRequest, AdmissionRegistry, KubeObject, Registry } from '../store/registry';
import { invalidMessage, isValidIPv4, type FieldCause, type Service, type ServiceSpec } from '../../lib/k8s';
import { stored } from '../store/typed';
import { Informer, keyOf } from './informer';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const RESERVATION_MS = 10_000;

const ipToInt = (ip: string) => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return { base: Math.floor(ipToInt(ip) / size) * size, size };
}

const serviceRange = parseCidr(SERVICE_CIDR);

export function inServiceRange(ip: string): boolean {
  if (!isValidIPv4(ip)) return false;
  const n = ipToInt(ip);
  return n > serviceRange.base && n < serviceRange.base + serviceRange.size - 1;
}

/**
 * A Service spec as lib/k8s types it. Admission runs before validation, so the reads below
 * still guard shapes (Array.isArray, typeof) the type alone would promise.
 */
type Spec = ServiceSpec;
type Port = NonNullable<ServiceSpec['ports']>[number];

const needsNodePorts = (type: unknown) => type === 'NodePort' || type === 'LoadBalancer';
const isExternalName = (spec: Spec) => spec.type === 'ExternalName';

/**
 * As kube-apiserver on a type change: what only the old type needed is dropped when the
 * update carried it over unchanged (a client that read the Service, changed `type` and wrote
 * it back), and kept (then validated) when the update set it to something new.
 */
function dropTypeDependentFields(spec: Spec, oldSpec: Spec): void {
  if (needsNodePorts(oldSpec.type) && !needsNodePorts(spec.type)) {
    const oldPorts: Port[] = Array.isArray(oldSpec.ports) ? oldSpec.ports : [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (p.nodePort !== undefined && oldPorts.some((o) => o.nodePort === p.nodePort)) delete p.nodePort;
    }
    if (spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
    if (spec.healthCheckNodePort === oldSpec.healthCheckNodePort) delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === oldSpec.loadBalancerClass) delete spec.loadBalancerClass;
  }
}

function refuse(obj: KubeObject, causes: FieldCause[]): ApiError {
  const name = obj.metadata.name ?? '';
  return new ApiError(422, 'Invalid', invalidMessage('Service', name, causes), {
    name,
    kind: 'Service',
    causes,
  });
}

/** Picks free values at random (like the real allocator) and falls back to a scan. */
function pickFree(min: number, max: number, taken: (n: number) => boolean): number | undefined {
  for (let i = 0; i < 64; i++) {
    const n = min + Math.floor(Math.random() * (max - min + 1));
    if (!taken(n)) return n;
  }
  for (let n = min; n <= max; n++) if (!taken(n)) return n;
  return undefined;
}

export class ServiceAllocator {
  /** ip -> owning service key */
  readonly ips = new Map<string, string>();
  /** "nodePort/protocol" -> owning service key */
  readonly nodePorts = new Map<string, string>();
  readonly informer: Informer;
  private readonly reserved = new Map<string, { owner: string; until: number }>();

  constructor(private readonly registry: Registry & AdmissionRegistry) {
    this.informer = new Informer(registry, 'services').on((type, obj, old) => {
      if (old) this.release(old);
      if (type !== 'DELETED') this.record(obj);
    });
  }

  private record(svc: KubeObject): void {
    const spec: Spec = stored<Service>(svc).spec ?? {};
    const k = keyOf(svc);
    for (const [id, r] of this.reserved) if (r.owner === k) this.reserved.delete(id);
    for (const ip of Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP])
      if (typeof ip === 'string' && ip !== 'None' && ip) this.ips.set(ip, k);
    for (const p of Array.isArray(spec.ports) ? spec.ports : [])
      if (p?.nodePort) this.nodePorts.set(`${p.nodePort}/${p.protocol ?? 'TCP'}`, k);
  }

  private release(svc: KubeObject): void {
    const k = keyOf(svc);
    for (const [ip, owner] of this.ips) if (owner === k) this.ips.delete(ip);
    for (const [p, owner] of this.nodePorts) if (owner === k) this.nodePorts.delete(p);
  }

  start(): void {
    this.informer.start();
    this.registry.registerAdmission('services', (req) => this.admit(req));
  }

  stop(): void {
    this.informer.stop();
  }

  /** Services stored before the hook existed (seeded before controllers start) get their IPs now. */
  backfill(): void {
    for (const svc of [...this.informer.cache.values()]) {
      const spec: Spec = stored<Service>(svc).spec ?? {};
      const missingIP = !isExternalName(spec) && !spec.clusterIP;
      const missingPorts =
        needsNodePorts(spec.type) && (spec.ports ?? []).some((p) => !p.nodePort);
      if (!missingIP && !missingPorts) continue;
      try {
        this.registry.update('services', svc.metadata.namespace, svc);
      } catch (err) {
        console.error(`[controllers] allocating for service ${keyOf(svc)}:`, err);
      }
    }
  }

  admit(req: AdmissionRequest): KubeObject | undefined {
    if (req.operation === 'DELETE' || req.subresource === 'status' || !req.object) return undefined;
    const obj = req.object;
    const spec = (obj.spec ??= {}) as Spec;
    const oldSpec = (req.oldObject?.spec ?? {}) as Spec;
    const key = keyOf(obj);
    const causes: FieldCause[] = [];
    if (req.operation === 'UPDATE') dropTypeDependentFields(spec, oldSpec);

    if (isExternalName(spec)) {
      // ExternalName services have no cluster IP, IP families or node ports.
      if (!spec.clusterIP) delete spec.clusterIP;
      delete spec.clusterIPs;
      delete spec.ipFamilies;
      delete spec.ipFamilyPolicy;
      return obj;
    }

    // An update that leaves clusterIP out keeps the allocated one (as kubectl replace does).
    if (
      !spec.clusterIP &&
      req.operation === 'UPDATE' &&
      oldSpec.clusterIP &&
      !isExternalName(oldSpec)
    ) {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
    }
    if (!spec.clusterIP && Array.isArray(spec.clusterIPs) && spec.clusterIPs[0])
      spec.clusterIP = spec.clusterIPs[0];
    const unchanged =
      req.operation === 'UPDATE' && spec.clusterIP && spec.clusterIP === oldSpec.clusterIP;
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (spec.clusterIP && !unchanged) {
      const ip = String(spec.clusterIP);
      const owner = this.ownerOf(`ip:${ip}`, this.ips.get(ip));
      if (!inServiceRange(ip))
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          message: `Invalid value: ["${ip}"]: failed to allocate IP ${ip}: provided IP is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        });
      else if (owner && owner !== key)
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'spec.clusterIPs',
          message: `Invalid value: ["${ip}"]: failed to allocate IP ${ip}: provided IP is already allocated`,
        });
      spec.clusterIPs = [ip];
    } else if (!spec.clusterIP) {
      const n = pickFree(serviceRange.base + 2, serviceRange.base + serviceRange.size - 2, (n) =>
        this.isTaken(`ip:${intToIp(n)}`, this.ips.has(intToIp(n))),
      );
      if (n === undefined)
        throw new ApiError(500, 'InternalError', `failed to allocate a serviceIP: range is full`);
      spec.clusterIP = intToIp(n);
      spec.clusterIPs = [spec.clusterIP];
    }
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';

    if (needsNodePorts(spec.type)) {
      const used = new Set<string>();
      const ports: Port[] = Array.isArray(spec.ports) ? spec.ports : [];
      const oldPorts: Port[] =
        needsNodePorts(oldSpec.type) && Array.isArray(oldSpec.ports) ? oldSpec.ports : [];
      ports.forEach((p, i) => {
        const proto = p.protocol ?? 'TCP';
        if (!p.nodePort) {
          const prev = oldPorts.find(
            (o) => o.port === p.port && (o.protocol ?? 'TCP') === proto && o.nodePort,
          );
          if (prev) p.nodePort = prev.nodePort;
        }
        if (p.nodePort) {
          const id = `${p.nodePort}/${proto}`;
          const owner = this.ownerOf(`np:${id}`, this.nodePorts.get(id));
          const field = `spec.ports[${i}].nodePort`;
          if (typeof p.nodePort !== 'number') return; // type errors are validation's job
          if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)
            causes.push({
              reason: 'FieldValueInvalid',
              field,
              message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
            });
          else if ((owner && owner !== key) || used.has(id))
            causes.push({
              reason: 'FieldValueInvalid',
              field,
              message: `Invalid value: ${p.nodePort}: provided port is already allocated`,
            });
          used.add(id);
          return;
        }
        const n = pickFree(
          NODE_PORT_MIN,
          NODE_PORT_MAX,
          (n) =>
            this.isTaken(`np:${n}/${proto}`, this.nodePorts.has(`${n}/${proto}`)) ||
            used.has(`${n}/${proto}`),
        );
        if (n === undefined)
          throw new ApiError(500, 'InternalError', 'failed to allocate a nodePort: range is full');
        p.nodePort = n;
        used.add(`${n}/${proto}`);
      });
    }
    if (causes.length) throw refuse(obj, causes);
    if (!req.dryRun) this.reserve(key, spec);
    return obj;
  }

  /**
   * Writes grouped in one commit publish their events only after it, so what this write
   * takes is reserved until the informer sees the stored Service (or briefly, if the write
   * is refused later on).
   */
  private reserve(key: string, spec: Spec): void {
    const until = Date.now() + RESERVATION_MS;
    for (const ip of Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])
      if (typeof ip === 'string' && ip !== 'None')
        this.reserved.set(`ip:${ip}`, { owner: key, until });
    for (const p of Array.isArray(spec.ports) ? spec.ports : [])
      if (p?.nodePort)
        this.reserved.set(`np:${p.nodePort}/${p.protocol ?? 'TCP'}`, { owner: key, until });
  }

  private ownerOf(id: string, confirmed: string | undefined): string | undefined {
    if (confirmed) return confirmed;
    const r = this.reserved.get(id);
    if (!r) return undefined;
    if (r.until < Date.now()) {
      this.reserved.delete(id);
      return undefined;
    }
    return r.owner;
  }

  private isTaken(id: string, confirmed: boolean): boolean {
    return confirmed || this.ownerOf(id, undefined) !== undefined;
  }
}

/** Shared state while compiling one snapshot: lookups, diagnostics, backends, certs, status. */
import type {
  BackendProtocol,
  BackendTarget,
  CertificateEntry,
  ClusterState,
  Condition,
  Diagnostic,
  GatewayStatus,
  FrontendValidation,
  GatewayClassStatus,
  IngressStatus,
  ListenerSetStatus,
  PolicyStatus,
  ObjectInput,
  ObjectRef,
  ReferenceGrantInput,
  ResolvedOptions,
  RouteStatus,
  RoutingOptions,
  SecretInput,
  ServiceInput,
  ServicePort,
  TcpListenerInfo,
  TlsRouteEntry,
} from './types';
import { DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN_RE, WILDCARD_DNS1123_SUBDOMAIN_RE } from '../k8s/validation/primitives';
import { addToBuckets, newBuckets, type Entry, type HostBuckets } from './table';
import { UPSTREAM_PIPELINE_ANNOTATION, parsePipelineAnnotation } from './upstream-pipeline-annotation';

/** A TLS passthrough port while compiling (./tls): its listeners and SNI entries by host. */
export interface TlsPortBuild {
  port: number;
  listeners: Array<{ gateway: { namespace: string; name: string }; listener: string; declaredPort: number; hostname?: string }>;
  routes: Map<string, TlsRouteEntry>;
}

export { GATEWAY_GROUP } from '../k8s/groups';

export function resolveOptions(o: RoutingOptions = {}): ResolvedOptions {
  return {
    ingressClassName: o.ingressClassName ?? 'portico',
    ingressControllerName: o.ingressControllerName ?? 'portico.dev/ingress-controller',
    controllerName: o.controllerName ?? 'portico.dev/gateway-controller',
    httpPort: o.httpPort ?? 8080,
    httpsPort: o.httpsPort ?? 8443,
    publicHttpPort: o.publicHttpPort ?? o.httpPort ?? 8080,
    publicHttpsPort: o.publicHttpsPort ?? o.httpsPort ?? 8443,
    loadBalancerAddress: o.loadBalancerAddress ?? { ip: '127.0.0.1' },
    ingressHostOwnership: o.ingressHostOwnership ?? 'namespace',
  };
}

export function createdMs(o: ObjectInput): number {
  const c = o.metadata.creationTimestamp;
  if (!c) return Number.MAX_SAFE_INTEGER;
  const t = Date.parse(c);
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}

export function nsOf(o: ObjectInput): string {
  return o.metadata.namespace ?? 'default';
}

/** Oldest first, then namespace/name: the order conflicts are resolved in. */
export function byAge<T extends ObjectInput>(items: readonly T[] | undefined): T[] {
  const keyed = (items ?? []).map((o) => ({ o, t: createdMs(o), k: nsOf(o) + '/' + o.metadata.name }));
  keyed.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.o);
}

/** A lower-case DNS-1123 subdomain, or one with a leading "*." (lib/k8s rules). */
export function validHostname(h: string): boolean {
  return h.length <= DNS1123_SUBDOMAIN_MAX && (DNS1123_SUBDOMAIN_RE.test(h) || WILDCARD_DNS1123_SUBDOMAIN_RE.test(h));
}

export function decodeBase64(s: string): string | undefined {
  try {
    return atob(s.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
}

export function condition(type: string, ok: boolean, reason: string, message: string, observedGeneration?: number): Condition {
  return { type, status: ok ? 'True' : 'False', reason, message, ...(observedGeneration !== undefined ? { observedGeneration } : {}) };
}

/**
 * Version tokens: the same object as the previous build's while the input is the same (a list
 * holding the same objects in the same order; an equal string), so caches compare one identity
 * per object instead of the input. Only the last input per name is remembered (callers
 * alternating between states get new tokens, i.e. recompute).
 */
const lastInputs = new Map<string, { input: string | readonly object[]; token: object }>();
function version(name: string, input: string | readonly object[], same: (a: typeof input) => boolean): object {
  const last = lastInputs.get(name);
  if (last && same(last.input)) {
    if (last.input !== input) lastInputs.set(name, { input, token: last.token });
    return last.token;
  }
  const token = {};
  lastInputs.set(name, { input, token });
  return token;
}
const sameList = (list: readonly object[]) => (a: string | readonly object[]) => typeof a !== 'string' && a.length === list.length && a.every((o, i) => o === list[i]);

export class BuildContext {
  readonly options: ResolvedOptions;
  readonly diagnostics: Diagnostic[] = [];
  readonly backends = new Map<string, BackendTarget>();
  readonly buckets = new Map<number, HostBuckets>();
  readonly portProtocols = new Map<number, 'HTTP' | 'HTTPS'>();
  /** served port -> TCP listener (see ./tcp) */
  readonly tcpListeners = new Map<number, TcpListenerInfo>();
  /** served port -> UDP listener (see ./udp); UDP ports are their own namespace */
  readonly udpListeners = new Map<number, TcpListenerInfo>();
  /** served port -> TLS passthrough listeners and their SNI table (see ./tls) */
  readonly tlsPorts = new Map<number, TlsPortBuild>();
  readonly certs: CertificateEntry[] = [];
  readonly certByHost = new Map<string, CertificateEntry>();
  readonly ingressStatuses: IngressStatus[] = [];
  readonly gatewayClassStatuses: GatewayClassStatus[] = [];
  readonly gatewayStatuses: GatewayStatus[] = [];
  readonly listenerSetStatuses: ListenerSetStatus[] = [];
  readonly policyStatuses: PolicyStatus[] = [];
  /** GEP-91 client certificate validation by listener hostname ("*" = none), see ./frontend-validation */
  readonly frontendValidation = new Map<string, FrontendValidation>();
  readonly routeStatuses: RouteStatus[] = [];
  private services = new Map<string, ServiceInput>();
  private secrets = new Map<string, SecretInput>();
  private grants: ReferenceGrantInput[];
  /** The same object while the ReferenceGrants are the same objects (see `version`). */
  readonly grantsVersion: object;
  /** The same object while the options are equal. */
  readonly optionsVersion: object;
  /** The same object while the Services are the same objects. */
  readonly servicesVersion: object;

  constructor(
    readonly state: ClusterState,
    options: RoutingOptions | undefined,
  ) {
    this.options = resolveOptions(options);
    for (const s of state.services ?? []) this.services.set(nsOf(s) + '/' + s.metadata.name, s);
    for (const s of state.secrets ?? []) this.secrets.set(nsOf(s) + '/' + s.metadata.name, s);
    this.grants = state.referenceGrants ?? [];
    this.grantsVersion = version('referenceGrants', this.grants, sameList(this.grants));
    this.servicesVersion = version('services', state.services ?? [], sameList(state.services ?? []));
    const json = JSON.stringify(this.options);
    this.optionsVersion = version('options', json, (a) => a === json);
    this.portProtocols.set(this.options.httpPort, 'HTTP');
    this.portProtocols.set(this.options.httpsPort, 'HTTPS');
  }

  /** 80 -> httpPort, 443 -> httpsPort, P>=1024 -> P, else 8000+P (CONTRACTS.md). */
  servedPort(declared: number): number {
    if (declared === 80) return this.options.httpPort;
    if (declared === 443) return this.options.httpsPort;
    return declared >= 1024 ? declared : 8000 + declared;
  }

  /** Port for a Location header: a redirect's explicit (declared) port as clients see it. */
  publicPort(declared: number): number {
    if (declared === 80) return this.options.publicHttpPort;
    if (declared === 443) return this.options.publicHttpsPort;
    return this.servedPort(declared);
  }

  diag(object: ObjectRef, severity: 'error' | 'warning', reason: string, message: string, field?: string): void {
    this.diagnostics.push({ object, severity, reason, message, ...(field ? { field } : {}) });
  }

  addEntry(port: number, host: string, multiLabel: boolean, e: Entry): void {
    let b = this.buckets.get(port);
    if (!b) this.buckets.set(port, (b = newBuckets()));
    addToBuckets(b, host, multiLabel, e);
  }

  service(ns: string, name: string): ServiceInput | undefined {
    return this.services.get(ns + '/' + name);
  }

  /** service() by "ns/name" (caches keep the key, so a check builds no string) */
  serviceAt(key: string): ServiceInput | undefined {
    return this.services.get(key);
  }

  secret(ns: string, name: string): SecretInput | undefined {
    return this.secrets.get(ns + '/' + name);
  }

  /** ReferenceGrant in `toNs` allowing `fromKind` in `fromNs` to reference `toKind` named `toName`. */
  granted(fromGroup: string, fromKind: string, fromNs: string, toGroup: string, toKind: string, toNs: string, toName: string): boolean {
    for (const g of this.grants) {
      if (nsOf(g) !== toNs) continue;
      const from = g.spec?.from ?? [];
      const to = g.spec?.to ?? [];
      const fromOk = from.some((f) => (f.group ?? '') === fromGroup && f.kind === fromKind && f.namespace === fromNs);
      if (!fromOk) continue;
      if (to.some((t) => (t.group ?? '') === toGroup && t.kind === toKind && (!t.name || t.name === toName))) return true;
    }
    return false;
  }

  /**
   * Resolve a Service port. `port` is a number (Service port) or a name. Registers the
   * BackendTarget and returns it (with `invalid` set when it cannot be served).
   */
  private backendMemo = new Map<string, { target: BackendTarget; servicePort?: ServicePort; notFound?: boolean }>();

  serviceBackend(ns: string, name: string, port: number | string | undefined): { target: BackendTarget; servicePort?: ServicePort; notFound?: boolean } {
    const memoKey = `${ns}/${name}:${typeof port}:${port}`;
    let r = this.backendMemo.get(memoKey);
    if (!r) {
      r = this.resolveServiceBackend(ns, name, port);
      this.backendMemo.set(memoKey, r);
    }
    return r;
  }

  private resolveServiceBackend(ns: string, name: string, port: number | string | undefined): { target: BackendTarget; servicePort?: ServicePort; notFound?: boolean } {
    const svc = this.service(ns, name);
    let sp: ServicePort | undefined;
    let invalid: string | undefined;
    let notFound = false;
    if (!svc) {
      invalid = `Service ${ns}/${name} not found`;
      notFound = true;
    } else if (svc.spec?.type === 'ExternalName') {
      // The gateway resolves the name and feeds the addresses in as endpoints. Ports: a
      // declared Service port when it matches, else the referenced number as is (an
      // ExternalName Service is a DNS alias: the client's port is the port).
      const ext = (svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
      sp = port === undefined ? undefined : (svc.spec?.ports ?? []).find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
      if (!ext || !validHostname(ext) || ext.startsWith('*.')) invalid = `Service ${ns}/${name} is of type ExternalName but spec.externalName "${svc.spec.externalName ?? ''}" is not a valid DNS name`;
      else if (port === undefined) invalid = `no port given for Service ${ns}/${name}`;
      else if (!sp && typeof port === 'string') {
        invalid = `Service ${ns}/${name} has no port named "${port}"`;
        notFound = true;
      }
      const portNum = sp ? sp.port : typeof port === 'number' ? port : undefined;
      const key = `${ns}/${name}:${sp ? sp.name || String(sp.port) : String(port ?? '')}`;
      const target: BackendTarget = {
        key,
        namespace: ns,
        service: name,
        ...(portNum !== undefined ? { port: portNum } : {}),
        endpointPortName: sp?.name ?? '',
        ...(portNum !== undefined ? { targetPort: portNum } : {}),
        ...(invalid ? { invalid } : { externalName: ext }),
      };
      const prev = this.backends.get(key);
      if (!prev || (prev.invalid && !invalid)) this.backends.set(key, target);
      return { target, servicePort: sp, notFound };
    } else if (port === undefined) {
      invalid = `no port given for Service ${ns}/${name}`;
    } else {
      sp = (svc.spec?.ports ?? []).find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
      if (!sp) {
        invalid = `Service ${ns}/${name} has no port ${typeof port === 'number' ? port : `named "${port}"`}`;
        notFound = true;
      }
    }
    const portKey = sp ? sp.name || String(sp.port) : String(port ?? '');
    const key = `${ns}/${name}:${portKey}`;
    const pipeline = svc ? this.servicePipeline(svc) : undefined;
    const target: BackendTarget = {
      key,
      namespace: ns,
      service: name,
      ...(sp ? { port: sp.port } : typeof port === 'number' ? { port } : {}),
      endpointPortName: sp ? (sp.name ?? '') : typeof port === 'string' ? port : '',
      ...(sp?.targetPort !== undefined ? { targetPort: sp.targetPort } : {}),
      ...(invalid ? { invalid } : {}),
      ...(pipeline !== undefined ? { pipeline } : {}),
    };
    const prev = this.backends.get(key);
    if (!prev || (prev.invalid && !invalid)) this.backends.set(key, target);
    return { target, servicePort: sp, notFound };
  }

  /** The Service's portico.dev/upstream-pipeline, when valid (an invalid one: reportServiceAnnotations). */
  private servicePipeline(svc: ServiceInput): number | undefined {
    const p = parsePipelineAnnotation(svc.metadata.annotations);
    return typeof p === 'object' ? undefined : p;
  }

  /**
   * Diagnostics (-> an Event on the Service) for invalid Service annotations of the backends this
   * build serves, once per Service. Run per build, not while compiling routes: compiled routes
   * are reused across builds and would not report again.
   */
  reportServiceAnnotations(): void {
    const seen = new Set<string>();
    for (const t of this.backends.values()) {
      const id = `${t.namespace}/${t.service}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const p = parsePipelineAnnotation(this.service(t.namespace, t.service)?.metadata.annotations);
      if (typeof p === 'object') this.diag({ kind: 'Service', namespace: t.namespace, name: t.service }, 'warning', 'InvalidAnnotation', p.error, `metadata.annotations["${UPSTREAM_PIPELINE_ANNOTATION}"]`);
    }
  }

  /** Protocol implied by a Service port's appProtocol, if any. */
  appProtocol(sp: ServicePort | undefined): BackendProtocol | undefined {
    const a = sp?.appProtocol?.toLowerCase();
    if (!a) return undefined;
    if (a === 'kubernetes.io/h2c' || a === 'h2c') return 'H2C';
    if (a === 'https' || a === 'kubernetes.io/https') return 'HTTPS';
    if (a === 'grpc') return 'GRPC';
    if (a === 'grpcs') return 'GRPCS';
    return undefined;
  }

  /** TLS secret -> PEMs, or an error message. */
  tlsSecret(ns: string, name: string): { cert: string; key: string } | { error: string; notFound?: boolean } {
    const s = this.secret(ns, name);
    if (!s) return { error: `Secret ${ns}/${name} not found`, notFound: true };
    const read = (k: string) => s.stringData?.[k] ?? (s.data?.[k] !== undefined ? decodeBase64(s.data[k]) : undefined);
    const cert = read('tls.crt');
    const key = read('tls.key');
    if (s.type && s.type !== 'kubernetes.io/tls') return { error: `Secret ${ns}/${name} has type ${s.type}, expected kubernetes.io/tls` };
    if (!cert || !key) return { error: `Secret ${ns}/${name} lacks tls.crt or tls.key` };
    if (!cert.includes('-----BEGIN') || !key.includes('-----BEGIN')) return { error: `Secret ${ns}/${name} tls.crt/tls.key are not PEM` };
    return { cert, key };
  }

  addCertificate(ns: string, name: string, pem: { cert: string; key: string }, hosts: string[]): void {
    const key = `${ns}/${name}`;
    let entry = this.certs.find((c) => c.key === key);
    if (!entry) {
      entry = { key, namespace: ns, name, certPem: pem.cert, keyPem: pem.key, hosts: [] };
      this.certs.push(entry);
    }
    for (const h of hosts) {
      if (!this.certByHost.has(h)) this.certByHost.set(h, entry);
      if (!entry.hosts.includes(h)) (entry.hosts as string[]).push(h);
    }
  }
}

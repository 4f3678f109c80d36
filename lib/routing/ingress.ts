/** Ingress v1 (+ ingress-nginx annotations) -> compiled entries. */
import type {
  BackendProtocol,
  BackendRef,
  BackendTarget,
  ForwardAction,
  IngressBackend,
  IngressInput,
  IngressStatus,
  ObjectRef,
  RouteAction,
  RoutePolicy,
  SecretInput,
  ServiceInput,
  ServicePort,
} from './types';
import { parseIngressAnnotations, NGINX_PREFIX, SUPPORTED_ANNOTATIONS, type IngressAnnotations } from './annotations';

const SUPPORTED_KEYS = new Set(SUPPORTED_ANNOTATIONS.map((a) => a.key));
import { BuildContext, byAge, createdMs, nsOf, validHostname } from './context';
import { compileUserRegex, type UserRegex } from './user-regex';
import { HOST_CLAIMED_REASON, HostOwners, hostClaimedMessage, type HostClaim } from './host-ownership';
import { PATH_RANK, directResponse, makeBackendRef, makeEntry, makeForward, type CanarySpec, type Entry, type PathRewrite } from './table';
import { flatJoin } from './flat-string';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Is this Ingress ours? ingressClassName, the legacy annotation, or no class while ours is default. */
export function isOurIngress(ctx: BuildContext, ing: IngressInput): boolean {
  const ours = ctx.options.ingressClassName;
  const controllers = new Set([ctx.options.ingressControllerName, ctx.options.controllerName]);
  const classes = ctx.state.ingressClasses ?? [];
  const name = ing.spec?.ingressClassName ?? ing.metadata.annotations?.[CLASS_ANNOTATION];
  if (name !== undefined && name !== '') {
    if (name === ours) return true;
    const cls = classes.find((c) => c.metadata.name === name);
    return !!cls?.spec?.controller && controllers.has(cls.spec.controller);
  }
  // No class: ours only when one of our IngressClasses is marked default.
  return classes.some(
    (c) =>
      c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true' &&
      (c.metadata.name === ours || (!!c.spec?.controller && controllers.has(c.spec.controller))),
  );
}

function normPrefix(p: string): string {
  let e = p.length;
  while (e > 0 && p.charCodeAt(e - 1) === 47) e--;
  return p.slice(0, e);
}

function compileTemplate(t: string): PathRewrite {
  const parts: Array<string | number> = [];
  const re = /\$(\d)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    if (m.index > last) parts.push(t.slice(last, m.index));
    parts.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  if (last < t.length) parts.push(t.slice(last));
  return { kind: 'template', parts };
}

function hostCovered(host: string, tlsHosts: Set<string>): boolean {
  if (tlsHosts.has(host)) return true;
  const i = host.indexOf('.');
  return i > 0 && tlsHosts.has('*' + host.slice(i));
}

/**
 * Incremental compilation. One Ingress compiles to a Fragment: its diagnostics and entries in
 * order, the backends and certificates it registers, and what it read (Services, Secrets).
 * Fragments are cached per object (the informer hands us a new object on every change) and
 * reused while the Services/Secrets they read are the same objects and the options and
 * IngressClasses are unchanged. What depends on other Ingresses (path conflicts, the
 * catch-all default backend, canaries) is decided each build while the fragments are merged,
 * so a build with one changed Ingress recompiles only that Ingress.
 */
type Op =
  | { t: 'diag'; severity: 'error' | 'warning'; reason: string; message: string; field?: string }
  | { t: 'path'; host: string; key: string; field: string; entry: Entry }
  | { t: 'entry'; host: string; entry: Entry }
  | { t: 'catchAll'; entry: Entry };

interface Fragment {
  scope: string;
  ours: boolean;
  ann?: IngressAnnotations;
  canary: boolean;
  status?: IngressStatus;
  /** hosts this Ingress claims for ownership (./host-ownership) */
  claims: HostClaim[];
  ops: Op[];
  backends: BackendTarget[];
  certs: Array<{ ns: string; name: string; pem: { cert: string; key: string }; hosts: string[] }>;
  services: Array<[string, string, ServiceInput | undefined]>;
  secrets: Array<[string, string, SecretInput | undefined]>;
}

const fragments = new WeakMap<IngressInput, Fragment>();

/** See ./carry-over: `next` routes exactly as `prev`, so it gets prev's fragment. */
export function carryIngressFragment(prev: object, next: object): void {
  const f = fragments.get(prev as IngressInput);
  if (f && !fragments.has(next as IngressInput)) fragments.set(next as IngressInput, f);
}

/** What compiling one Ingress may touch: the build context, or a recorder in front of it. */
interface Sink {
  diag(object: ObjectRef, severity: 'error' | 'warning', reason: string, message: string, field?: string): void;
  serviceBackend(ns: string, name: string, port: number | string | undefined): ReturnType<BuildContext['serviceBackend']>;
  appProtocol(sp: ServicePort | undefined): BackendProtocol | undefined;
}

class Recorder implements Sink {
  readonly f: Fragment;
  constructor(
    private readonly ctx: BuildContext,
    scope: string,
  ) {
    this.f = { scope, ours: true, canary: false, claims: [], ops: [], backends: [], certs: [], services: [], secrets: [] };
  }
  diag(_object: ObjectRef, severity: 'error' | 'warning', reason: string, message: string, field?: string): void {
    this.f.ops.push({ t: 'diag', severity, reason, message, ...(field ? { field } : {}) });
  }
  serviceBackend(ns: string, name: string, port: number | string | undefined) {
    this.f.services.push([ns, name, this.ctx.service(ns, name)]);
    const r = this.ctx.serviceBackend(ns, name, port);
    this.f.backends.push(r.target);
    return r;
  }
  appProtocol(sp: ServicePort | undefined) {
    return this.ctx.appProtocol(sp);
  }
  tlsSecret(ns: string, name: string) {
    this.f.secrets.push([ns, name, this.ctx.secret(ns, name)]);
    return this.ctx.tlsSecret(ns, name);
  }
}

function fragmentValid(ctx: BuildContext, f: Fragment, scope: string): boolean {
  if (f.scope !== scope) return false;
  for (const [ns, name, o] of f.services) if (ctx.service(ns, name) !== o) return false;
  for (const [ns, name, o] of f.secrets) if (ctx.secret(ns, name) !== o) return false;
  return true;
}

/** Options and IngressClasses decide which Ingresses are ours and how they compile. */
function compileScope(ctx: BuildContext): string {
  const classes = (ctx.state.ingressClasses ?? []).map((c) => [c.metadata.name, c.spec?.controller ?? '', c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] ?? '']);
  return JSON.stringify([ctx.options, classes]);
}

/** Returns the Ingress host owners (host -> namespace; see ./host-ownership) for the host tables. */
export function compileIngresses(ctx: BuildContext): ReadonlyMap<string, string> {
  const { httpPort, httpsPort } = ctx.options;
  const scope = compileScope(ctx);
  // `${host}|${path}` -> first (oldest) main entry, by its slot in `pending`
  const mains = new Map<string, { slot: number; ann: IngressAnnotations }>();
  const pending: Array<{ host: string; entry: Entry }> = [];
  const canaries: Array<{ ing: IngressInput; ann: IngressAnnotations }> = [];
  let catchAllDefault: string | undefined;
  const owners = new HostOwners(ctx.options.ingressHostOwnership);

  for (const ing of byAge(ctx.state.ingresses)) {
    let f = fragments.get(ing);
    if (!f || !fragmentValid(ctx, f, scope)) {
      f = compileIngress(ctx, ing, scope);
      fragments.set(ing, f);
    }
    if (!f.ours) continue;
    const ns = nsOf(ing);
    const name = ing.metadata.name;
    const ref: ObjectRef = { kind: 'Ingress', namespace: ns, name };
    if (f.status) ctx.ingressStatuses.push(f.status);
    for (const t of f.backends) {
      const prev = ctx.backends.get(t.key);
      if (!prev || (prev.invalid && !t.invalid)) ctx.backends.set(t.key, t);
    }
    const lost = owners.claim(ns, f.claims);
    for (const c of lost) ctx.diag(ref, 'error', HOST_CLAIMED_REASON, hostClaimedMessage(c, c.owner), c.field);
    for (const c of f.certs) {
      const hosts = lost.length ? c.hosts.filter((h) => owners.otherOwner(ns, h) === undefined) : c.hosts;
      if (hosts.length) ctx.addCertificate(c.ns, c.name, c.pem, hosts);
    }
    for (const op of f.ops) {
      if (op.t === 'diag') ctx.diag(ref, op.severity, op.reason, op.message, op.field);
      else if (op.t !== 'catchAll' && lost.length && owners.otherOwner(ns, op.host) !== undefined) continue;
      else if (op.t === 'path') {
        const main = mains.get(op.key);
        if (main) {
          const prev = pending[main.slot].entry.route;
          ctx.diag(ref, 'warning', 'PathConflict', `${op.field}: host "${op.host || '*'}" path "${op.key.slice(op.key.indexOf('|') + 1)}" is already served by Ingress ${prev.namespace}/${prev.name} (older wins); this path only serves if that one stops`, `${op.field}.path`);
        } else mains.set(op.key, { slot: pending.length, ann: f.ann! });
        pending.push({ host: op.host, entry: op.entry });
      } else if (op.t === 'entry') pending.push({ host: op.host, entry: op.entry });
      else if (catchAllDefault === undefined) {
        catchAllDefault = `${ns}/${name}`;
        pending.push({ host: '', entry: op.entry });
      } else {
        ctx.diag(ref, 'warning', 'DefaultBackendConflict', `spec.defaultBackend: the catch-all default backend is already provided by Ingress ${catchAllDefault} (older wins); this one applies to its own hosts only`, 'spec.defaultBackend');
      }
    }
    if (f.canary) canaries.push({ ing, ann: f.ann! });
  }

  // Canary Ingresses attach to the main entry with the same host and path. Entries may be
  // shared with earlier snapshots (cached fragments): attach to a copy, never in place.
  for (const { ing, ann } of canaries) {
    const ns = nsOf(ing);
    const ref: ObjectRef = { kind: 'Ingress', namespace: ns, name: ing.metadata.name };
    (ing.spec?.rules ?? []).forEach((rule, ri) => {
      const host = (rule.host ?? '').toLowerCase();
      const owner = owners.otherOwner(ns, host);
      if (owner !== undefined) {
        ctx.diag(ref, 'error', HOST_CLAIMED_REASON, hostClaimedMessage({ host, field: `spec.rules[${ri}].host` }, owner), `spec.rules[${ri}].host`);
        return;
      }
      (rule.http?.paths ?? []).forEach((p, pi) => {
        const field = `spec.rules[${ri}].http.paths[${pi}]`;
        const path = p.path ?? '/';
        const main = mains.get(`${host}|${path}`);
        if (!main) {
          ctx.diag(ref, 'warning', 'CanaryWithoutMain', `${field}: canary Ingress has no main Ingress serving host "${host || '*'}" path "${path}"; not served`, field);
          return;
        }
        const mainEntry = pending[main.slot].entry;
        if (mainEntry.canary) {
          ctx.diag(ref, 'warning', 'CanaryConflict', `${field}: host "${host || '*'}" path "${path}" already has a canary; only one canary per rule is used (older wins)`, field);
          return;
        }
        const mainAction = mainEntry.action;
        if (mainAction.type !== 'forward') return;
        // The canary uses the main Ingress's policy and protocol (as ingress-nginx does).
        const canaryAction = backendAction(ctx, ref, p.backend, ns, main.ann, mainAction.policy, `${field}.backend`, true);
        if (!canaryAction) return;
        const spec: CanarySpec = {
          ...(ann.canaryByHeader ? { byHeader: ann.canaryByHeader } : {}),
          ...(ann.canaryByHeaderValue !== undefined ? { headerValue: ann.canaryByHeaderValue } : {}),
          ...(ann.canaryByHeaderPattern ? { headerPattern: ann.canaryByHeaderPattern } : {}),
          ...(ann.canaryByCookie ? { byCookie: ann.canaryByCookie } : {}),
          canaryAction,
          splitAction: splitAction(mainAction, canaryAction, ann.canaryWeight ?? 0, ann.canaryWeightTotal),
        };
        pending[main.slot].entry = makeEntry({ ...mainEntry, canary: spec });
      });
    });
  }

  for (const { host, entry } of pending) {
    ctx.addEntry(httpPort, host, false, entry);
    ctx.addEntry(httpsPort, host, false, entry);
  }
  return owners.owners;
}

/** Compile one Ingress on its own (everything that does not depend on other Ingresses). */
function compileIngress(ctx: BuildContext, ing: IngressInput, scope: string): Fragment {
  const rec = new Recorder(ctx, scope);
  const f = rec.f;
  if (!isOurIngress(ctx, ing)) {
    f.ours = false;
    return f;
  }
  const ns = nsOf(ing);
  const name = ing.metadata.name;
  const ref: ObjectRef = { kind: 'Ingress', namespace: ns, name };
  const ann = parseIngressAnnotations(ing.metadata.annotations);
  f.ann = ann;
  for (const p of ann.problems) {
    rec.diag(ref, p.reason === 'UnsupportedAnnotation' ? 'warning' : 'error', p.reason, p.message, `metadata.annotations["${p.key}"]`);
  }
  const served = !ann.refused && !ann.invalid;
  f.status = {
    namespace: ns,
    name,
    served,
    loadBalancer: { ingress: served ? [ctx.options.loadBalancerAddress] : [] },
  };
  if (!served) return f;
  if (ann.canary) {
    // As in ingress-nginx, a canary takes the main Ingress's behaviour: say so rather than half-apply.
    for (const key of Object.keys(ing.metadata.annotations ?? {})) {
      const short = key.startsWith(NGINX_PREFIX) ? key.slice(NGINX_PREFIX.length) : '';
      if (short && !short.startsWith('canary') && SUPPORTED_KEYS.has(key)) {
        rec.diag(ref, 'warning', 'IgnoredOnCanary', `annotation ${key} is ignored on a canary Ingress: the main Ingress's settings apply to canary traffic`, `metadata.annotations["${key}"]`);
      }
    }
    f.canary = true;
    return f;
  }

  // Hosts claimed for ownership across namespaces (decided per build, see compileIngresses).
  (ing.spec?.rules ?? []).forEach((rule, ri) => {
    const host = (rule.host ?? '').toLowerCase();
    if (host && validHostname(host)) f.claims.push({ host, field: `spec.rules[${ri}].host` });
  });
  (ing.spec?.tls ?? []).forEach((tls, ti) =>
    (tls.hosts ?? []).forEach((h, hi) => {
      const host = h.toLowerCase();
      if (host && validHostname(host)) f.claims.push({ host, field: `spec.tls[${ti}].hosts[${hi}]` });
    }),
  );

  // TLS: certificates by SNI, and which hosts get ssl-redirect.
  const tlsHosts = new Set<string>();
  (ing.spec?.tls ?? []).forEach((tls, ti) => {
    const hosts = (tls.hosts ?? []).map((h) => h.toLowerCase());
    for (const h of hosts) tlsHosts.add(h);
    if (!tls.secretName) {
      rec.diag(ref, 'warning', 'TLSSecretMissing', `spec.tls[${ti}] has no secretName; HTTPS for ${hosts.join(', ') || 'it'} uses the gateway's default certificate`, `spec.tls[${ti}].secretName`);
      return;
    }
    const pem = rec.tlsSecret(ns, tls.secretName);
    if ('error' in pem) {
      rec.diag(ref, 'warning', 'TLSSecretInvalid', `${pem.error}; HTTPS for ${hosts.join(', ') || 'these hosts'} uses the gateway's default certificate`, `spec.tls[${ti}].secretName`);
      return;
    }
    f.certs.push({ ns, name: tls.secretName, pem, hosts: hosts.length ? hosts : ['*'] });
  });

  const policy = policyFrom(ann);
  const regexMode = ann.useRegex || ann.rewriteTarget !== undefined;
  const rewrite = ann.rewriteTarget !== undefined ? compileTemplate(ann.rewriteTarget) : undefined;
  const created = createdMs(ing);
  const order = flatJoin('/', ns, name, 'Ingress');

  const rules = ing.spec?.rules ?? [];
  // Paths of one Ingress that point at the same Service port share one action.
  const actionCache = new Map<string, RouteAction>();
  rules.forEach((rule, ri) => {
    const host = (rule.host ?? '').toLowerCase();
    if (host && !validHostname(host)) {
      rec.diag(ref, 'error', 'InvalidHost', `spec.rules[${ri}].host "${rule.host}" is not a valid DNS name (a leading "*." wildcard is allowed); rule not served`, `spec.rules[${ri}].host`);
      return;
    }
    const httpsOnly = ann.forceSslRedirect || (ann.sslRedirect !== false && host !== '' && hostCovered(host, tlsHosts));
    (rule.http?.paths ?? []).forEach((p, pi) => {
      const field = flatJoin('', 'spec.rules[', ri, '].http.paths[', pi, ']');
      const path = p.path ?? '/';
      const pathType = p.pathType ?? 'ImplementationSpecific';
      if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(pathType)) {
        rec.diag(ref, 'error', 'InvalidPathType', `${field}.pathType "${pathType}" must be Exact, Prefix or ImplementationSpecific; path not served`, `${field}.pathType`);
        return;
      }
      if (!path.startsWith('/')) {
        rec.diag(ref, 'error', 'InvalidPath', `${field}.path "${path}" must start with "/"; path not served`, `${field}.path`);
        return;
      }
      let regex: UserRegex | undefined;
      if (regexMode) {
        try {
          regex = compileUserRegex(path, 'ingress-path');
        } catch (e) {
          rec.diag(ref, 'error', 'InvalidRegex', `${field}.path "${path}" is not a valid regular expression (use-regex/rewrite-target are set): ${(e as Error).message}; path not served`, `${field}.path`);
          return;
        }
      }
      const backend = p.backend;
      const cacheKey = backend?.service ? `${backend.service.name}:${backend.service.port?.number ?? backend.service.port?.name}` : undefined;
      let action = cacheKey !== undefined ? actionCache.get(cacheKey) : undefined;
      if (!action) {
        action = backendAction(rec, ref, backend, ns, ann, policy, `${field}.backend`);
        if (action && cacheKey !== undefined) actionCache.set(cacheKey, action);
      }
      if (!action) return;
      const exact = pathType === 'Exact';
      const e: Entry = makeEntry({
        pathRank: exact ? PATH_RANK.exact : PATH_RANK.prefix,
        pathLen: exact || regex ? path.length : normPrefix(path).length,
        hasMethod: 0,
        headerCount: 0,
        queryCount: 0,
        created,
        order,
        ruleIndex: ri,
        matchIndex: pi,
        pathType: exact ? 'exact' : regex ? 'regex' : 'prefix',
        pathValue: exact ? path : regex ? path : normPrefix(path),
        ...(regex ? { regex } : {}),
        route: {
          kind: 'Ingress',
          namespace: ns,
          name,
          ruleIndex: ri,
          matchIndex: pi,
          description: flatJoin(' ', regex && !exact ? 'Regex' : pathType === 'ImplementationSpecific' ? 'Prefix' : pathType, path, 'on', host || '*'),
          id: flatJoin('/', 'Ingress', ns, name, ri, pi),
        },
        action,
        ...(rewrite ? { rewrite } : {}),
        httpsOnly,
        hostPattern: host || '*',
        matchText: flatJoin(' ', pathType, path),
      });
      f.ops.push({ t: 'path', host, key: flatJoin('|', host, path), field, entry: e });
    });
  });

  // defaultBackend: lowest precedence on this Ingress's hosts, and the catch-all (oldest wins).
  const db = ing.spec?.defaultBackend;
  if (db) {
    const action = backendAction(rec, ref, db, ns, ann, policy, 'spec.defaultBackend');
    if (action) {
      const hosts = new Set(rules.map((r) => (r.host ?? '').toLowerCase()).filter((h) => h && validHostname(h)));
      const mk = (host: string): Entry =>
        makeEntry({
          pathRank: PATH_RANK.fallback,
          pathLen: 0,
          hasMethod: 0,
          headerCount: 0,
          queryCount: 0,
          created,
          order,
          ruleIndex: -1,
          matchIndex: 0,
          pathType: 'prefix',
          pathValue: '',
          route: { kind: 'Ingress', namespace: ns, name, ruleIndex: -1, matchIndex: 0, description: flatJoin(' ', 'defaultBackend on', host || '*'), id: flatJoin('/', 'Ingress', ns, name, 'default') },
          action,
          httpsOnly: ann.forceSslRedirect || (ann.sslRedirect !== false && host !== '' && hostCovered(host, tlsHosts)),
          hostPattern: host || '*',
          matchText: 'defaultBackend',
        });
      for (const h of hosts) f.ops.push({ t: 'entry', host: h, entry: mk(h) });
      f.ops.push({ t: 'catchAll', entry: mk('') });
    }
  }
  return f;
}

function splitAction(main: ForwardAction, canary: RouteAction, weight: number, total: number): RouteAction {
  if (weight <= 0) return main;
  if (weight >= total) return canary;
  if (canary.type !== 'forward') {
    // Canary backend invalid: its share gets the error answer via an invalid backend.
    const bad: BackendRef = makeBackendRef({ ...main.backends[0], key: 'invalid', weight, invalid: 'canary backend is not available', canary: true });
    return makeForward({ ...main, backends: [...main.backends.map((b) => makeBackendRef({ ...b, weight: total - weight })), bad], totalWeight: total });
  }
  const backends = [
    ...main.backends.map((b) => makeBackendRef({ ...b, weight: total - weight })),
    ...canary.backends.map((b) => makeBackendRef({ ...b, weight, canary: true })),
  ];
  return makeForward({ ...main, backends, totalWeight: total });
}

function policyFrom(ann: IngressAnnotations): RoutePolicy {
  const p: RoutePolicy = {};
  if (ann.connectTimeoutMs !== undefined) p.connectTimeoutMs = ann.connectTimeoutMs;
  if (ann.readTimeoutMs !== undefined) p.readTimeoutMs = ann.readTimeoutMs;
  if (ann.sendTimeoutMs !== undefined) p.sendTimeoutMs = ann.sendTimeoutMs;
  if (ann.maxBodyBytes !== undefined) p.maxBodyBytes = ann.maxBodyBytes;
  if (ann.limitRps !== undefined || ann.limitConnections !== undefined) {
    p.rateLimit = {
      ...(ann.limitRps !== undefined ? { rps: ann.limitRps, burst: ann.limitRps * 5 } : {}),
      ...(ann.limitConnections !== undefined ? { connections: ann.limitConnections } : {}),
    };
  }
  if (ann.cors) p.cors = ann.cors;
  if (ann.affinity) p.affinity = ann.affinity;
  if (ann.loadBalance) p.loadBalance = ann.loadBalance;
  return p;
}

/** Forward to the Service, or a direct 503 when it cannot be resolved (as ingress-nginx answers). */
function backendAction(
  ctx: Sink,
  ref: ObjectRef,
  backend: IngressBackend | undefined,
  ns: string,
  ann: IngressAnnotations,
  policy: RoutePolicy,
  field: string,
  canary = false,
): RouteAction | undefined {
  if (!backend?.service) {
    if (backend?.resource) {
      ctx.diag(ref, 'error', 'UnsupportedBackend', `${field}.resource (${backend.resource.kind} ${backend.resource.name}) is not supported; only Service backends are; path not served`, `${field}.resource`);
    } else {
      ctx.diag(ref, 'error', 'InvalidBackend', `${field} has no service; path not served`, field);
    }
    return undefined;
  }
  const svc = backend.service;
  const port = svc.port?.number ?? svc.port?.name;
  const { target, servicePort } = ctx.serviceBackend(ns, svc.name, port);
  if (target.invalid) {
    ctx.diag(ref, 'warning', 'BackendNotFound', `${field}: ${target.invalid}; requests get 503 until it exists`, `${field}.service`);
    return directResponse(503, `503 Service Unavailable: ${target.invalid}\n`);
  }
  const protocol = ann.backendProtocol ?? ctx.appProtocol(servicePort) ?? 'HTTP';
  const b: BackendRef = makeBackendRef({
    key: target.key,
    namespace: ns,
    service: svc.name,
    ...(target.port !== undefined ? { port: target.port } : {}),
    endpointPortName: target.endpointPortName,
    weight: 1,
    protocol,
    ...(canary ? { canary: true } : {}),
    ...(target.pipeline !== undefined ? { pipeline: target.pipeline } : {}),
  });
  return makeForward({ backends: [b], totalWeight: 1, mirrors: [], policy, ...(ann.upstreamVhost ? { hostRewrite: ann.upstreamVhost } : {}) });
}

export { NGINX_PREFIX };

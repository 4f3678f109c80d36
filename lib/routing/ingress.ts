/** Ingress v1 (+ ingress-nginx annotations) -> compiled entries. */
import type { BackendRef, ForwardAction, IngressBackendLike, IngressLike, ObjectRef, RouteAction, RoutePolicy } from './types';
import { parseIngressAnnotations, NGINX_PREFIX, SUPPORTED_ANNOTATIONS, type IngressAnnotations } from './annotations';

const SUPPORTED_KEYS = new Set(SUPPORTED_ANNOTATIONS.map((a) => a.key));
import { BuildContext, byAge, createdMs, nsOf, validHostname } from './context';
import { compileUserRegex } from './safe-regex';
import { PATH_RANK, directResponse, makeBackendRef, makeEntry, makeForward, type CanarySpec, type Entry, type PathRewrite } from './table';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Is this Ingress ours? ingressClassName, the legacy annotation, or no class while ours is default. */
export function isOurIngress(ctx: BuildContext, ing: IngressLike): boolean {
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

interface MainKey {
  entry: Entry;
  ann: IngressAnnotations;
}

export function compileIngresses(ctx: BuildContext): void {
  const { httpPort, httpsPort } = ctx.options;
  const mains = new Map<string, MainKey>(); // `${host}|${path}` -> first (oldest) main entry
  const canaries: Array<{ ing: IngressLike; ann: IngressAnnotations }> = [];
  let catchAllDefault: string | undefined;

  for (const ing of byAge(ctx.state.ingresses)) {
    if (!isOurIngress(ctx, ing)) continue;
    const ns = nsOf(ing);
    const name = ing.metadata.name;
    const ref: ObjectRef = { kind: 'Ingress', namespace: ns, name };
    const ann = parseIngressAnnotations(ing.metadata.annotations);
    for (const p of ann.problems) {
      ctx.diag(ref, p.reason === 'UnsupportedAnnotation' ? 'warning' : 'error', p.reason, p.message, `metadata.annotations["${p.key}"]`);
    }
    const served = !ann.refused && !ann.invalid;
    ctx.ingressStatuses.push({
      namespace: ns,
      name,
      served,
      loadBalancer: { ingress: served ? [ctx.options.loadBalancerAddress] : [] },
    });
    if (!served) continue;
    if (ann.canary) {
      // As in ingress-nginx, a canary takes the main Ingress's behaviour: say so rather than half-apply.
      for (const key of Object.keys(ing.metadata.annotations ?? {})) {
        const short = key.startsWith(NGINX_PREFIX) ? key.slice(NGINX_PREFIX.length) : '';
        if (short && !short.startsWith('canary') && SUPPORTED_KEYS.has(key)) {
          ctx.diag(ref, 'warning', 'IgnoredOnCanary', `annotation ${key} is ignored on a canary Ingress: the main Ingress's settings apply to canary traffic`, `metadata.annotations["${key}"]`);
        }
      }
      canaries.push({ ing, ann });
      continue;
    }

    // TLS: certificates by SNI, and which hosts get ssl-redirect.
    const tlsHosts = new Set<string>();
    (ing.spec?.tls ?? []).forEach((tls, ti) => {
      const hosts = (tls.hosts ?? []).map((h) => h.toLowerCase());
      for (const h of hosts) tlsHosts.add(h);
      if (!tls.secretName) {
        ctx.diag(ref, 'warning', 'TLSSecretMissing', `spec.tls[${ti}] has no secretName; HTTPS for ${hosts.join(', ') || 'it'} uses the gateway's default certificate`, `spec.tls[${ti}].secretName`);
        return;
      }
      const pem = ctx.tlsSecret(ns, tls.secretName);
      if ('error' in pem) {
        ctx.diag(ref, 'warning', 'TLSSecretInvalid', `${pem.error}; HTTPS for ${hosts.join(', ') || 'these hosts'} uses the gateway's default certificate`, `spec.tls[${ti}].secretName`);
        return;
      }
      ctx.addCertificate(ns, tls.secretName, pem, hosts.length ? hosts : ['*']);
    });

    const policy = policyFrom(ann);
    const regexMode = ann.useRegex || ann.rewriteTarget !== undefined;
    const rewrite = ann.rewriteTarget !== undefined ? compileTemplate(ann.rewriteTarget) : undefined;

    const rules = ing.spec?.rules ?? [];
    // Paths of one Ingress that point at the same Service port share one action.
    const actionCache = new Map<string, RouteAction>();
    rules.forEach((rule, ri) => {
      const host = (rule.host ?? '').toLowerCase();
      if (host && !validHostname(host)) {
        ctx.diag(ref, 'error', 'InvalidHost', `spec.rules[${ri}].host "${rule.host}" is not a valid DNS name (a leading "*." wildcard is allowed); rule not served`, `spec.rules[${ri}].host`);
        return;
      }
      const httpsOnly = ann.forceSslRedirect || (ann.sslRedirect !== false && host !== '' && hostCovered(host, tlsHosts));
      (rule.http?.paths ?? []).forEach((p, pi) => {
        const field = `spec.rules[${ri}].http.paths[${pi}]`;
        const path = p.path ?? '/';
        const pathType = p.pathType ?? 'ImplementationSpecific';
        if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(pathType)) {
          ctx.diag(ref, 'error', 'InvalidPathType', `${field}.pathType "${pathType}" must be Exact, Prefix or ImplementationSpecific; path not served`, `${field}.pathType`);
          return;
        }
        if (!path.startsWith('/')) {
          ctx.diag(ref, 'error', 'InvalidPath', `${field}.path "${path}" must start with "/"; path not served`, `${field}.path`);
          return;
        }
        let regex: RegExp | undefined;
        if (regexMode) {
          try {
            regex = compileUserRegex('^' + path, 'i');
          } catch (e) {
            ctx.diag(ref, 'error', 'InvalidRegex', `${field}.path "${path}" is not a valid regular expression (use-regex/rewrite-target are set): ${(e as Error).message}; path not served`, `${field}.path`);
            return;
          }
        }
        const backend = p.backend;
        const cacheKey = backend?.service ? `${backend.service.name}:${backend.service.port?.number ?? backend.service.port?.name}` : undefined;
        let action = cacheKey !== undefined ? actionCache.get(cacheKey) : undefined;
        if (!action) {
          action = backendAction(ctx, ref, backend, ns, ann, policy, `${field}.backend`);
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
          created: createdMs(ing),
          order: `${ns}/${name}/Ingress`,
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
            description: `${regex && !exact ? 'Regex' : pathType === 'ImplementationSpecific' ? 'Prefix' : pathType} ${path} on ${host || '*'}`,
            id: `Ingress/${ns}/${name}/${ri}/${pi}`,
          },
          action,
          ...(rewrite ? { rewrite } : {}),
          httpsOnly,
          hostPattern: host || '*',
          matchText: `${pathType} ${path}`,
        });
        const k = `${host}|${path}`;
        if (mains.has(k)) {
          const prev = mains.get(k)!.entry.route;
          ctx.diag(ref, 'warning', 'PathConflict', `${field}: host "${host || '*'}" path "${path}" is already served by Ingress ${prev.namespace}/${prev.name} (older wins); this path only serves if that one stops`, `${field}.path`);
        } else mains.set(k, { entry: e, ann });
        ctx.addEntry(httpPort, host, false, e);
        ctx.addEntry(httpsPort, host, false, e);
      });
    });

    // defaultBackend: lowest precedence on this Ingress's hosts, and the catch-all (oldest wins).
    const db = ing.spec?.defaultBackend;
    if (db) {
      const action = backendAction(ctx, ref, db, ns, ann, policy, 'spec.defaultBackend');
      if (action) {
        const hosts = new Set(rules.map((r) => (r.host ?? '').toLowerCase()).filter((h) => h && validHostname(h)));
        const mk = (host: string): Entry => makeEntry({
          pathRank: PATH_RANK.fallback,
          pathLen: 0,
          hasMethod: 0,
          headerCount: 0,
          queryCount: 0,
          created: createdMs(ing),
          order: `${ns}/${name}/Ingress`,
          ruleIndex: -1,
          matchIndex: 0,
          pathType: 'prefix',
          pathValue: '',
          route: { kind: 'Ingress', namespace: ns, name, ruleIndex: -1, matchIndex: 0, description: `defaultBackend on ${host || '*'}`, id: `Ingress/${ns}/${name}/default` },
          action,
          httpsOnly: ann.forceSslRedirect || (ann.sslRedirect !== false && host !== '' && hostCovered(host, tlsHosts)),
          hostPattern: host || '*',
          matchText: 'defaultBackend',
        })
        for (const h of hosts) {
          const e = mk(h);
          ctx.addEntry(httpPort, h, false, e);
          ctx.addEntry(httpsPort, h, false, e);
        }
        if (catchAllDefault === undefined) {
          catchAllDefault = `${ns}/${name}`;
          const e = mk('');
          ctx.addEntry(httpPort, '', false, e);
          ctx.addEntry(httpsPort, '', false, e);
        } else {
          ctx.diag(ref, 'warning', 'DefaultBackendConflict', `spec.defaultBackend: the catch-all default backend is already provided by Ingress ${catchAllDefault} (older wins); this one applies to its own hosts only`, 'spec.defaultBackend');
        }
      }
    }
  }

  // Canary Ingresses attach to the main entry with the same host and path.
  for (const { ing, ann } of canaries) {
    const ns = nsOf(ing);
    const ref: ObjectRef = { kind: 'Ingress', namespace: ns, name: ing.metadata.name };
    (ing.spec?.rules ?? []).forEach((rule, ri) => {
      const host = (rule.host ?? '').toLowerCase();
      (rule.http?.paths ?? []).forEach((p, pi) => {
        const field = `spec.rules[${ri}].http.paths[${pi}]`;
        const path = p.path ?? '/';
        const main = mains.get(`${host}|${path}`);
        if (!main) {
          ctx.diag(ref, 'warning', 'CanaryWithoutMain', `${field}: canary Ingress has no main Ingress serving host "${host || '*'}" path "${path}"; not served`, field);
          return;
        }
        if (main.entry.canary) {
          ctx.diag(ref, 'warning', 'CanaryConflict', `${field}: host "${host || '*'}" path "${path}" already has a canary; only one canary per rule is used (older wins)`, field);
          return;
        }
        const mainAction = main.entry.action;
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
        main.entry.canary = spec;
      });
    });
  }
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
  ctx: BuildContext,
  ref: ObjectRef,
  backend: IngressBackendLike | undefined,
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
  });
  return makeForward({ backends: [b], totalWeight: 1, mirrors: [], policy, ...(ann.upstreamVhost ? { hostRewrite: ann.upstreamVhost } : {}) });
}

export { NGINX_PREFIX };

// Admin API (127.0.0.1:9080 by default): health, readiness, current config, route test, metrics.
// Bound beyond loopback it needs a bearer token (./auth); ?namespace= scopes /config, /endpoints and /routes/test (./scope).
import http from 'node:http';
import type { GatewayRuntime } from '../proxy/runtime';
import type { Endpoint, EndpointSet } from '../proxy/endpoints';
import { candidates } from '../proxy/balancer';
import { OPEN_PATHS, type AdminAuth } from './auth';
import { otherProjectAnswer, parseScope, scopedConfigView, type Scope } from './scope';
import { endpointHealthView } from './endpoint-health';

export interface AdminOptions {
  host: string;
  port: number;
  /** Metrics text, whole or in pieces to write in turn (multi-worker mode aggregates across workers). */
  metrics?: () => Promise<{ contentType: string; body: string | readonly string[] }>;
  /** Extra fields for /config (controller info, leader, missing APIs...). */
  info?: () => Record<string, unknown>;
  /** Extra readiness condition (multi-worker: every worker listening with a snapshot). */
  ready?: () => boolean;
  /** Bearer token required on every path but /healthz and /readyz (see ./auth). */
  auth?: AdminAuth;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function endpointView(e: Endpoint, now: number) {
  return { address: e.address, port: e.port, pod: e.pod, inflight: e.inflight, health: e.health.toJSON(now) };
}

function setView(set: EndpointSet | undefined, now: number) {
  if (!set) return { ready: [], terminating: [] };
  return { ready: set.ready.map((e) => endpointView(e, now)), terminating: set.terminating.map((e) => endpointView(e, now)) };
}

export function configView(rt: GatewayRuntime, scope?: Scope) {
  const snap = rt.snapshot;
  const now = Date.now();
  if (!snap) return { ready: false, version: rt.version };
  if (scope) return scopedConfigView(snap, rt.version, scope, (key) => setView(rt.endpoints.get(key), now));
  const endpoints: Record<string, unknown> = {};
  for (const key of snap.backends.keys()) endpoints[key] = setView(rt.endpoints.get(key), now);
  return {
    ready: true,
    version: rt.version,
    listeners: snap.listeners,
    routes: snap.routes,
    backends: [...snap.backends.values()],
    endpoints,
    certificates: snap.certificates.entries.map((c) => ({ key: c.key, hosts: c.hosts })),
    diagnostics: snap.diagnostics,
  };
}

/** /routes/test: which route, backend and endpoint a request would take, and why. Scoped to
 * namespaces: a route of another one is only "served by another project", and the pods of a
 * backend in another namespace (a ReferenceGrant) are left out. */
export function routeTest(rt: GatewayRuntime, params: URLSearchParams, scope?: Scope) {
  const snap = rt.snapshot;
  if (!snap) return { status: 503, body: { error: 'no snapshot yet' } };
  const method = (params.get('method') || 'GET').toUpperCase();
  const rawUrl = params.get('url') || '/';
  const headers: Record<string, string> = {};
  for (const h of params.getAll('header')) {
    const i = h.indexOf(':');
    if (i <= 0) return { status: 400, body: { error: `header "${h}": expected "Name: value"` } };
    const name = h.slice(0, i).trim().toLowerCase();
    headers[name] = headers[name] ? `${headers[name]}, ${h.slice(i + 1).trim()}` : h.slice(i + 1).trim();
  }
  let scheme: 'http' | 'https' = 'http';
  let host = headers.host ?? '';
  let path = rawUrl;
  let port: number | undefined;
  if (/^https?:\/\//i.test(rawUrl)) {
    let u: URL;
    try {
      u = new URL(rawUrl);
    } catch {
      return { status: 400, body: { error: `url: not a valid URL: ${rawUrl}` } };
    }
    scheme = u.protocol === 'https:' ? 'https' : 'http';
    host = headers.host ?? u.host;
    // keep the target as typed (no normalisation): matching normalises by itself
    const slash = rawUrl.indexOf('/', rawUrl.indexOf('//') + 2);
    path = slash < 0 ? `/${u.search}` : rawUrl.slice(slash);
    port = u.port ? Number(u.port) : undefined;
  } else if (!rawUrl.startsWith('/')) {
    return { status: 400, body: { error: 'url: expected an absolute URL (http://host/path) or a path starting with "/"' } };
  }
  if (!headers.host) headers.host = host;
  const request = { method, scheme, host, port: port ?? (scheme === 'https' ? rt.settings.httpsPort : rt.settings.httpPort), path, headers };
  const result = snap.match(request);
  const base = { request, result: result.kind, status: result.kind === 'route' ? undefined : result.status };
  if (result.kind !== 'route') return { status: 200, body: { ...base, why: result.reason } };
  if (scope && !scope.has(result.route.namespace)) return { status: 200, body: otherProjectAnswer(request) };
  const action = result.action;
  const out: Record<string, unknown> = { ...base, route: result.route, why: result.route.description, action: action.type, upstreamPath: result.upstreamPath };
  if (action.type === 'redirect') return { status: 200, body: { ...out, status: action.status, location: result.location } };
  if (action.type === 'direct-response') return { status: 200, body: { ...out, status: action.status, stop: action.body } };
  const now = Date.now();
  out.policy = action.policy;
  out.backends = action.backends.map((b) => {
    const hidden = !!scope && !scope.has(b.namespace);
    const set = hidden ? undefined : rt.endpoints.get(b.key);
    const list = set ? candidates(set) : [];
    const next = list.length ? list.find((e, i) => e.health.available(now) && i >= (set!.cursor % list.length)) ?? list.find((e) => e.health.available(now)) ?? list[0] : undefined;
    return {
      key: b.key,
      weight: b.weight,
      probability: action.totalWeight ? b.weight / action.totalWeight : 0,
      protocol: b.protocol,
      canary: b.canary,
      invalid: b.invalid,
      answer: hidden ? undefined : b.invalid ? 500 : !set || list.length === 0 ? 503 : undefined,
      stop: hidden ? undefined : b.invalid ? `backend invalid: ${b.invalid}` : !set || list.length === 0 ? `no ready endpoints for ${b.namespace}/${b.service}` : undefined,
      ...(hidden ? { endpointsHidden: 'the Service is in another project' } : {}),
      endpoints: setView(set, now),
      nextEndpoint: next ? `${next.address}:${next.port}` : undefined,
      usingTerminating: !!set && set.ready.length === 0 && set.terminating.length > 0,
    };
  });
  return { status: 200, body: out };
}

/** Writes a (large) body in pieces, yielding to the event loop every 64 KiB: encoding a 2 MB
 * scrape at once is one more long task on the routing loop. */
async function writePieces(res: http.ServerResponse, body: string | readonly string[]): Promise<void> {
  if (typeof body === 'string') {
    res.end(body);
    return;
  }
  let sinceYield = 0;
  for (const piece of body) {
    if (res.destroyed) return;
    res.write(piece);
    sinceYield += piece.length;
    if (sinceYield >= 65_536) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  res.end();
}

function* endpointAvailability(rt: GatewayRuntime, now: number) {
  for (const set of rt.endpoints.allSets()) {
    const endpoints = [];
    for (const e of set.ready) endpoints.push({ endpoint: `${e.address}:${e.port}`, available: e.health.available(now) });
    for (const e of set.terminating) endpoints.push({ endpoint: `${e.address}:${e.port}`, available: e.health.available(now) });
    yield { backend: set.key, endpoints };
  }
}

export function startAdmin(rt: GatewayRuntime, opts: AdminOptions): Promise<http.Server> {
  // read one backend at a time while a scrape renders (in slices: see ./metrics)
  rt.metrics.endpointAvailability = () => endpointAvailability(rt, Date.now());
  const server = http.createServer(async (req, res) => {
    try {
      const u = new URL(req.url ?? '/', 'http://admin');
      if (opts.auth && !OPEN_PATHS.has(u.pathname) && !opts.auth.check(req.headers.authorization)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="portico-gateway-admin"', 'content-type': 'application/json; charset=utf-8' }).end('{"error":"unauthorized: send Authorization: Bearer <token>"}\n');
        return;
      }
      const scoped = u.pathname === '/config' || u.pathname === '/routes/test' || u.pathname === '/endpoints' ? parseScope(u.searchParams) : { scope: undefined };
      if ('error' in scoped) {
        json(res, 400, { error: scoped.error });
        return;
      }
      switch (u.pathname) {
        case '/healthz':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
          return;
        case '/readyz': {
          const ok = !!rt.snapshot && !rt.draining && (opts.ready?.() ?? true);
          res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready\n' : rt.draining ? 'draining\n' : 'waiting for first snapshot\n');
          return;
        }
        case '/config':
          // controller state (leader, TCP ports, ExternalNames...) is gateway-wide: whole view only
          json(res, 200, scoped.scope ? configView(rt, scoped.scope) : { ...configView(rt), ...(opts.info?.() ?? {}) });
          return;
        case '/endpoints':
          json(res, 200, endpointHealthView(rt.snapshot ? rt.endpoints.allSets() : undefined, scoped.scope));
          return;
        case '/routes/test': {
          const r = routeTest(rt, u.searchParams, scoped.scope);
          json(res, r.status, r.body);
          return;
        }
        case '/metrics': {
          const m = opts.metrics ? await opts.metrics() : { contentType: rt.metrics.registry.contentType, body: await rt.metrics.render() };
          res.writeHead(200, { 'content-type': m.contentType });
          await writePieces(res, m.body);
          return;
        }
        default:
          json(res, 404, { error: 'not found', endpoints: ['/healthz', '/readyz', '/config?namespace=', '/endpoints?namespace=', '/routes/test?method=&url=&header=&namespace=', '/metrics'] });
      }
    } catch (err) {
      if (!res.headersSent) json(res, 500, { error: String(err) });
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}

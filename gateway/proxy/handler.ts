// The request hot path: match -> policy -> pick backend and endpoint -> dispatch to the
// endpoint's pool (the gateway's HTTP/1.1 pool for plain HTTP, undici for TLS upstreams) with the
// request's ProxyCall as the handler: raw upstream headers go straight into one writeHead, body
// chunks straight into the client response (one res.end(chunk) when the body arrives in one
// piece). No StreamHandler, no AbortSignal, no per-request closures or stream listeners:
// cancellation uses the abort function the pool hands to onConnect.
import { newRequestId } from './request-id';
import { now as turnNow } from './http1/turn-clock';
import type { Dispatcher } from 'undici';
import type { Socket } from 'node:net';
import type { BackendRef, ForwardAction, RouteMatchResult, RoutingSnapshot } from '@/lib/routing';
import type { GatewayRuntime } from './runtime';
import type { Endpoint, EndpointSet } from './endpoints';
import { pickAffinity, pickByHash, pickLeastRequest, pickRoundRobin, pickWeighted } from './balancer';
import { downstreamRawHeaders, upstreamHeaders } from './headers';
import { clientAddress, clientBehind, isTrustedPeer } from './forwarded';
import { corsAllowOrigin, corsPreflightHeaders, corsRefusedPreflightHeaders, corsResponseHeaders, isCorsPreflight } from '@/lib/routing';
import { newSessionToken, pushSessionHeader, sessionBackend, sessionEndpointId } from './session-persistence';
import type { RouteStats } from '../admin/metrics';
import { mirrorRequest } from './mirror';
import { forwardH2 } from './h2upstream';
import { accessLogWriter } from './access-log';
import { h2RequestHasBody, requestBody, requestHasBody, type ClientRequest, type ClientResponse } from './exchange';
import { trailerFields } from './trailers';
import { misdirected } from './client-validation';
import type { UpstreamHandler, UpstreamRequest } from './http1/client';

export type Scheme = 'http' | 'https';

const NO_ROUTE_STATS = { route: '-', service: '-' } as const;
const statsCache = new WeakMap<BackendRef, RouteStats>();
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

export function createRequestHandler(rt: GatewayRuntime, scheme: Scheme, localPort: number) {
  return function onRequest(req: ClientRequest, res: ClientResponse): void {
    try {
      handle(rt, scheme, localPort, req, res);
    } catch (err) {
      rt.accessLog?.error({ err: String(err), path: req.url }, 'request handler failed');
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    }
  };
}

export function sendText(res: ClientResponse, status: number, body: string, extra?: string[]): void {
  const h = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(body))];
  if (extra) for (const x of extra) h.push(x);
  res.writeHead(status, h);
  res.end(body);
}

function hostOf(req: ClientRequest): string {
  return (req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? '') as string;
}

function handle(rt: GatewayRuntime, scheme: Scheme, localPort: number, req: ClientRequest, res: ClientResponse): void {
  const start = performance.now();
  const snap = rt.snapshot;
  if (!snap) {
    sendText(res, 503, 'gateway not ready\n');
    return;
  }
  const host = hostOf(req);
  // GEP-91: a host that validates client certificates is served only on a connection made for it
  if (scheme === 'https' && snap.clientValidation && misdirected(snap.clientValidation, req.socket, host)) {
    finishSimple(rt, req, res, 421, 'misdirected request: open a TLS connection for this host (it validates client certificates)\n', start, undefined);
    return;
  }
  const result = snap.match({ method: req.method ?? 'GET', scheme, host, port: localPort, path: req.url ?? '/', headers: req.headers });
  if (result.kind !== 'route') {
    finishSimple(rt, req, res, result.status, result.kind === 'no-match' ? 'no route matches\n' : `bad request: ${result.reason}\n`, start, undefined);
    return;
  }
  const action = result.action;
  if (action.type === 'redirect') {
    res.writeHead(action.status, ['location', result.location ?? '/', 'content-length', '0']);
    res.end();
    log(rt, req, action.status, start, result, undefined, undefined);
    return;
  }
  if (action.type === 'direct-response') {
    finishSimple(rt, req, res, action.status, action.body, start, result);
    return;
  }
  forward(rt, scheme, localPort, host, req, res, result, action, snap, start);
}

function finishSimple(rt: GatewayRuntime, req: ClientRequest, res: ClientResponse, status: number, body: string, start: number, result: RouteMatchResult | undefined, extra?: string[]): void {
  sendText(res, status, body, extra);
  log(rt, req, status, start, result, undefined, undefined);
  const stats = result ? rt.metrics.statsFor(result.route.id, '-') : rt.metrics.statsFor(NO_ROUTE_STATS.route, NO_ROUTE_STATS.service);
  rt.metrics.observe(stats, status, (performance.now() - start) / 1000);
}

function log(rt: GatewayRuntime, req: ClientRequest, status: number, start: number, result: RouteMatchResult | undefined, backend: BackendRef | undefined, endpoint: Endpoint | undefined, requestId?: string, error?: string): void {
  const l = rt.accessLog;
  if (!l) return;
  accessLogWriter(l).write({
    method: req.method,
    host: req.headers.host,
    path: req.url,
    status,
    ms: Math.round((performance.now() - start) * 1000) / 1000,
    client: clientAddress(rt.settings.trustedProxies, req.socket?.remoteAddress ?? '', req.headers['x-forwarded-for']),
    route: result?.route.id,
    backend: backend?.key,
    endpoint: endpoint ? `${endpoint.address}:${endpoint.port}` : undefined,
    requestId,
    error,
  });
}

class ProxyCall implements Dispatcher.DispatchHandler, UpstreamHandler {
  attempts = 0;
  endpoint: Endpoint | undefined;
  stats: RouteStats;
  upstreamStatus = 0;
  requestId: string;
  allowOrigin: string | undefined;
  /** the client address (./forwarded.ts): rate limits, `hash` balancing */
  clientIp = '';
  /** the session token to hand the client (new session, or its endpoint changed) */
  affinitySet: string | undefined;
  /** the endpoint id the request's session names (sessionPersistence / affinity) */
  sessionId: string | undefined;
  /** rule.retry: this attempt's response is a retriable status; its body is drained and dropped */
  discarding = false;
  connKey: string | undefined;
  timer: NodeJS.Timeout | undefined;
  /** rule.retry: the next attempt waits for its backoff */
  retryTimer: NodeJS.Timeout | undefined;
  /** proxy-send-timeout: idle timer while the request body streams upstream */
  sendTimer: NodeJS.Timeout | undefined;
  done = false;
  /** cancelUpstream() was called: an attempt not connected yet aborts at once */
  aborted = false;
  /** the calls in flight on this client connection (see trackClientClose) */
  clientCalls: ProxyCall[] | undefined;
  /** per attempt: undici's abort for the request in flight, its parser resume, body bytes still expected (-1: unknown) */
  private abortUpstream: ((err?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  bodyLeft = -1;
  /** the response was ended by the last body chunk */
  private ended = false;
  /** set when the client response was already answered by us (413...) before upstream headers */
  answered = false;
  private onDrain: (() => void) | undefined;
  bodyTooLarge = false;
  authority = '';
  hasBody = false;
  constructor(
    readonly rt: GatewayRuntime,
    readonly req: ClientRequest,
    readonly res: ClientResponse,
    readonly result: RouteMatchResult,
    readonly action: ForwardAction,
    readonly backend: BackendRef,
    readonly set: EndpointSet,
    readonly start: number,
    readonly opts: UpstreamRequest,
    readonly retryable: boolean,
  ) {
    // BackendRef objects are per snapshot and shared by requests: cache their stats on them
    let st = statsCache.get(backend);
    if (!st || st.route !== result.route.id) statsCache.set(backend, (st = rt.metrics.statsFor(result.route.id, backend.service)));
    this.stats = st;
    this.requestId = '';
  }

  /** Abort the upstream request in flight (client gone, timeout); later attempts abort at once. */
  cancelUpstream(): void {
    if (this.aborted) return;
    this.aborted = true;
    const abort = this.abortUpstream;
    this.abortUpstream = undefined;
    abort?.(new Error('request cancelled'));
  }

  /** A new attempt (first dispatch or a retry) starts. */
  resetAttempt(): void {
    this.abortUpstream = undefined;
    this.resumeUpstream = undefined;
    this.bodyLeft = -1;
  }

  // --- undici handler (the classic callback interface: undici's client speaks it natively)
  onConnect(abort: (err?: Error) => void): void {
    if (this.aborted) abort(new Error('request cancelled'));
    else this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, raw: Array<Buffer | string>, resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx (100-continue, 103) are not forwarded
    this.resumeUpstream = resume;
    return onUpstreamHeaders(this, statusCode, raw);
  }

  onData(chunk: Buffer): boolean {
    const res = this.res;
    if (this.ended || this.answered || this.discarding) return true;
    if (this.bodyLeft === chunk.length) {
      // the whole (rest of the) body: one end() instead of write() + end()
      this.bodyLeft = 0;
      this.ended = true;
      res.end(chunk);
      return true;
    }
    if (this.bodyLeft > 0) this.bodyLeft -= chunk.length;
    if (res.write(chunk)) return true;
    // client slower than the upstream: pause the upstream parser until the response drains
    res.once('drain', (this.onDrain ??= () => this.resumeUpstream?.()));
    return false;
  }

  onComplete(trailers: ReadonlyArray<Buffer | string> | null): void {
    if (!this.ended && !this.answered && !this.discarding) {
      this.ended = true;
      // response trailers (chunked HTTP/1.1 upstreams): only a body of unknown length has them
      if (trailers !== null && trailers.length > 0) addTrailers(this.res, trailers);
      this.res.end();
    }
    onUpstreamDone(this, null);
  }

  onError(err: Error): void {
    // never re-enter undici from inside its callbacks (a retry dispatches again)
    queueMicrotask(() => onUpstreamDone(this, err));
  }
}

function addTrailers(res: ClientResponse, raw: ReadonlyArray<Buffer | string>): void {
  const t = trailerFields(raw);
  try {
    if (t) res.addTrailers(t);
  } catch {
    /* a field the client's protocol refuses: the body still completes */
  }
}

// Client gone before the response completed -> cancel the upstream request. HTTP/1.x: one
// 'close' listener per connection (not per request: that showed up as ~10 % CPU per request)
// and the connection's calls in flight in a Set. HTTP/2 streams close alone: per request.
const CALLS = Symbol('portico.calls');
// An array, not a Set: a Set shrinks and regrows its table as its one call comes and goes (two
// allocations per request); a connection rarely has more than one call in flight.
type SocketWithCalls = Socket & { [CALLS]?: ProxyCall[] };

function onSocketClose(this: SocketWithCalls): void {
  const calls = this[CALLS];
  if (!calls) return;
  // emptied first: a call that finishes here untracks itself
  for (const call of calls.splice(0)) if (!call.done) clientGone(call);
}

function clientGone(call: ProxyCall): void {
  call.cancelUpstream();
  if (call.retryTimer) {
    // waiting for a retry's backoff: no upstream request to abort, so finish here
    clearTimeout(call.retryTimer);
    call.retryTimer = undefined;
    complete(call, 499, 'client gone');
  }
}

function onStreamClose(this: ClientResponse & { [CALLS]?: ProxyCall[] }): void {
  onSocketClose.call(this as unknown as SocketWithCalls);
}

function trackClientClose(call: ProxyCall): void {
  const req = call.req;
  if (req.httpVersionMajor >= 2) {
    const res = call.res as ClientResponse & { [CALLS]?: ProxyCall[] };
    res[CALLS] = call.clientCalls = [call];
    res.once('close', onStreamClose);
    return;
  }
  const socket = req.socket as SocketWithCalls | null;
  if (!socket) return;
  let calls = socket[CALLS];
  if (!calls) {
    socket[CALLS] = calls = [];
    socket.once('close', onSocketClose);
  }
  calls.push(call);
  call.clientCalls = calls;
}

function untrackClientClose(call: ProxyCall): void {
  // not via req.socket: it is null once the response has detached from the connection
  const calls = call.clientCalls;
  if (!calls) return;
  const i = calls.indexOf(call);
  if (i < 0) return;
  calls[i] = calls[calls.length - 1];
  calls.pop();
}

function onSendTimeout(call: ProxyCall): void {
  call.sendTimer = undefined;
  if (call.done) return;
  call.cancelUpstream();
  // the rest of the request body is never read: close the connection after the answer
  if (!call.res.headersSent) call.res.setHeader('connection', 'close');
  fail(call, 504, 'upstream send timed out');
}

function forward(rt: GatewayRuntime, scheme: Scheme, localPort: number, host: string, req: ClientRequest, res: ClientResponse, result: RouteMatchResult, action: ForwardAction, snap: RoutingSnapshot, start: number): void {
  const policy = action.policy;
  const headers = req.headers;
  const peerIp = req.socket.remoteAddress ?? '';
  const trustedPeer = isTrustedPeer(rt.settings.trustedProxies, peerIp);
  const clientIp = trustedPeer ? clientBehind(rt.settings.trustedProxies!, peerIp, headers['x-forwarded-for']) : peerIp;

  // CORS (lib/routing/cors.ts): preflight is answered here, like ingress-nginx does.
  let allowOrigin: string | undefined;
  if (policy.cors) {
    allowOrigin = corsAllowOrigin(policy.cors, headers.origin);
    const requestMethod = headers['access-control-request-method'];
    if (isCorsPreflight(req.method, headers.origin, requestMethod)) {
      // an allowed origin gets its answer here; a refused one too for an HTTPRoute CORS filter
      // (204 without CORS headers), while ingress-nginx semantics pass it to the backend
      if (allowOrigin !== undefined || policy.cors.gatewayApi) {
        res.writeHead(204, allowOrigin !== undefined ? corsPreflightHeaders(policy.cors, allowOrigin, requestMethod, headers['access-control-request-headers']) : corsRefusedPreflightHeaders());
        res.end();
        log(rt, req, 204, start, result, undefined, undefined);
        return;
      }
    }
  }

  // Rate limits, per route and client address.
  let connKey: string | undefined;
  const rl = policy.rateLimit;
  if (rl) {
    const key = `${result.route.id}|${clientIp}`;
    if (rl.rps && rl.rps > 0 && !rt.limiter.take(key, rl.rps, Math.max(1, rl.burst ?? rl.rps * 5), Date.now())) {
      finishSimple(rt, req, res, rt.settings.rateLimitStatus, 'rate limit exceeded\n', start, result, ['retry-after', '1']);
      return;
    }
    if (rl.connections && rl.connections > 0) {
      if (!rt.limiter.acquire(key, rl.connections)) {
        finishSimple(rt, req, res, rt.settings.rateLimitStatus, 'too many concurrent requests\n', start, result);
        return;
      }
      connKey = key;
    }
  }

  // Body size: declared length checked now; chunked bodies are counted while streaming.
  const maxBody = policy.maxBodyBytes !== undefined ? policy.maxBodyBytes : result.route.kind === 'Ingress' ? rt.settings.ingressDefaultMaxBody : rt.settings.routeDefaultMaxBody;
  const cl = headers['content-length'];
  // HTTP/2 frames bodies itself (DATA frames, Content-Length optional); HTTP/1.x by its headers
  const hasBody = req.httpVersionMajor >= 2 ? h2RequestHasBody(req) : requestHasBody(headers);
  // a body of undeclared length (chunked, or HTTP/2 without Content-Length) is counted as it streams
  const chunked = hasBody && cl === undefined;
  if (maxBody !== null && cl !== undefined && Number(cl) > maxBody) {
    if (connKey) rt.limiter.release(connKey);
    res.setHeader('connection', 'close');
    finishSimple(rt, req, res, 413, 'request body too large\n', start, result);
    return;
  }

  // a session (sessionPersistence) stays on the backend that holds its endpoint
  const sessionId = policy.affinity ? sessionEndpointId(headers, policy.affinity, Date.now()) : undefined;
  const backend = (sessionId !== undefined && action.backends.length > 1 && sessionBackend(action.backends, rt.endpoints, sessionId)) || pickWeighted(action.backends, action.totalWeight);
  if (backend.invalid) {
    if (connKey) rt.limiter.release(connKey);
    finishSimple(rt, req, res, 500, `backend not available: ${backend.invalid}\n`, start, result);
    return;
  }
  const set = rt.endpoints.get(backend.key);
  if (set?.target.tls?.invalid) {
    // a BackendTLSPolicy that cannot be applied: never fall back to plaintext
    if (connKey) rt.limiter.release(connKey);
    finishSimple(rt, req, res, 500, `backend not available: ${set.target.tls.invalid}\n`, start, result);
    return;
  }
  if (!set || (set.ready.length === 0 && set.terminating.length === 0)) {
    if (connKey) rt.limiter.release(connKey);
    if (set?.refused) {
      // every address refused by the upstream address policy: an invalid backendRef for the
      // Gateway API (500, ResolvedRefs=False), no usable endpoints for an Ingress (503)
      finishSimple(rt, req, res, result.route.kind === 'Ingress' ? 503 : 500, `backend not permitted: service ${backend.namespace}/${backend.service} (see the route's status or Events)\n`, start, result);
      return;
    }
    const why = set?.target.externalName ? `ExternalName ${set.target.externalName} of service ${backend.namespace}/${backend.service} resolved to no address` : `no ready endpoints for service ${backend.namespace}/${backend.service}`;
    finishSimple(rt, req, res, 503, `${why}\n`, start, result);
    return;
  }

  const requestId = (headers['x-request-id'] as string | undefined) || newRequestId();
  const upstreamHost = action.hostRewrite ?? host;
  const method = req.method ?? 'GET';
  const readTimeout = policy.readTimeoutMs ?? rt.settings.defaultReadTimeoutMs;
  const opts: UpstreamRequest = {
    path: result.upstreamPath,
    method,
    headers: upstreamHeaders(req.rawHeaders, { host: upstreamHost, clientIp, peerIp, trustedPeer, proto: scheme, port: localPort, requestId }, false, action.requestHeaders, backend.requestHeaders),
    body: hasBody ? requestBody(req) : null,
    headersTimeout: policy.backendRequestTimeoutMs || readTimeout,
    bodyTimeout: readTimeout,
    // HTTP/1.x requests were parsed strictly (llhttp) and every header we add is made from their
    // values and socket addresses; route-configured values (modifiers, host rewrite) are checked
    headersChecked: req.httpVersionMajor < 2 && action.requestHeaders === undefined && backend.requestHeaders === undefined && action.hostRewrite === undefined,
  };
  const call = new ProxyCall(rt, req, res, result, action, backend, set, start, opts, !hasBody && IDEMPOTENT.has(method));
  call.requestId = requestId;
  call.authority = upstreamHost;
  call.hasBody = hasBody;
  call.allowOrigin = allowOrigin;
  call.connKey = connKey;
  call.clientIp = clientIp;
  call.sessionId = sessionId;
  trackClientClose(call);
  rt.inflight++;

  // Our body observers must not switch the request into flowing mode before undici has
  // attached (chunks would reach only us): keep it paused; undici resumes it once attached.
  const body = hasBody ? requestBody(req) : undefined;
  if (body && ((chunked && maxBody !== null) || policy.sendTimeoutMs)) body.pause();
  if (body && chunked && maxBody !== null) {
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBody && !call.bodyTooLarge) {
        call.bodyTooLarge = true;
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
          sendText(res, 413, 'request body too large\n');
        }
        body.destroy();
      }
    });
  }
  if (policy.requestTimeoutMs) call.timer = setTimeout(onRequestTimeout, policy.requestTimeoutMs, call);
  if (body && policy.sendTimeoutMs) {
    // proxy-send-timeout: no body bytes moved upstream for this long (client stalled, or the
    // upstream stopped reading and backpressure paused us) -> give up, like nginx.
    const ms = policy.sendTimeoutMs;
    call.sendTimer = setTimeout(onSendTimeout, ms, call);
    body.on('data', () => call.sendTimer?.refresh());
    body.once('end', () => {
      if (call.sendTimer) clearTimeout(call.sendTimer);
      call.sendTimer = undefined;
    });
  }
  if (action.mirrors.length > 0 && !hasBody) {
    for (const m of action.mirrors) if (m.percent >= 100 || Math.random() * 100 < m.percent) mirrorRequest(rt, m.backend, opts);
  }
  dispatch(call);
}

function selectEndpoint(call: ProxyCall, exclude: Endpoint | undefined): Endpoint | undefined {
  const now = turnNow();
  const policy = call.action.policy;
  const set = call.set;
  if (policy.affinity) {
    const e = pickAffinity(set, call.sessionId, now, exclude);
    call.affinitySet = e && e.id !== call.sessionId ? newSessionToken(e.id, policy.affinity, now) : undefined;
    return e;
  }
  const algo: string = policy.loadBalance ?? call.rt.settings.lbAlgorithm;
  if (algo === 'least-request' || algo === 'ewma') return pickLeastRequest(set, now, exclude);
  if (algo === 'hash') return pickByHash(set, call.clientIp, now, exclude);
  return pickRoundRobin(set, now, exclude);
}

function dispatch(call: ProxyCall): void {
  let e = selectEndpoint(call, call.endpoint);
  // rule.retry to a backend with one endpoint: the retry goes to that endpoint again
  if (!e && call.endpoint && call.action.policy.retry) e = selectEndpoint(call, undefined);
  if (!e) {
    fail(call, 503, 'no endpoint available');
    return;
  }
  const protocol = call.backend.protocol;
  if (call.set.target.tls && (protocol === 'GRPC' || protocol === 'GRPCS' || protocol === 'H2C')) {
    // verified TLS (BackendTLSPolicy) is HTTP/1.1 only so far: never send these unverified or in plaintext
    fail(call, 502, 'BackendTLSPolicy: TLS origination to gRPC/h2c backends is not supported');
    return;
  }
  call.endpoint = e;
  call.attempts++;
  e.inflight++;
  if (protocol === 'GRPC' || protocol === 'GRPCS' || protocol === 'H2C') {
    const o = call.opts;
    forwardH2(
      call.req,
      call.res,
      { origin: e.origin, tls: protocol === 'GRPCS', path: o.path, authority: call.authority, headers: o.headers as string[], hasBody: call.hasBody, timeoutMs: o.bodyTimeout ?? 0, responseHeaders: sessionHeaders(call) },
      (status) => {
        call.upstreamStatus = status;
        e.health.onStatus(status, Date.now(), call.rt.settings.health);
      },
      (status, err) => {
        if (!err) return onUpstreamDone(call, null);
        const code = status ? 'UND_ERR_SOCKET' : err.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'UND_ERR_SOCKET';
        onUpstreamDone(call, Object.assign(new Error(err.message), { code }));
      },
    );
    return;
  }
  call.resetAttempt();
  const tls = call.set.target.tls;
  if (tls) call.rt.pools.tls(e.origin.replace('http:', 'https:'), tls, call.action.policy.connectTimeoutMs).dispatch(call.opts as Dispatcher.DispatchOptions, call);
  else if (protocol === 'HTTPS') call.rt.pools.get(e.origin.replace('http:', 'https:'), call.action.policy.connectTimeoutMs).dispatch(call.opts as Dispatcher.DispatchOptions, call);
  else call.rt.pools.h1(e.origin, call.action.policy.connectTimeoutMs, call.backend.pipeline).dispatch(call.opts, call);
}

/** A new session's cookie or header for an h2/gRPC upstream's answer (sessionPersistence); usually none. */
function sessionHeaders(call: ProxyCall): string[] | undefined {
  const a = call.action.policy.affinity;
  if (!a || !call.affinitySet) return undefined;
  const out: string[] = [];
  pushSessionHeader(out, a, call.affinitySet);
  return out;
}

/** Upstream response headers: health bookkeeping, then one writeHead with the raw header list. */
function onUpstreamHeaders(call: ProxyCall, statusCode: number, raw: ReadonlyArray<Buffer | string>): boolean {
  const res = call.res;
  call.upstreamStatus = statusCode;
  if (call.endpoint) call.endpoint.health.onStatus(statusCode, turnNow(), call.rt.settings.health);
  const retry = call.action.policy.retry;
  if (retry !== undefined && call.retryable && call.attempts <= retry.attempts && retry.codes.includes(statusCode) && !res.headersSent) {
    // rule.retry: nothing reaches the client; the body is read and dropped (the connection
    // stays reusable) and onUpstreamDone tries again after the backoff
    call.discarding = true;
    return true;
  }
  if (res.headersSent || res.destroyed) {
    // already answered (413 while the body streamed) or the client is gone: stop the upstream
    call.answered = true;
    call.cancelUpstream();
    return false;
  }
  const out: string[] = [];
  const length = downstreamRawHeaders(raw, out, call.action.responseHeaders, call.backend.responseHeaders);
  if (call.action.policy.cors) corsResponseHeaders(out, call.action.policy.cors, call.allowOrigin);
  if (call.affinitySet && call.action.policy.affinity) pushSessionHeader(out, call.action.policy.affinity, call.affinitySet);
  call.bodyLeft = length;
  try {
    // upstream headers come from a strict parse (our pool and undici both use llhttp); headers
    // from route configuration (modifiers, CORS, session cookies) are checked
    if (res.writeHeadChecked !== undefined && call.action.responseHeaders === undefined && call.backend.responseHeaders === undefined && call.action.policy.cors === undefined && call.affinitySet === undefined) res.writeHeadChecked(statusCode, out);
    else res.writeHead(statusCode, out);
  } catch (err) {
    // a header node:http refuses (invalid characters): the client gets a 502, not a hang
    call.answered = true;
    call.cancelUpstream();
    fail(call, 502, `invalid upstream response: ${(err as Error).message}`);
    return false;
  }
  return true;
}

function onUpstreamDone(call: ProxyCall, err: Error | null): void {
  const e = call.endpoint;
  if (e) e.inflight--;
  if (call.discarding) {
    call.discarding = false;
    if (call.done) return;
    if (call.aborted || call.res.destroyed) complete(call, 499, 'client gone');
    else retryLater(call);
    return;
  }
  if (!err) {
    e?.health.onSuccess();
    complete(call, call.upstreamStatus);
    return;
  }
  if (call.done) return;
  const res = call.res;
  if (call.bodyTooLarge || res.destroyed || call.answered) {
    complete(call, call.bodyTooLarge ? 413 : res.destroyed ? 499 : call.upstreamStatus || 502, 'client gone');
    return;
  }
  if (res.headersSent) {
    // mid-body failure: nothing better than cutting the response
    res.destroy();
    complete(call, call.upstreamStatus || 502, String((err as Error).message));
    return;
  }
  const code = (err as { code?: string }).code ?? '';
  const connectFailure = code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
  const retry = call.action.policy.retry;
  if (connectFailure) {
    if (e && code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') e.health.onConnectError(`${code}: ${err.message}`, Date.now(), call.rt.settings.health);
    if (retry !== undefined) {
      // rule.retry: connection errors are retried like the listed codes, after the backoff
      if (call.retryable && call.attempts <= retry.attempts) return retryLater(call);
    } else if (call.retryable && call.attempts <= call.rt.settings.retries) {
      const live = call.rt.endpoints.get(call.backend.key) ?? call.set;
      (call as { set: EndpointSet }).set = live;
      // a pipelined request the upstream never answered (it closed the connection after an
      // earlier response): nothing wrong with the endpoint, so it is not excluded from the retry
      if ((err as { unanswered?: boolean }).unanswered) call.endpoint = undefined;
      dispatch(call);
      return;
    }
    fail(call, code === 'UND_ERR_CONNECT_TIMEOUT' ? 504 : 502, `upstream ${code}`);
    return;
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    // rule.retry with timeouts.backendRequest: an attempt without response headers in time is retried
    if (code === 'UND_ERR_HEADERS_TIMEOUT' && retry !== undefined && call.retryable && call.attempts <= retry.attempts) return retryLater(call);
    fail(call, 504, 'upstream timed out');
    return;
  }
  fail(call, 502, `upstream error ${code || err.message}`);
}

/**
 * rule.retry: the next attempt after the backoff (doubling per attempt, at most 8x the
 * configured wait), on another endpoint when there is one. timeouts.request still bounds the
 * whole exchange: its timer answers 504 and a pending retry then finds the call done.
 */
function retryLater(call: ProxyCall): void {
  const retry = call.action.policy.retry!;
  call.resetAttempt(); // the finished attempt's abort must not be called while the backoff waits
  const wait = retry.backoffMs * Math.min(8, 2 ** (call.attempts - 1));
  call.retryTimer = setTimeout(retryNow, wait, call);
}

function retryNow(call: ProxyCall): void {
  call.retryTimer = undefined;
  if (call.done) return;
  if (call.aborted || call.res.destroyed) return complete(call, 499, 'client gone');
  (call as { set: EndpointSet }).set = call.rt.endpoints.get(call.backend.key) ?? call.set;
  dispatch(call);
}

function onRequestTimeout(call: ProxyCall): void {
  call.timer = undefined;
  if (call.done) return;
  call.cancelUpstream();
  if (!call.res.headersSent) {
    fail(call, 504, 'request timeout');
  } else {
    call.res.destroy();
  }
}

function fail(call: ProxyCall, status: number, why: string): void {
  if (call.done) return;
  const res = call.res;
  if (!res.headersSent && !res.destroyed) sendText(res, status, `${status === 504 ? 'gateway timeout' : status === 503 ? 'service unavailable' : 'bad gateway'}: ${why}\n`);
  complete(call, status, why);
}

function complete(call: ProxyCall, status: number, error?: string): void {
  if (call.done) return;
  call.done = true;
  const rt = call.rt;
  rt.inflight--;
  if (call.timer) clearTimeout(call.timer);
  if (call.sendTimer) clearTimeout(call.sendTimer);
  if (call.retryTimer) clearTimeout(call.retryTimer);
  untrackClientClose(call);
  if (call.connKey) rt.limiter.release(call.connKey);
  rt.metrics.observe(call.stats, status, (performance.now() - call.start) / 1000);
  if (rt.accessLog) log(rt, call.req, status, call.start, call.result, call.backend, call.endpoint, call.requestId, error);
}

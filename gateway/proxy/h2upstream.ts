// HTTP/2 upstream for gRPC and h2c backends (backend-protocol GRPC/GRPCS, appProtocol h2c,
// GRPCRoute): one multiplexed session per endpoint. The request body streams as DATA frames
// whatever framing the client used (HTTP/2 DATA, chunked, Content-Length); trailers go both
// ways: the client's request trailers after the body, the upstream's response trailers
// (grpc-status, grpc-message) to the client.
import http2 from 'node:http2';
import { requestBody, type ClientRequest, type ClientResponse, type RequestBody } from './exchange';
import { trailerFields, trailerObject } from './trailers';

const sessions = new Map<string, http2.ClientHttp2Session>();

/** Headers that must not cross into an HTTP/2 request (RFC 9113 8.2.2) or that we set. */
const DROP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'http2-settings']);

function session(origin: string, tls: boolean): http2.ClientHttp2Session {
  const key = `${tls ? 's' : 'c'}|${origin}`;
  let s = sessions.get(key);
  if (s && !s.closed && !s.destroyed) return s;
  s = http2.connect(tls ? origin.replace('http:', 'https:') : origin, tls ? { rejectUnauthorized: false } : {});
  const drop = () => {
    if (sessions.get(key) === s) sessions.delete(key);
  };
  s.on('close', drop);
  s.on('error', drop);
  s.on('goaway', drop);
  s.unref();
  sessions.set(key, s);
  return s;
}

export interface H2Forward {
  origin: string;
  tls: boolean;
  path: string;
  authority: string;
  /** flat [name, value, ...] upstream headers (already filtered and extended) */
  headers: string[];
  hasBody: boolean;
  timeoutMs: number;
  /** flat [name, value, ...] added to the response head (a new session's cookie or header) */
  responseHeaders?: string[];
}

/** Forward one request over HTTP/2. `done(status, err)` is called once, when the exchange ends. */
export function forwardH2(req: ClientRequest, res: ClientResponse, f: H2Forward, onStatus: (status: number) => void, done: (status: number, err?: Error & { code?: string }) => void): void {
  let finished = false;
  const finish = (status: number, err?: Error) => {
    if (finished) return;
    finished = true;
    done(status, err);
  };
  let s: http2.ClientHttp2Session;
  try {
    s = session(f.origin, f.tls);
  } catch (err) {
    finish(0, err as Error);
    return;
  }
  const h: http2.OutgoingHttpHeaders = { ':method': req.method ?? 'GET', ':path': f.path, ':authority': f.authority, ':scheme': f.tls ? 'https' : 'http' };
  for (let i = 0; i < f.headers.length; i += 2) {
    const n = f.headers[i].toLowerCase();
    if (DROP.has(n) || n.charCodeAt(0) === 58) continue;
    const prev = h[n];
    h[n] = prev === undefined ? f.headers[i + 1] : `${prev}, ${f.headers[i + 1]}`;
  }
  // gRPC needs te: trailers end to end
  if (String(req.headers.te ?? '').includes('trailers') || String(req.headers['content-type'] ?? '').startsWith('application/grpc')) h.te = 'trailers';
  let stream: http2.ClientHttp2Stream;
  try {
    // waitForTrailers: the request's trailers (if it has any) are known only once its body ended
    stream = s.request(h, { endStream: !f.hasBody, waitForTrailers: f.hasBody });
  } catch (err) {
    finish(0, err as Error);
    return;
  }
  if (f.timeoutMs > 0) stream.setTimeout(f.timeoutMs, () => stream.close(http2.constants.NGHTTP2_CANCEL));
  let status = 0;
  stream.on('response', (rh, flags) => {
    status = Number(rh[':status']) || 502;
    onStatus(status);
    // gRPC "Trailers-Only" (HEADERS with END_STREAM, grpc-status among them): the client gets
    // HEADERS (content-type) and the rest as trailers, which every client protocol can carry
    // (node's compat response cannot answer with a single HEADERS frame once the head is written)
    const trailersOnly = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0 && rh['grpc-status'] !== undefined;
    const out: string[] = [];
    const trailers: string[] = [];
    for (const k of Object.keys(rh)) {
      if (k.charCodeAt(0) === 58 || DROP.has(k)) continue;
      const v = rh[k];
      const list = trailersOnly && k !== 'content-type' ? trailers : out;
      if (Array.isArray(v)) for (const x of v) list.push(k, x);
      else if (v !== undefined) list.push(k, String(v));
    }
    if (res.headersSent || res.destroyed) return;
    if (f.responseHeaders) out.push(...f.responseHeaders);
    res.writeHead(status, out);
    if (trailersOnly) addTrailers(res, trailerFields(trailers));
  });
  stream.on('trailers', (t) => addTrailers(res, trailerObject(t)));
  stream.on('data', (c: Buffer) => {
    if (!res.write(c)) {
      stream.pause();
      res.once('drain', () => stream.resume());
    }
  });
  stream.on('end', () => {
    res.end();
    finish(status);
  });
  stream.on('error', (err) => finish(status, err));
  stream.on('close', () => {
    if (!finished) finish(status, Object.assign(new Error('upstream stream closed'), { code: status ? 'UND_ERR_SOCKET' : 'ECONNRESET' }));
  });
  res.on('close', () => {
    if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
  });
  if (f.hasBody) {
    const body = requestBody(req);
    stream.once('wantTrailers', () => sendRequestTrailers(stream, body));
    body.pipe(stream);
  }
}

function addTrailers(res: ClientResponse, tr: Record<string, string> | undefined): void {
  try {
    if (tr) res.addTrailers(tr);
  } catch {
    /* a field the client's protocol refuses: the rest of the response still goes out */
  }
}

/** After the last DATA frame: the client's trailers, or an empty DATA frame with END_STREAM. */
function sendRequestTrailers(stream: http2.ClientHttp2Stream, body: RequestBody): void {
  if (stream.destroyed || stream.closed) return;
  try {
    stream.sendTrailers(trailerFields(body.rawTrailers) ?? {});
  } catch {
    stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  }
}

export function closeH2Sessions(): void {
  for (const s of sessions.values()) s.close();
  sessions.clear();
}

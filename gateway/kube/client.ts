// A small Kubernetes API client: JSON requests and streaming GETs (watches), all on one HTTP/2
// connection when the server offers h2 (./h2-connection; kube-apiserver does), else over
// node:http(s) on kept-alive connections (status writes come in bursts). Errors carry the HTTP status
// as `code` and the API server's Status as `body`, the shape leader-election's errorCode and
// apiMessage read.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { KubeConnection } from './config';
import { H2Connection, type H2Target, type KubeResponse } from './h2-connection';

/** A JSON response larger than this is refused (10,000 routes list in ~30 MB). */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export const MERGE_PATCH = 'application/merge-patch+json';

export interface ApiStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: ApiStatus,
    what: string,
  ) {
    super(`${what}: HTTP ${code}${body.message ? `: ${body.message}` : ''}`);
  }
}

export interface KubeList<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

export class KubeClient {
  private readonly agent: http.Agent;
  private readonly lib: typeof http | typeof https;
  private readonly base: URL;
  /** undefined: HTTP/1.1 (plain http, or the server did not offer h2) */
  private h2?: H2Connection;

  constructor(
    readonly conn: KubeConnection,
    options: { h2Ping?: H2Target['ping'] } = {},
  ) {
    this.base = new URL(conn.server);
    const tls = this.base.protocol === 'https:';
    this.lib = tls ? https : http;
    const tlsOptions = {
      ca: conn.ca,
      cert: conn.cert,
      key: conn.key,
      rejectUnauthorized: !conn.insecure,
      servername: conn.servername,
    };
    this.agent = tls ? new https.Agent({ keepAlive: true, ...tlsOptions }) : new http.Agent({ keepAlive: true });
    if (tls) this.h2 = new H2Connection({ origin: this.base, tls: tlsOptions, ping: options.h2Ping });
  }

  /** Send a request; resolve with the parsed JSON body (2xx) or reject with a KubeApiError. */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    const res = await this.open(
      method,
      path,
      body === undefined ? undefined : { data: JSON.stringify(body), contentType },
      REQUEST_TIMEOUT_MS,
    );
    const text = await readBody(res.body, MAX_RESPONSE_BYTES, `${method} ${path}`);
    const status = res.status;
    if (status < 200 || status > 299)
      throw new KubeApiError(status, parseStatus(text), `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /**
   * A streaming GET (watch): resolves with the response once its head is in (2xx), rejects
   * with a KubeApiError otherwise. `signal` aborts it.
   */
  async stream(path: string, signal: AbortSignal, idleTimeoutMs: number): Promise<Readable> {
    const res = await this.open('GET', path, undefined, idleTimeoutMs, signal);
    if (res.status < 200 || res.status > 299)
      throw new KubeApiError(
        res.status,
        parseStatus(await readBody(res.body, 1024 * 1024, `GET ${path}`)),
        `GET ${path}`,
      );
    return res.body;
  }

  /** Whether requests go over HTTP/2 (known once the first connection is up). */
  get protocol(): 'h2' | 'http/1.1' | 'unknown' {
    return this.h2 ? (this.h2.negotiated ?? 'unknown') : 'http/1.1';
  }

  private async open(
    method: string,
    path: string,
    body: { data: string; contentType: string } | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<KubeResponse> {
    const authorization = await this.conn.authorization();
    const headers: Record<string, string | number> = {
      accept: 'application/json',
      'user-agent': 'portico-gateway',
    };
    if (authorization) headers.authorization = authorization;
    if (body) {
      headers['content-type'] = body.contentType;
      headers['content-length'] = Buffer.byteLength(body.data);
    }
    const fullPath = this.base.pathname.replace(/\/$/, '') + path;
    if (this.h2) {
      const answer = await this.h2.request(method, fullPath, headers, body?.data, timeoutMs, signal);
      if (answer !== 'h1') return answer;
      this.h2 = undefined; // the server speaks HTTP/1.1 only: so do we, from now on
    }
    return new Promise((resolve, reject) => {
      const req = this.lib.request({
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port,
        method,
        path: fullPath,
        headers,
        agent: this.agent,
        signal,
      });
      // no bytes for this long: the connection is dead (a watch gets bookmarks / its timeoutSeconds end well before)
      req.setTimeout(timeoutMs, () =>
        req.destroy(new Error(`${method} ${path}: no response for ${timeoutMs} ms`)),
      );
      req.once('response', (res: http.IncomingMessage) => resolve({ status: res.statusCode ?? 0, body: res }));
      req.once('error', reject);
      req.end(body?.data);
    });
  }

  close(): void {
    this.h2?.close();
    this.agent.destroy();
  }
}

function parseStatus(text: string): ApiStatus {
  try {
    const s = JSON.parse(text) as ApiStatus;
    return s && typeof s === 'object' ? s : {};
  } catch {
    return text ? { message: text.slice(0, 500) } : {};
  }
}

function readBody(res: Readable, max: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        res.destroy();
        reject(new Error(`${what}: response larger than ${max} bytes refused`));
        return;
      }
      chunks.push(c);
    });
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('error', reject);
    res.once('aborted', () => reject(new Error(`${what}: connection closed mid-response`)));
  });
}

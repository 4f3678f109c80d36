// Node's own HTTP/1.x parser (llhttp, the one node:http uses) through its internal binding, so
// the gateway's HTTP/1.1 core parses exactly as strictly as node:http does, without node:http's
// per-request IncomingMessage/ServerResponse machinery. Typed here once; nothing else touches it.
import { createRequire } from 'node:module';

export interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  /** bytes consumed, or an Error with `code` (HPE_*) */
  execute(data: Buffer): number | (Error & { code?: string; bytesParsed?: number });
  /** end of input: an Error when a message was cut short */
  finish(): Error | undefined;
  /** Frees the C++ parser: until then it is a GC root that keeps its callbacks (and what they close over) alive. */
  close(): void;
  free(): void;
  [slot: number]: unknown;
}

interface ParserBinding {
  HTTPParser: {
    new (): LlhttpParser;
    REQUEST: number;
    RESPONSE: number;
    kOnMessageBegin: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
  };
  methods: string[];
}

const binding = createRequire(import.meta.url)('_http_common') as ParserBinding;
const HTTPParser = binding.HTTPParser;

/** method index (as the parser reports it) -> name */
export const METHODS: readonly string[] = binding.methods;

/** Return value of onHead for a response without a body (the answer to HEAD). */
export const NO_BODY = 1;
/** Return value of onHead that stops parsing after the head (Upgrade, CONNECT). */
export const STOP_AFTER_HEAD = 2;

export interface ParserEvents {
  onBegin?(): void;
  /** the whole head (headers and URL are joined here when they arrived in several parts);
   * `method` is an index into METHODS (requests), `status` is set for responses */
  onHead(versionMajor: number, versionMinor: number, rawHeaders: string[], method: number, url: string, status: number, upgrade: boolean, keepAlive: boolean): number;
  onBody(chunk: Buffer): void;
  /** `trailers`: the trailer fields of a chunked body, flat [name, value, ...], when it had any */
  onComplete(trailers: string[] | undefined): void;
}

/** A parser for requests or responses that calls `events` (one per connection). */
export function createParser(kind: 'request' | 'response', maxHeaderSize: number, events: ParserEvents): LlhttpParser {
  const p = new HTTPParser();
  p.initialize(kind === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE, {}, maxHeaderSize, 0);
  // more than 32 header lines arrive in several kOnHeaders calls before kOnHeadersComplete
  let partialHeaders: string[] = [];
  let partialUrl = '';
  if (events.onBegin) p[HTTPParser.kOnMessageBegin] = () => events.onBegin!();
  p[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
    for (const h of headers) partialHeaders.push(h);
    partialUrl += url;
  };
  p[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, headers: string[] | undefined, method: number, url: string | undefined, status: number, _message: string, upgrade: boolean, keepAlive: boolean) => {
    if (headers === undefined) {
      headers = partialHeaders;
      partialHeaders = [];
    }
    if (url === undefined) {
      url = partialUrl;
      partialUrl = '';
    }
    return events.onHead(major, minor, headers, method, url, status, upgrade, keepAlive);
  };
  p[HTTPParser.kOnBody] = (b: Buffer) => events.onBody(b);
  p[HTTPParser.kOnMessageComplete] = () => {
    // trailer fields come through kOnHeaders after the body, just before this
    if (partialHeaders.length === 0) return events.onComplete(undefined);
    const trailers = partialHeaders;
    partialHeaders = [];
    partialUrl = '';
    events.onComplete(trailers);
  };
  return p;
}

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

export const HTTPParser = binding.HTTPParser;
/** method index (as the parser reports it) -> name */
export const METHODS: readonly string[] = binding.methods;

export type OnHeadersComplete = (
  this: LlhttpParser,
  versionMajor: number,
  versionMinor: number,
  headers: string[] | undefined,
  method: number,
  url: string | undefined,
  statusCode: number,
  statusMessage: string,
  upgrade: boolean,
  shouldKeepAlive: boolean,
) => number;

/** Return value of onHeadersComplete for a response without a body (the answer to HEAD). */
export const NO_BODY = 1;
/** Return value of onHeadersComplete that stops parsing after the head (Upgrade, CONNECT). */
export const STOP_AFTER_HEAD = 2;

/** Request/response helpers shared by the dev cluster's verbs: JSON answers, errors, common query parameters. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import { mediaType, parseObjectBody, readBody } from './body';
import { decodeKubernetesProtobuf } from './protobuf';
import { servedText } from './served-version';

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False', '']);

export function goBool(name: string, value: string | null): boolean {
  if (value === null) return false;
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  throw new ApiError(400, 'BadRequest', `${name}: invalid boolean value ${JSON.stringify(value)}`);
}
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = servedText(res, typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}
export function sendError(res: ServerResponse, err: unknown): void {
  const apiErr =
    err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
  if (!(err instanceof ApiError)) console.error('[devcluster] internal error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiErr.code, apiErr.toStatus());
}
export type Accept = { table: boolean; partial: boolean };

export function parseAccept(header: string | undefined): Accept {
  const h = header ?? '';
  const first = h.split(',')[0] ?? '';
  // The first acceptable representation wins; kubectl lists Table first, then plain JSON.
  if (/as=Table/.test(first)) return { table: true, partial: false };
  if (/as=PartialObjectMetadata/.test(first)) return { table: false, partial: true };
  if (h && !/json|\*\/\*|yaml/.test(h)) {
    throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml`);
  }
  return { table: false, partial: false };
}
const DRY_RUN_VALUES = new Set(['All']);

export function dryRunFrom(q: URLSearchParams, body?: Record<string, unknown>): boolean {
  const values = [...q.getAll('dryRun'), ...(Array.isArray(body?.dryRun) ? (body!.dryRun as unknown[]).map(String) : [])];
  for (const v of values) {
    if (!DRY_RUN_VALUES.has(v)) throw new ApiError(400, 'BadRequest', `Invalid dryRun value: ${JSON.stringify(v)}: supported values: "All"`);
  }
  return values.length > 0;
}
export function checkWriteParams(q: URLSearchParams): void {
  const fv = q.get('fieldValidation');
  if (fv !== null && !['Strict', 'Warn', 'Ignore', ''].includes(fv)) {
    throw new ApiError(400, 'BadRequest', `fieldValidation: Unsupported value: ${JSON.stringify(fv)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  const fm = q.get('fieldManager');
  if (fm && fm.length > 128) {
    throw new ApiError(422, 'Invalid', `fieldManager: Too long: may not be longer than 128`, { causes: [{ reason: 'FieldValueTooLong', message: 'Too long: may not be longer than 128', field: 'fieldManager' }] });
  }
}

export function includeObjectParam(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject');
  if (v === 'None' || v === 'Object') return v;
  return 'Metadata';
}

/** A create/update body: JSON, YAML, or (for the kinds kubectl generators send) protobuf. */
export async function readObjectBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const ct = req.headers['content-type'];
  const raw = await readBody(req);
  if (mediaType(ct) === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(raw);
  return parseObjectBody(raw, ct);
}

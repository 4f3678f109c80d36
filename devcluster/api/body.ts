/**
 * Request bodies: size limit (413), media types (415), JSON and YAML decoding with nesting
 * and alias limits (400). Nothing here is ever half-applied: parsing finishes before any write.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../store/errors';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
export const MAX_DEPTH = 100;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `the request body is too large: limit is ${limit} bytes (${limit / 1024 / 1024} MiB)`);
}

/** The media type without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Refuses JSON nested deeper than `max` before parsing (cheap; avoids deep recursion later). */
export function checkJsonDepth(text: string, max = MAX_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) throw new ApiError(400, 'BadRequest', `the request body is nested too deeply: more than ${max} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
}

/** Iterative depth check for already-parsed values (YAML). */
export function checkValueDepth(value: unknown, max = MAX_DEPTH): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) throw new ApiError(400, 'BadRequest', `the request body is nested too deeply: more than ${max} levels`);
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
}

export function parseJson(buf: Buffer): unknown {
  const text = buf.toString('utf8');
  if (!text.trim()) throw new ApiError(400, 'BadRequest', 'the request body is empty');
  checkJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseYamlBody(buf: Buffer): unknown {
  const text = buf.toString('utf8');
  if (!text.trim()) throw new ApiError(400, 'BadRequest', 'the request body is empty');
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false, merge: false });
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the request body is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  checkValueDepth(value);
  // Aliases can still expand into a large document; bound the expanded size.
  if (JSON.stringify(value ?? null).length > MAX_BODY_BYTES) {
    throw new ApiError(400, 'BadRequest', 'the request body expands to more than 3 MiB (YAML aliases)');
  }
  return value;
}

/** Decodes a create/update body by Content-Type. */
export function parseObjectBody(buf: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === '' || type === 'application/json' || type === '*/*') value = parseJson(buf);
  else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') value = parseYamlBody(buf);
  else {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'BadRequest', 'the request body must be a JSON object (a Kubernetes object with apiVersion, kind and metadata)');
  }
  return value as Record<string, unknown>;
}

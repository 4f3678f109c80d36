/**
 * Older served versions of a kind (a Gateway API CRD serving v1 and v1beta1, conversion
 * strategy None): objects are stored once, at the kind's main version; a request made at an
 * older version gets them back with that version's apiVersion. Only such requests pay for the
 * rewrite (parse + stringify); requests at the main version are untouched.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import { groupVersion, type ResourceDef } from './resources';

const VIEW = Symbol('portico.servedVersion');
type ViewResponse = ServerResponse & { [VIEW]?: (text: string) => string };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rewrites one object, list, or watch event from the stored apiVersion to the served one. */
function rewrite(value: unknown, stored: string, served: string): void {
  if (!isObj(value)) return;
  if (isObj(value.object) && typeof value.type === 'string') return rewrite(value.object, stored, served);
  if (value.apiVersion === stored) value.apiVersion = served;
  if (Array.isArray(value.items)) for (const item of value.items) if (isObj(item) && item.apiVersion === stored) item.apiVersion = served;
}

/**
 * Marks the response of a request made at an older version: sendJson and the watch stream pass
 * their text through `servedText`. JSON documents and newline-separated watch events only.
 */
export function serveAtOlderVersion(res: ServerResponse, def: ResourceDef): void {
  if (!def.storedAs) return;
  const served = groupVersion(def);
  const stored = def.group ? `${def.group}/${def.storedAs}` : def.storedAs;
  (res as ViewResponse)[VIEW] = (text) =>
    text
      .split('\n')
      .map((line) => {
        if (!line.includes(stored)) return line;
        try {
          const v: unknown = JSON.parse(line);
          rewrite(v, stored, served);
          return JSON.stringify(v);
        } catch {
          return line; // not one JSON document per line: leave it
        }
      })
      .join('\n');
}

/** The text to send on `res` (unchanged unless the request was made at an older version). */
export function servedText(res: ServerResponse, text: string): string {
  const view = (res as ViewResponse)[VIEW];
  return view ? view(text) : text;
}

/**
 * A created or replaced object must name the version of the URL it was sent to (the registry
 * stores it at the kind's main version), as kube-apiserver's create and update handlers require.
 */
export function checkBodyVersion(def: ResourceDef, body: { apiVersion?: unknown }): void {
  const gv = groupVersion(def);
  if (body.apiVersion !== undefined && body.apiVersion !== gv)
    throw new ApiError(400, 'BadRequest', `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
}

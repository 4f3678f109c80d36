/**
 * The four PATCH flavours: JSON patch (RFC 6902, atomic), JSON merge patch (RFC 7386),
 * strategic merge patch (merge keys and $-directives of the built-in kinds) and the merge
 * step of server-side apply.
 */
import fastJsonPatch from 'fast-json-patch';
import { ApiError } from '../store/errors';
import type { KubeObject } from '../store/registry';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

// ------------------------------------------------------------------ JSON patch

export function applyJsonPatch(target: KubeObject, patch: unknown): KubeObject {
  if (!Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  patch.forEach((op, i) => {
    if (!isObj(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new ApiError(400, 'BadRequest', `invalid JSON patch operation at index ${i}: each operation needs "op" and "path"`);
    }
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) {
      throw new ApiError(400, 'BadRequest', `Unexpected kind: ${op.op} (operation ${i})`);
    }
  });
  try {
    const result = fastJsonPatch.applyPatch(clone(target), patch as Parameters<typeof fastJsonPatch.applyPatch>[1], true, true, true);
    return result.newDocument as KubeObject;
  } catch (err) {
    const e = err as { name?: string; message?: string; operation?: { path?: string }; index?: number };
    const path = e.operation?.path ?? '';
    const first = String(e.message ?? err).split('\n')[0];
    if (e.name === 'TEST_OPERATION_FAILED' || /Test operation failed/i.test(first)) {
      throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${path} failed`);
    }
    throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${first}${path ? ` (path ${path})` : ''}`);
  }
}

// ------------------------------------------------------------------ merge patch

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function applyMergePatch(target: KubeObject, patch: unknown): KubeObject {
  if (!isObj(patch)) throw new ApiError(400, 'BadRequest', 'a merge patch must be a JSON object');
  return mergePatch(clone(target) as unknown as Json, patch) as unknown as KubeObject;
}

// ------------------------------------------------------------------ strategic merge patch

interface ListStrategy {
  key?: string;
  primitiveMerge?: boolean;
}

/** The merge strategy of the list at `path` (field names only) in `kind`; undefined = replace. */
export function listStrategy(kind: string, path: string[]): ListStrategy | undefined {
  const last = path[path.length - 1];
  const prev = path[path.length - 2];
  if (prev === 'metadata' && path.length === 2) {
    if (last === 'finalizers') return { primitiveMerge: true };
    if (last === 'ownerReferences') return { key: 'uid' };
    return undefined;
  }
  if (kind === 'Service' && path.join('.') === 'spec.ports') return { key: 'port' };
  if (['containers', 'initContainers', 'ephemeralContainers'].includes(last) && prev === 'spec') return { key: 'name' };
  const inContainer = ['containers', 'initContainers', 'ephemeralContainers'].includes(prev);
  if (inContainer) {
    if (last === 'ports') return { key: 'containerPort' };
    if (last === 'env') return { key: 'name' };
    if (last === 'volumeMounts') return { key: 'mountPath' };
    if (last === 'volumeDevices') return { key: 'devicePath' };
    if (last === 'resizePolicy') return { key: 'resourceName' };
  }
  if (prev === 'spec') {
    if (last === 'volumes') return { key: 'name' };
    if (last === 'imagePullSecrets') return { key: 'name' };
    if (last === 'hostAliases') return { key: 'ip' };
    if (last === 'topologySpreadConstraints') return { key: 'topologyKey' };
    if (last === 'resourceClaims') return { key: 'name' };
    if (last === 'schedulingGates') return { key: 'name' };
  }
  if (prev === 'status') {
    if (last === 'conditions' && kind !== 'Gateway' && !kind.endsWith('Route')) return { key: 'type' };
    if (last === 'addresses' && kind === 'Node') return { key: 'type' };
  }
  return undefined;
}

function badDirective(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

function stripDirectives(v: Json, kind: string, path: string[]): Json {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x.$patch !== undefined && Object.keys(x).length === 1)).map((x) => stripDirectives(x, kind, path));
  if (!isObj(v)) return v;
  return smpMap({}, v, kind, path) ?? {};
}

/** Merges a strategic merge patch map into `orig`; returns undefined when the map is deleted. */
function smpMap(orig: Obj, patch: Obj, kind: string, path: string[]): Obj | undefined {
  const directive = patch.$patch;
  if (directive !== undefined) {
    if (directive === 'delete') return undefined;
    if (directive === 'replace') {
      const rest = { ...patch };
      delete rest.$patch;
      return stripDirectives(rest, kind, path) as Obj;
    }
    if (directive !== 'merge') throw badDirective(`unknown patch type: ${String(directive)} in map`);
  }
  const out: Obj = { ...orig };
  const orders: Array<[string, Json]> = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      orders.push([k.slice('$setElementOrder/'.length), v]);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (!Array.isArray(v)) throw badDirective(`${k} must be a list`);
      const current = out[field];
      if (Array.isArray(current)) out[field] = current.filter((x) => !v.some((d) => d === x));
      continue;
    }
    if (k.startsWith('$')) throw badDirective(`unknown patch directive: ${k}`);
    const childPath = [...path, k];
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      const merged = smpList(Array.isArray(out[k]) ? (out[k] as Json[]) : [], v, kind, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (isObj(v)) {
      const merged = smpMap(isObj(out[k]) ? (out[k] as Obj) : {}, v, kind, childPath);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  for (const [field, order] of orders) {
    if (!Array.isArray(order)) throw badDirective(`$setElementOrder/${field} must be a list`);
    const list = out[field];
    if (Array.isArray(list)) out[field] = applyOrder(list, order, listStrategy(kind, [...path, field])?.key);
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw badDirective('$retainKeys must be a list of strings');
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function applyOrder(list: Json[], order: Json[], key: string | undefined): Json[] {
  const id = (x: Json): Json => (key && isObj(x) ? (x[key] ?? null) : x);
  const ids = order.map(id);
  const ranked: Json[] = [];
  const rest: Json[] = [];
  for (const item of list) (ids.some((o) => o === id(item)) ? ranked : rest).push(item);
  ranked.sort((a, b) => ids.findIndex((o) => o === id(a)) - ids.findIndex((o) => o === id(b)));
  return [...ranked, ...rest];
}

function smpList(orig: Json[], patch: Json[], kind: string, path: string[]): Json[] | undefined {
  const strategy = listStrategy(kind, path);
  const replaceDirective = patch.find((x) => isObj(x) && x.$patch === 'replace' && Object.keys(x).length === 1);
  if (replaceDirective || !strategy) return stripDirectives(patch.filter((x) => x !== replaceDirective), kind, path) as Json[];
  if (strategy.primitiveMerge) {
    const out = [...orig];
    for (const v of patch) if (!out.some((o) => o === v)) out.push(v);
    return out;
  }
  const key = strategy.key!;
  const out = [...orig];
  for (const item of patch) {
    if (!isObj(item)) throw badDirective(`a list of maps merged by "${key}" got a non-map item at ${path.join('.')}`);
    const k = item[key];
    if (item.$patch === 'delete') {
      for (let i = out.length - 1; i >= 0; i--) if (isObj(out[i]) && (out[i] as Obj)[key] === k) out.splice(i, 1);
      continue;
    }
    if (k === undefined) throw badDirective(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const idx = out.findIndex((o) => isObj(o) && o[key] === k);
    if (idx >= 0) {
      const merged = smpMap(out[idx] as Obj, item, kind, path);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      const fresh = smpMap({}, item, kind, path);
      if (fresh) out.push(fresh);
    }
  }
  return out;
}

export function applyStrategicMergePatch(target: KubeObject, patch: unknown): KubeObject {
  if (!isObj(patch)) throw new ApiError(400, 'BadRequest', 'a strategic merge patch must be a JSON object');
  const out = smpMap(clone(target) as unknown as Obj, patch, target.kind, []);
  return (out ?? {}) as unknown as KubeObject;
}

// ------------------------------------------------------------------ server-side apply

/**
 * Merges an applied configuration into the live object: maps merge, keyed lists merge by
 * their merge key, other lists and scalars are replaced. (No field ownership tracking.)
 */
export function applyConfiguration(live: KubeObject, applied: KubeObject): KubeObject {
  return applyMerge(clone(live) as unknown as Obj, applied as unknown as Obj, live.kind, []) as unknown as KubeObject;
}

function applyMerge(live: Obj, applied: Obj, kind: string, path: string[]): Obj {
  const out: Obj = { ...live };
  for (const [k, v] of Object.entries(applied)) {
    const childPath = [...path, k];
    if (v === null) delete out[k];
    else if (isObj(v)) out[k] = applyMerge(isObj(out[k]) ? (out[k] as Obj) : {}, v, kind, childPath);
    else if (Array.isArray(v)) {
      const strategy = listStrategy(kind, childPath);
      const current = Array.isArray(out[k]) ? (out[k] as Json[]) : [];
      if (strategy?.key) {
        const key = strategy.key;
        const merged: Json[] = [];
        for (const item of v) {
          const match = isObj(item) ? current.find((c) => isObj(c) && c[key] === item[key]) : undefined;
          merged.push(isObj(item) && isObj(match) ? applyMerge(match, item, kind, childPath) : item);
        }
        out[k] = merged;
      } else if (strategy?.primitiveMerge) {
        out[k] = [...current, ...v.filter((x) => !current.includes(x))];
      } else out[k] = v;
    } else out[k] = v;
  }
  return out;
}

// ------------------------------------------------------------------ apply field ownership

/** The fieldsV1 set of an applied configuration (the managedFields format). */
export function fieldSet(value: Obj, kind: string, path: string[] = []): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (path.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
    if (path.length === 1 && path[0] === 'metadata' && !['labels', 'annotations', 'finalizers', 'ownerReferences'].includes(k)) continue;
    const child = [...path, k];
    if (isObj(v)) out[`f:${k}`] = fieldSet(v, kind, child);
    else if (Array.isArray(v)) {
      const st = listStrategy(kind, child);
      const items: Obj = {};
      if (st?.key) {
        for (const item of v) if (isObj(item)) items[`k:${JSON.stringify({ [st.key]: item[st.key] ?? null })}`] = { '.': {}, ...fieldSet(item, kind, child) };
      } else if (st?.primitiveMerge) {
        for (const x of v) items[`v:${JSON.stringify(x)}`] = {};
      }
      out[`f:${k}`] = items;
    } else out[`f:${k}`] = {};
  }
  return out;
}

/** Removes from `live` what `before` owned and `after` no longer does (same manager re-applying). */
export function removeDropped(live: Obj, before: Obj, after: Obj, kind: string, path: string[] = []): void {
  for (const [key, sub] of Object.entries(before)) {
    if (key === '.') continue;
    const kept = after[key];
    if (key.startsWith('f:')) {
      const name = key.slice(2);
      if (kept === undefined) {
        delete live[name];
        continue;
      }
      const child = live[name];
      if (!isObj(sub) || !isObj(kept)) continue;
      if (isObj(child)) removeDropped(child, sub, kept, kind, [...path, name]);
      else if (Array.isArray(child)) removeDroppedItems(live, name, child, sub, kept, kind, [...path, name]);
    }
  }
}

function removeDroppedItems(parent: Obj, name: string, list: Json[], before: Obj, after: Obj, kind: string, path: string[]): void {
  let out = list;
  for (const [key, sub] of Object.entries(before)) {
    if (key.startsWith('v:')) {
      if (after[key] === undefined) out = out.filter((x) => `v:${JSON.stringify(x)}` !== key);
    } else if (key.startsWith('k:')) {
      const id = JSON.parse(key.slice(2)) as Obj;
      const [mk, mv] = Object.entries(id)[0] ?? [];
      const match = (x: Json) => isObj(x) && mk !== undefined && x[mk] === mv;
      if (after[key] === undefined) out = out.filter((x) => !match(x));
      else if (isObj(sub) && isObj(after[key])) for (const item of out) if (match(item)) removeDropped(item as Obj, sub, after[key] as Obj, kind, path);
    }
  }
  parent[name] = out;
}

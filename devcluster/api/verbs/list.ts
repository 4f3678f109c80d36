/** GET of a collection: selectors, paging, exact resourceVersion; JSON, Table or PartialObjectMetadataList. */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import { includeObjectParam, sendJson, type Accept } from '../http';
import { groupVersion, resourceKey, type ResourceDef } from '../resources';
import { toTable } from '../table';
import type { VerbContext } from './context';

export function serveList(ctx: VerbContext, res: ServerResponse, def: ResourceDef, namespace: string | undefined, q: URLSearchParams, accept: Accept): void {
  const { registry } = ctx;
  const limitText = q.get('limit');
  let limit: number | undefined;
  if (limitText !== null && limitText !== '') {
    if (!/^\d+$/.test(limitText)) throw new ApiError(400, 'BadRequest', `limit: invalid value ${JSON.stringify(limitText)}: must be a non-negative integer`);
    limit = Number(limitText);
  }
  const result = registry.listRaw(resourceKey(def), {
    namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit,
    continue: q.get('continue') || undefined,
    exactResourceVersion: exactListVersion(q),
  });
  const meta = { resourceVersion: result.resourceVersion, ...(result.continue ? { continue: result.continue } : {}) };
  if (accept.table) {
    return sendJson(res, 200, toTable(def.kind, result.entries.map((e) => e.obj), meta, includeObjectParam(q)));
  }
  if (accept.partial) {
    return sendJson(res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: meta,
      items: result.entries.map((e) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: e.obj.metadata })),
    });
  }
  // Built from the cached serialized objects: no re-serialization of 10k items.
  const head = `{"kind":"${def.kind}List","apiVersion":"${groupVersion(def)}","metadata":${JSON.stringify(meta)},"items":[`;
  const chunks = [head];
  for (let i = 0; i < result.entries.length; i++) chunks.push(i ? ',' : '', result.entries[i].json);
  chunks.push(']}');
  sendJson(res, 200, chunks.join(''));
}

/** resourceVersionMatch=Exact asks for the list as of that resourceVersion. */
function exactListVersion(q: URLSearchParams): number | undefined {
  const match = q.get('resourceVersionMatch');
  if (match === null || match === '') return undefined;
  if (!['Exact', 'NotOlderThan'].includes(match)) {
    throw new ApiError(400, 'BadRequest', `resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`);
  }
  const rv = q.get('resourceVersion');
  if (!rv) throw new ApiError(400, 'BadRequest', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (!/^\d+$/.test(rv)) throw new ApiError(400, 'BadRequest', `resourceVersion: Invalid value: ${JSON.stringify(rv)}`);
  return match === 'Exact' ? Number(rv) : undefined;
}

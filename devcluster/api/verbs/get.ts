/** GET of one object (or its scale), as JSON, a Table or PartialObjectMetadata. */
import type { ServerResponse } from 'node:http';
import { notFound } from '../../store/cluster-registry';
import { includeObjectParam, sendJson, type Accept } from '../http';
import { resourceKey } from '../resources';
import type { Route } from '../route';
import { toTable } from '../table';
import type { VerbContext } from './context';
import { toScale } from './scale';

export function serveGet(ctx: VerbContext, res: ServerResponse, route: Route, q: URLSearchParams, accept: Accept): void {
  const { registry } = ctx;
  const { def, namespace, subresource } = route;
  const name = route.name!;
  const resource = resourceKey(def);
  const entry = registry.getEntry(resource, namespace, name);
  if (!entry) throw notFound(def, name);
  if (subresource === 'scale') return sendJson(res, 200, toScale(entry.obj));
  if (accept.table) return sendJson(res, 200, toTable(def.kind, [entry.obj], { resourceVersion: entry.obj.metadata.resourceVersion }, includeObjectParam(q)));
  if (accept.partial) return sendJson(res, 200, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: entry.obj.metadata });
  return sendJson(res, 200, entry.json);
}

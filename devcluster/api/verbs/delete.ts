/** DELETE of one object (with preconditions) or of a collection (deletecollection). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import { notFound } from '../../store/cluster-registry';
import { parseObjectBody, readBody } from '../body';
import { dryRunFrom, sendJson } from '../http';
import { groupVersion, resourceKey } from '../resources';
import type { Route } from '../route';
import type { VerbContext } from './context';

export async function serveDelete(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
  const { registry } = ctx;
  const { def, namespace, name, subresource } = route;
  const resource = resourceKey(def);
  const raw = await readBody(req);
  let body: Record<string, unknown> | undefined;
  if (raw.length && raw.toString('utf8').trim()) body = parseObjectBody(raw, req.headers['content-type'] ?? 'application/json');
  const dryRun = dryRunFrom(q, body);
  const propagation = (q.get('propagationPolicy') ?? body?.propagationPolicy) as string | undefined;
  if (propagation !== undefined && !['Foreground', 'Background', 'Orphan'].includes(propagation)) {
    throw new ApiError(400, 'BadRequest', `propagationPolicy: Unsupported value: ${JSON.stringify(propagation)}: supported values: "Foreground", "Background", "Orphan"`);
  }
  const grace = q.get('gracePeriodSeconds');
  if (grace !== null && !/^-?\d+$/.test(grace)) throw new ApiError(400, 'BadRequest', `gracePeriodSeconds: invalid integer ${JSON.stringify(grace)}`);
  const opts = { dryRun, propagationPolicy: propagation as 'Foreground' | 'Background' | 'Orphan' | undefined };
  if (!name) {
    const items = await registry.enqueue(() => registry.deleteCollection(resource, { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined, ...opts }));
    return sendJson(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: { resourceVersion: registry.currentResourceVersion }, items });
  }
  if (subresource) throw new ApiError(405, 'MethodNotAllowed', `DELETE is not allowed on ${subresource}`);
  const pre = body?.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  const deleted = await registry.enqueue(() => {
    if (pre) {
      const cur = registry.getEntry(resource, namespace, name);
      if (!cur) throw notFound(def, name);
      if ((pre.uid && pre.uid !== cur.obj.metadata.uid) || (pre.resourceVersion && pre.resourceVersion !== cur.obj.metadata.resourceVersion)) {
        throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${def.plural} "${name}": Precondition failed: UID in precondition: ${pre.uid ?? ''}, UID in object meta: ${cur.obj.metadata.uid}`, { name, kind: def.plural });
      }
    }
    return registry.delete(resource, namespace, name, opts);
  });
  return sendJson(res, 200, deleted);
}

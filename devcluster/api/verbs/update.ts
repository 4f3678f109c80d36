/** PUT of one object, its status or its scale. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import type { KubeObject } from '../../store/registry';
import { checkFields, fieldValidationMode } from '../field-validation';
import { checkWriteParams, dryRunFrom, readObjectBody, sendJson } from '../http';
import { resourceKey } from '../resources';
import type { Route } from '../route';
import type { VerbContext } from './context';
import { checkBodyVersion } from '../served-version';
import { writeScale } from './scale';

export async function serveUpdate(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
  const { registry } = ctx;
  const { def, namespace, name, subresource } = route;
  const resource = resourceKey(def);
  if (!name) throw new ApiError(405, 'MethodNotAllowed', 'PUT is only allowed on a single object');
  checkWriteParams(q);
  const body = (await readObjectBody(req)) as KubeObject;
  checkBodyVersion(def, body);
  if (subresource !== 'scale') {
    const warnings = checkFields(def, body, fieldValidationMode(q));
    if (warnings.length) res.setHeader('Warning', warnings);
  }
  const dryRun = dryRunFrom(q);
  if (subresource === 'scale') return sendJson(res, 200, await registry.enqueue(() => writeScale(ctx, def, namespace, name, body, dryRun)));
  const bodyName = (body.metadata as { name?: unknown } | undefined)?.name;
  if (bodyName !== undefined && bodyName !== name) {
    throw new ApiError(400, 'BadRequest', `the name of the object (${String(bodyName)}) does not match the name on the URL (${name})`);
  }
  body.metadata = { ...(typeof body.metadata === 'object' && body.metadata ? body.metadata : {}), name };
  const updated = await registry.enqueue(() => registry.update(resource, namespace, body, { dryRun, subresource: subresource === 'status' ? 'status' : undefined }));
  return sendJson(res, 200, updated);
}

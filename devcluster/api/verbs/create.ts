/** POST to a collection: create, with field validation warnings and dry run. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import type { KubeObject } from '../../store/registry';
import { checkFields, fieldValidationMode } from '../field-validation';
import { checkWriteParams, dryRunFrom, readObjectBody, sendJson } from '../http';
import { resourceKey } from '../resources';
import type { Route } from '../route';
import type { VerbContext } from './context';
import { checkBodyVersion } from '../served-version';

export async function serveCreate(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
  const { registry } = ctx;
  const { def, namespace, name } = route;
  const resource = resourceKey(def);
  if (name) throw new ApiError(405, 'MethodNotAllowed', `POST is not allowed on a single ${def.singular}; POST to the collection`);
  checkWriteParams(q);
  const body = await readObjectBody(req);
  checkBodyVersion(def, body);
  const warnings = checkFields(def, body, fieldValidationMode(q));
  if (warnings.length) res.setHeader('Warning', warnings);
  const dryRun = dryRunFrom(q);
  const created = await registry.enqueue(() => registry.create(resource, namespace, body as KubeObject, { dryRun, fieldManager: q.get('fieldManager') ?? undefined }));
  return sendJson(res, 201, created);
}

/** Non-resource paths: /version, discovery (/api, /apis, group and resource lists) and OpenAPI v2. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery';
import { sendJson } from './http';
import { openapiV2Json, openapiV2Protobuf } from './openapi';
import type { parseResourcePath } from './route';
import type { VerbContext } from './verbs/context';

export function serveNonResource(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, path: string, method: string, parsed: ReturnType<typeof parseResourcePath>): void {
  if (method !== 'GET' && method !== 'HEAD') {
    if (parsed) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
  if (path === '/version') return sendJson(res, 200, SERVER_VERSION);
  if (path === '/api') return sendJson(res, 200, apiVersions(ctx.options.serverAddress()));
  if (path === '/apis') return sendJson(res, 200, apiGroupList());
  if (path === '/openapi/v2' || path === '/swagger-2.0.0.pb-v1') {
    const accept = req.headers.accept ?? '';
    if (accept.includes('protobuf')) {
      const body = openapiV2Protobuf();
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    return sendJson(res, 200, openapiV2Json());
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) {
    const doc = apiResourceList('', parts[1]);
    if (doc) return sendJson(res, 200, doc);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const doc = apiGroup(parts[1]);
    if (doc) return sendJson(res, 200, doc);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const doc = apiResourceList(parts[1], parts[2]);
    if (doc) return sendJson(res, 200, doc);
  }
  throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

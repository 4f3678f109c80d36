/**
 * The Kubernetes REST surface of the dev cluster: discovery, openapi, and the
 * collection/item/subresource verbs for every resource in the table.
 *
 * Request path: authenticate -> authorize (pluggable) -> route -> verb module (verbs/*.ts,
 * sharing one VerbContext).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import { notFound } from '../store/cluster-registry';
import { resourceKey } from './resources';
import { goBool, parseAccept, checkWriteParams, sendError } from './http';
import { parseResourcePath, type Route } from './route';
import { serveAtOlderVersion } from './served-version';
import { serveNonResource } from './non-resource';
import { servePodLogs } from './pod-logs';
import { allowAll, type HandlerOptions, type RequestAttributes } from './handler-types';
import type { VerbContext } from './verbs/context';
import { serveReview } from './verbs/review';
import { serveGet } from './verbs/get';
import { serveList } from './verbs/list';
import { serveWatch } from './verbs/watch';
import { serveCreate } from './verbs/create';
import { serveUpdate } from './verbs/update';
import { servePatch } from './verbs/patch';
import { serveDelete } from './verbs/delete';

export { allowAll, type Authenticator, type Authorizer, type HandlerOptions, type RequestAttributes, type UserInfo } from './handler-types';

export function createApiHandler(options: HandlerOptions) {
  const ctx: VerbContext = {
    registry: options.registry,
    options,
    authorize: options.authorize ?? allowAll,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 10_000,
    maxWatchSeconds: options.maxWatchSeconds ?? 1800,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { authorize } = ctx;
    const url = new URL(req.url ?? '/', 'https://devcluster.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();

    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }

    const user = ctx.options.authenticate(req);
    if (!user) throw new ApiError(401, 'Unauthorized', 'Unauthorized');

    const parts = path.split('/').filter(Boolean).map((seg) => {
      try {
        return decodeURIComponent(seg);
      } catch {
        throw new ApiError(400, 'BadRequest', `the request path is not valid: malformed percent-encoding in ${JSON.stringify(seg)}`);
      }
    });
    const parsed = parseResourcePath(parts);
    const verbFor = (r?: Route, watch = false): string => {
      switch (method) {
        case 'GET':
        case 'HEAD':
          return r && !r.name ? (watch ? 'watch' : 'list') : watch ? 'watch' : 'get';
        case 'POST':
          return 'create';
        case 'PUT':
          return 'update';
        case 'PATCH':
          return 'patch';
        case 'DELETE':
          return r && !r.name ? 'deletecollection' : 'delete';
        default:
          return method.toLowerCase();
      }
    };

    if (!parsed?.route) {
      const allowed = authorize({ user, verb: verbFor(), path, resourceRequest: false });
      if (allowed !== true) throw new ApiError(403, 'Forbidden', typeof allowed === 'string' ? allowed : `forbidden: User "${user.name}" cannot ${method.toLowerCase()} path "${path}"`);
      return serveNonResource(ctx, req, res, path, method, parsed);
    }

    const route = parsed.route;
    const q = url.searchParams;
    const watch = parsed.watchPrefix || goBool('watch', q.get('watch'));
    const attrs: RequestAttributes = {
      user,
      verb: verbFor(route, watch),
      path,
      group: route.def.group,
      version: route.def.version,
      resource: route.def.plural,
      subresource: route.subresource,
      namespace: route.namespace,
      name: route.name,
      resourceRequest: true,
    };
    const allowed = authorize(attrs);
    if (allowed !== true) {
      const what = `${route.def.plural}${route.def.group ? `.${route.def.group}` : ''}`;
      throw new ApiError(
        403,
        'Forbidden',
        typeof allowed === 'string' ? allowed : `${what}${route.name ? ` "${route.name}"` : ''} is forbidden: User "${user.name}" cannot ${attrs.verb} resource "${route.def.plural}" in API group "${route.def.group}"${route.namespace ? ` in the namespace "${route.namespace}"` : ''}`,
        { name: route.name, group: route.def.group, kind: route.def.plural },
      );
    }
    if (route.def.review) return serveReview(ctx, req, res, route, method, user);
    await handleResource(ctx, req, res, route, method, q, watch);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err) => sendError(res, err));
  };
}

/** Resource requests: subresource checks, pods/log, then the verb module for the method. */
async function handleResource(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, method: string, q: URLSearchParams, watch: boolean): Promise<void> {
  const { registry, options } = ctx;
  const { def, namespace, name, subresource } = route;
  const resource = resourceKey(def);
  serveAtOlderVersion(res, def);
  const isLog = subresource === 'log' && resource === 'pods';
  if (subresource && !((subresource === 'status' && def.status) || (subresource === 'scale' && def.scale) || isLog)) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (isLog) {
    if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'pods/log only supports GET');
    const pod = registry.getEntry(resource, namespace, name!);
    if (!pod) throw notFound(def, name!);
    return servePodLogs(req, res, pod.obj, q, options.podLogs?.());
  }
  if (method === 'GET' || method === 'HEAD') {
    const accept = parseAccept(req.headers.accept);
    if (watch) return serveWatch(ctx, req, res, def, namespace, name, q, accept);
    if (!name) return serveList(ctx, res, def, namespace, q, accept);
    return serveGet(ctx, res, route, q, accept);
  }
  if (method === 'POST') return serveCreate(ctx, req, res, route, q);
  if (method === 'PUT') return serveUpdate(ctx, req, res, route, q);
  if (method === 'PATCH') {
    if (!name) throw new ApiError(405, 'MethodNotAllowed', 'PATCH is only allowed on a single object');
    checkWriteParams(q);
    return servePatch(ctx, req, res, route, q);
  }
  if (method === 'DELETE') return serveDelete(ctx, req, res, route, q);
  throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
}

/**
 * The Kubernetes REST surface of the dev cluster: discovery, openapi, and the
 * collection/item/subresource verbs for every resource in the table.
 *
 * Request path: authenticate -> authorize (pluggable) -> route -> registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import type { KubeObject } from '../store/registry';
import type { ClusterRegistry } from '../store/cluster-registry';
import { notFound } from '../store/cluster-registry';
import { resourceByPath, resourceKey, groupVersion, type ResourceDef } from './resources';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery';
import { openapiV2Json, openapiV2Protobuf } from './openapi';
import { mediaType, parseJson, parseObjectBody, parseYamlBody, readBody } from './body';
import { applyConfiguration, applyJsonPatch, applyMergePatch, applyStrategicMergePatch, fieldSet, PATCH_TYPES, removeDropped } from './patch';
import { toTable } from './table';
import { decodeKubernetesProtobuf } from './protobuf';
import { checkFields, fieldValidationMode } from './field-validation';
import { servePodLogs, type PodLogSource } from './pod-logs';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  path: string;
  /** Set for resource requests. */
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  resourceRequest: boolean;
}

/** Returns the user for a request, or undefined when it is not authenticated (401). */
export type Authenticator = (req: IncomingMessage) => UserInfo | undefined;
/** Returns true to allow; false or a reason string to refuse with 403. */
export type Authorizer = (attrs: RequestAttributes) => boolean | string;

export const allowAll: Authorizer = () => true;

export interface HandlerOptions {
  registry: ClusterRegistry;
  authenticate: Authenticator;
  authorize?: Authorizer;
  /** host:port clients should use (for /api serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Interval between watch BOOKMARK events when allowWatchBookmarks is set. */
  bookmarkIntervalMs?: number;
  /** Longest a watch stays open without timeoutSeconds. */
  maxWatchSeconds?: number;
  onWatchOpen?: (close: () => void) => () => void;
  /** Container logs for pods/log (set once the pod runtime runs). */
  podLogs?: () => PodLogSource | undefined;
}

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False', '']);

function goBool(name: string, value: string | null): boolean {
  if (value === null) return false;
  if (GO_TRUE.has(value)) return true;
  if (GO_FALSE.has(value)) return false;
  throw new ApiError(400, 'BadRequest', `${name}: invalid boolean value ${JSON.stringify(value)}`);
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  const apiErr =
    err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
  if (!(err instanceof ApiError)) console.error('[devcluster] internal error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiErr.code, apiErr.toStatus());
}

type Accept = { table: boolean; partial: boolean };

function parseAccept(header: string | undefined): Accept {
  const h = header ?? '';
  const first = h.split(',')[0] ?? '';
  // The first acceptable representation wins; kubectl lists Table first, then plain JSON.
  if (/as=Table/.test(first)) return { table: true, partial: false };
  if (/as=PartialObjectMetadata/.test(first)) return { table: false, partial: true };
  if (h && !/json|\*\/\*|yaml/.test(h)) {
    throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml`);
  }
  return { table: false, partial: false };
}

interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses /api/v1/... and /apis/g/v/... resource paths; returns undefined for non-resource paths. */
function parseResourcePath(parts: string[]): { route?: Route; group: string; version: string; watchPrefix: boolean } | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nsDef = resourceByPath(group, version, rest[2]);
    if (nsDef && nsDef.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const def = resourceByPath(group, version, rest[0]);
  if (!def || rest.length > 3) return { group, version, watchPrefix };
  if (namespace === undefined && def.namespaced && rest.length > 1) return { group, version, watchPrefix }; // item path needs a namespace
  if (!def.namespaced && namespace !== undefined) return { group, version, watchPrefix };
  return { route: { def, namespace, name: rest[1], subresource: rest[2] }, group, version, watchPrefix };
}

const DRY_RUN_VALUES = new Set(['All']);

function dryRunFrom(q: URLSearchParams, body?: Record<string, unknown>): boolean {
  const values = [...q.getAll('dryRun'), ...(Array.isArray(body?.dryRun) ? (body!.dryRun as unknown[]).map(String) : [])];
  for (const v of values) {
    if (!DRY_RUN_VALUES.has(v)) throw new ApiError(400, 'BadRequest', `Invalid dryRun value: ${JSON.stringify(v)}: supported values: "All"`);
  }
  return values.length > 0;
}

function checkWriteParams(q: URLSearchParams): void {
  const fv = q.get('fieldValidation');
  if (fv !== null && !['Strict', 'Warn', 'Ignore', ''].includes(fv)) {
    throw new ApiError(400, 'BadRequest', `fieldValidation: Unsupported value: ${JSON.stringify(fv)}: supported values: "Ignore", "Strict", "Warn"`);
  }
  const fm = q.get('fieldManager');
  if (fm && fm.length > 128) {
    throw new ApiError(422, 'Invalid', `fieldManager: Too long: may not be longer than 128`, { causes: [{ reason: 'FieldValueTooLong', message: 'Too long: may not be longer than 128', field: 'fieldManager' }] });
  }
}

function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const matchLabels = ((spec.selector as Record<string, unknown> | undefined)?.matchLabels ?? {}) as Record<string, string>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

export function createApiHandler(options: HandlerOptions) {
  const { registry } = options;
  const authorize = options.authorize ?? allowAll;
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 10_000;
  const maxWatchSeconds = options.maxWatchSeconds ?? 1800;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://devcluster.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = (req.method ?? 'GET').toUpperCase();

    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }

    const user = options.authenticate(req);
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
      return handleNonResource(req, res, path, method, parsed);
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
    if (route.def.review) return serveReview(req, res, route, method, user);
    await handleResource(req, res, route, method, q, watch);
  }

  /** Self-reviews answer "who am I" and "may I" through the same authorizer as requests. */
  async function serveReview(req: IncomingMessage, res: ServerResponse, route: Route, method: string, user: UserInfo): Promise<void> {
    if (method !== 'POST' || route.name) throw new ApiError(405, 'MethodNotAllowed', `${route.def.plural} only supports create`);
    const body = await readObjectBody(req);
    const spec = (body.spec ?? {}) as Record<string, Record<string, string> | undefined>;
    const base = { apiVersion: groupVersion(route.def), kind: route.def.kind, metadata: { creationTimestamp: null } };
    if (route.def.kind === 'SelfSubjectReview') {
      return sendJson(res, 201, { ...base, status: { userInfo: { username: user.name, groups: user.groups } } });
    }
    if (route.def.kind === 'SelfSubjectRulesReview') {
      const all = authorize === allowAll;
      const rulesReview = (authorize as { rulesReview?: (u: UserInfo, ns: string | undefined) => unknown }).rulesReview;
      return sendJson(res, 201, {
        ...base,
        spec,
        status: rulesReview
          ? rulesReview(user, typeof spec.namespace === 'string' ? spec.namespace : undefined)
          : all
          ? { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }
          : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'rules are not enumerable with this authorizer' },
      });
    }
    const ra = spec.resourceAttributes;
    const nra = spec.nonResourceAttributes;
    if (!ra && !nra) {
      throw new ApiError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', {
        kind: 'SelfSubjectAccessReview',
        group: 'authorization.k8s.io',
        causes: [{ reason: 'FieldValueInvalid', message: 'exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }],
      });
    }
    const verdict = ra
      ? authorize({ user, verb: ra.verb ?? '', path: '', group: ra.group ?? '', version: ra.version, resource: ra.resource, subresource: ra.subresource, namespace: ra.namespace, name: ra.name, resourceRequest: true })
      : authorize({ user, verb: nra!.verb ?? '', path: nra!.path ?? '', resourceRequest: false });
    return sendJson(res, 201, { ...base, spec, status: { allowed: verdict === true, ...(typeof verdict === 'string' ? { reason: verdict } : {}) } });
  }

  function handleNonResource(req: IncomingMessage, res: ServerResponse, path: string, method: string, parsed: ReturnType<typeof parseResourcePath>): void {
    if (method !== 'GET' && method !== 'HEAD') {
      if (parsed) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    if (path === '/version') return sendJson(res, 200, SERVER_VERSION);
    if (path === '/api') return sendJson(res, 200, apiVersions(options.serverAddress()));
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

  async function handleResource(req: IncomingMessage, res: ServerResponse, route: Route, method: string, q: URLSearchParams, watch: boolean): Promise<void> {
    const { def, namespace, name, subresource } = route;
    const resource = resourceKey(def);
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
      if (watch) return serveWatch(req, res, def, namespace, name, q, accept);
      if (!name) return serveList(res, def, namespace, q, accept);
      const entry = registry.getEntry(resource, namespace, name);
      if (!entry) throw notFound(def, name);
      if (subresource === 'scale') return sendJson(res, 200, toScale(entry.obj));
      if (accept.table) return sendJson(res, 200, toTable(def.kind, [entry.obj], { resourceVersion: entry.obj.metadata.resourceVersion }, includeObjectParam(q)));
      if (accept.partial) return sendJson(res, 200, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: entry.obj.metadata });
      return sendJson(res, 200, entry.json);
    }
    if (method === 'POST') {
      if (name) throw new ApiError(405, 'MethodNotAllowed', `POST is not allowed on a single ${def.singular}; POST to the collection`);
      checkWriteParams(q);
      const body = await readObjectBody(req);
      const warnings = checkFields(def, body, fieldValidationMode(q));
      if (warnings.length) res.setHeader('Warning', warnings);
      const dryRun = dryRunFrom(q);
      const created = await registry.enqueue(() => registry.create(resource, namespace, body as KubeObject, { dryRun, fieldManager: q.get('fieldManager') ?? undefined }));
      return sendJson(res, 201, created);
    }
    if (method === 'PUT') {
      if (!name) throw new ApiError(405, 'MethodNotAllowed', 'PUT is only allowed on a single object');
      checkWriteParams(q);
      const body = (await readObjectBody(req)) as KubeObject;
      if (subresource !== 'scale') {
        const warnings = checkFields(def, body, fieldValidationMode(q));
        if (warnings.length) res.setHeader('Warning', warnings);
      }
      const dryRun = dryRunFrom(q);
      if (subresource === 'scale') return sendJson(res, 200, await registry.enqueue(() => writeScale(def, namespace, name, body, dryRun)));
      const bodyName = (body.metadata as { name?: unknown } | undefined)?.name;
      if (bodyName !== undefined && bodyName !== name) {
        throw new ApiError(400, 'BadRequest', `the name of the object (${String(bodyName)}) does not match the name on the URL (${name})`);
      }
      body.metadata = { ...(typeof body.metadata === 'object' && body.metadata ? body.metadata : {}), name };
      const updated = await registry.enqueue(() => registry.update(resource, namespace, body, { dryRun, subresource: subresource === 'status' ? 'status' : undefined }));
      return sendJson(res, 200, updated);
    }
    if (method === 'PATCH') {
      if (!name) throw new ApiError(405, 'MethodNotAllowed', 'PATCH is only allowed on a single object');
      checkWriteParams(q);
      return servePatch(req, res, route, q);
    }
    if (method === 'DELETE') {
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
    throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }

  function includeObjectParam(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
    const v = q.get('includeObject');
    if (v === 'None' || v === 'Object') return v;
    return 'Metadata';
  }

  function serveList(res: ServerResponse, def: ResourceDef, namespace: string | undefined, q: URLSearchParams, accept: Accept): void {
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

  function serveWatch(req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, name: string | undefined, q: URLSearchParams, accept: Accept): void {
    const timeoutText = q.get('timeoutSeconds');
    if (timeoutText !== null && !/^\d+$/.test(timeoutText)) throw new ApiError(400, 'BadRequest', `timeoutSeconds: invalid value ${JSON.stringify(timeoutText)}`);
    const timeoutSeconds = timeoutText ? Math.min(Number(timeoutText), maxWatchSeconds) : maxWatchSeconds;
    let fieldSelector = q.get('fieldSelector') ?? undefined;
    if (name) fieldSelector = [fieldSelector, `metadata.name=${name}`].filter(Boolean).join(',');
    const bookmarks = goBool('allowWatchBookmarks', q.get('allowWatchBookmarks'));
    const sendInitialEvents = goBool('sendInitialEvents', q.get('sendInitialEvents'));
    const resource = resourceKey(def);
    let firstTable = true;
    const encode = (type: string, obj: KubeObject, json: string): string => {
      if (accept.table) {
        const table = toTable(def.kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObjectParam(q), firstTable);
        firstTable = false;
        return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
      }
      if (accept.partial) return `{"type":"${type}","object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata })}}\n`;
      return `{"type":"${type}","object":${json}}\n`;
    };

    // Validate selectors and the resourceVersion before committing to a 200.
    const pending: string[] = [];
    let started = false;
    let closed = false;
    let unsubscribe: () => void = () => {};
    const write = (line: string) => {
      if (closed) return;
      if (!started) pending.push(line);
      else res.write(line);
    };
    try {
      unsubscribe = registry.watchRaw(
        resource,
        { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector, resourceVersion: sendInitialEvents ? undefined : (q.get('resourceVersion') ?? undefined) },
        (ev) => write(encode(ev.type, ev.obj, ev.json)),
      );
      if (sendInitialEvents) {
        // Watch-list (client-go): the initial state ends with an annotated bookmark.
        write(`{"type":"BOOKMARK","object":{"kind":"${def.kind}","apiVersion":"${groupVersion(def)}","metadata":{"resourceVersion":"${registry.currentResourceVersion}","annotations":{"k8s.io/initial-events-end":"true"}}}}\n`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 410) {
        // Real servers answer 200 and send the Expired status as an ERROR event, then close.
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
        res.end(`{"type":"ERROR","object":${JSON.stringify(err.toStatus())}}\n`);
        return;
      }
      throw err;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    started = true;
    if (pending.length) res.write(pending.join(''));
    pending.length = 0;

    const timers: NodeJS.Timeout[] = [];
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      unregister();
      if (!res.writableEnded) res.end();
    };
    const unregister = options.onWatchOpen?.(close) ?? (() => {});
    timers.push(setTimeout(close, timeoutSeconds * 1000));
    if (bookmarks) {
      const tick = () => {
        write(`{"type":"BOOKMARK","object":{"kind":"${def.kind}","apiVersion":"${groupVersion(def)}","metadata":{"resourceVersion":"${registry.currentResourceVersion}"}}}\n`);
        timers.push(setTimeout(tick, bookmarkIntervalMs));
      };
      timers.push(setTimeout(tick, bookmarkIntervalMs));
    }
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
  }

  function writeScale(def: ResourceDef, namespace: string | undefined, name: string, scale: KubeObject, dryRun: boolean): KubeObject {
    const resource = resourceKey(def);
    const cur = registry.get(resource, namespace, name);
    if (!cur) throw notFound(def, name);
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
        name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
      });
    }
    const rv = scale.metadata?.resourceVersion;
    const next = { ...cur, spec: { ...(cur.spec as object), replicas } } as KubeObject;
    next.metadata = { ...cur.metadata, resourceVersion: rv || cur.metadata.resourceVersion };
    return toScale(registry.update(resource, namespace, next, { dryRun }));
  }

  async function servePatch(req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
    const { def, namespace, subresource } = route;
    const name = route.name!;
    const resource = resourceKey(def);
    const type = mediaType(req.headers['content-type']);
    const known = Object.values(PATCH_TYPES) as string[];
    if (!known.includes(type)) {
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${known.join(', ')}`);
    }
    if (type === PATCH_TYPES.strategic && def.crd) {
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
    }
    const raw = await readBody(req);
    const dryRun = dryRunFrom(q);
    const fieldManager = q.get('fieldManager') ?? undefined;
    if (type === PATCH_TYPES.apply) {
      if (!fieldManager) {
        throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
          kind: 'PatchOptions',
          group: 'meta.k8s.io',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
        });
      }
      const force = q.get('force');
      if (force !== null) goBool('force', force);
    } else if (q.get('force') !== null) {
      throw new ApiError(400, 'BadRequest', 'force: Forbidden: may not be specified for non-apply patch');
    }
    const patch = type === PATCH_TYPES.apply ? parseYamlBody(raw) : parseJson(raw);
    // Read-modify-write runs inside one queued write: nothing can interleave.
    if (type === PATCH_TYPES.apply && !subresource) {
      const warnings = checkFields(def, patch, fieldValidationMode(q));
      if (warnings.length) res.setHeader('Warning', warnings);
    }
    const patchNow = (): [number, unknown] => {
      const current = registry.get(resource, namespace, name);

      if (subresource === 'scale') {
        if (!current) throw notFound(def, name);
        const scale = toScale(current);
        const patched = applyPatchOfType(type, scale, patch);
        return [200, writeScale(def, namespace, name, patched, dryRun)];
      }

      if (type === PATCH_TYPES.apply) {
        if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'the apply body must be a YAML or JSON object');
        const applied = patch as KubeObject;
        const md = (applied.metadata ?? {}) as Record<string, unknown>;
        if (md.name !== undefined && md.name !== name) {
          throw new ApiError(400, 'BadRequest', `the name of the object (${String(md.name)}) does not match the name on the URL (${name})`);
        }
        if (!applied.apiVersion || !applied.kind) {
          throw invalidApply(name, !applied.apiVersion ? 'apiVersion' : 'kind');
        }
        const config = { ...applied, metadata: { ...md, name } } as KubeObject;
        const entry = {
          manager: fieldManager!,
          operation: 'Apply',
          apiVersion: groupVersion(def),
          time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          fieldsType: 'FieldsV1',
          fieldsV1: fieldSet(config as unknown as Record<string, never>, def.kind),
          ...(subresource ? { subresource } : {}),
        };
        const others = (current?.metadata.managedFields as Array<Record<string, unknown>> | undefined)?.filter((m) => !(m.manager === fieldManager && m.operation === 'Apply' && m.subresource === entry.subresource)) ?? [];
        if (!current) {
          if (subresource) throw notFound(def, name);
          const created = registry.create(resource, namespace, config, { dryRun, fieldManager, managedFields: [entry] });
          return [201, created];
        }
        const merged = applyConfiguration(current, config);
        // Fields this manager applied before and no longer applies are removed (SSA ownership).
        const previous = (current.metadata.managedFields as Array<Record<string, unknown>> | undefined)?.find((m) => m.manager === fieldManager && m.operation === 'Apply' && m.subresource === entry.subresource);
        if (previous && previous.fieldsV1 && typeof previous.fieldsV1 === 'object') {
          removeDropped(merged as unknown as Record<string, never>, previous.fieldsV1 as Record<string, never>, entry.fieldsV1, def.kind);
        }
        // Re-applying the same fields keeps the entry (and its time): a no-op apply stores nothing.
        if (previous && JSON.stringify(previous.fieldsV1) === JSON.stringify(entry.fieldsV1)) entry.time = String(previous.time);
        if (!(md as { resourceVersion?: unknown }).resourceVersion) merged.metadata.resourceVersion = current.metadata.resourceVersion;
        const updated = registry.update(resource, namespace, merged, { dryRun, fieldManager, managedFields: [...others, entry], subresource: subresource === 'status' ? 'status' : undefined });
        return [200, updated];
      }

      if (!current) throw notFound(def, name);
      const patched = applyPatchOfType(type, current, patch);
      if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw new ApiError(422, 'Invalid', 'the patch produced something that is not an object');
      patched.metadata ??= {};
      if (patched.metadata.name !== name) {
        throw new ApiError(400, 'BadRequest', `the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
      }
      const updated = registry.update(resource, namespace, patched, { dryRun, fieldManager, subresource: subresource === 'status' ? 'status' : undefined });
      return [200, updated];
    };
    const [code, out] = await registry.enqueue(patchNow);
    sendJson(res, code, out);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err) => sendError(res, err));
  };
}

/** A create/update body: JSON, YAML, or (for the kinds kubectl generators send) protobuf. */
async function readObjectBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const ct = req.headers['content-type'];
  const raw = await readBody(req);
  if (mediaType(ct) === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(raw);
  return parseObjectBody(raw, ct);
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

function applyPatchOfType(type: string, target: KubeObject, patch: unknown): KubeObject {
  switch (type) {
    case PATCH_TYPES.json:
      return applyJsonPatch(target, patch);
    case PATCH_TYPES.merge:
      return applyMergePatch(target, patch);
    case PATCH_TYPES.strategic:
      return applyStrategicMergePatch(target, patch);
    default:
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'the apply body must be an object');
      return applyConfiguration(target, patch as KubeObject);
  }
}

function invalidApply(name: string, field: string): ApiError {
  return new ApiError(422, 'Invalid', `"${name}" is invalid: ${field}: Required value: ${field} must be set in an apply request`, {
    name,
    causes: [{ reason: 'FieldValueRequired', message: `Required value: ${field} must be set in an apply request`, field }],
  });
}

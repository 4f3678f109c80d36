/**
 * The HTTPRoute form model and its lossless mapping to and from a Gateway API HTTPRoute.
 *
 * Same contract as ingress-form: `formToHttpRoute(form, base)` starts from a deep copy of
 * `base` and writes only the fields the form shows, matching list items by index, so
 * unknown fields (spec.foo, per-backend filters, ExtensionRef filters, status) survive
 * form -> YAML -> form, and an untouched form gives back an identical object.
 */
import { apiVersionOf } from '../k8s/kinds';
import { metadataToForm, writeMetadata, type MetadataForm } from './metadata-form';
import { arr, clone, obj, setOrDelete, str, type Obj } from './plain';
import { corsToForm, emptyCors, emptyRuleExtras, mirrorShareToForm, ruleExtrasToForm, writeCors, writeMirrorShare, writeRuleExtras, type CorsForm, type MirrorShareForm, type RuleExtrasForm } from './httproute-v16-form';

export const HTTP_PATH_TYPES = ['PathPrefix', 'Exact', 'RegularExpression'] as const;
export type HttpPathType = (typeof HTTP_PATH_TYPES)[number];
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;
export const MATCH_TYPES = ['Exact', 'RegularExpression'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];
/** Filters the form edits; any other type (ExtensionRef, vendor filters) is kept as it is. */
export const FORM_FILTER_TYPES = ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'RequestMirror', 'CORS'] as const;
export type FormFilterType = (typeof FORM_FILTER_TYPES)[number];
export const PATH_MODIFIER_TYPES = ['ReplaceFullPath', 'ReplacePrefixMatch'] as const;
export const REDIRECT_STATUS_CODES = ['301', '302'] as const;

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export interface ParentForm {
  /** Gateway (or ListenerSet) as "namespace/name" (namespace left out of the manifest when it is the route's). */
  gateway: string;
  /** Listener name; empty = every listener of the Gateway. */
  sectionName: string;
  /** 'ListenerSet': the parent is a ListenerSet (parentRef kind ListenerSet); absent: a Gateway. */
  kind?: 'ListenerSet';
}

const LISTENER_SET_PREFIX = 'ListenerSet:';

/** One text per parent for the picker: "ns/name" for a Gateway, "ListenerSet:ns/name" for a ListenerSet. */
export function parentKey(p: Pick<ParentForm, 'gateway' | 'kind'>): string {
  return p.kind === 'ListenerSet' ? `${LISTENER_SET_PREFIX}${p.gateway}` : p.gateway;
}

/** The inverse of parentKey (any other text, e.g. typed by hand, names a Gateway). */
export function parentFromKey(key: string): Pick<ParentForm, 'gateway' | 'kind'> {
  return key.startsWith(LISTENER_SET_PREFIX) ? { gateway: key.slice(LISTENER_SET_PREFIX.length), kind: 'ListenerSet' } : { gateway: key };
}
export interface ValueRow {
  value: string;
}
export interface NameValueMatch {
  type: MatchType;
  name: string;
  value: string;
}
export interface MatchForm {
  /** '' = no path condition (the match ignores the path). */
  pathType: HttpPathType | '';
  pathValue: string;
  /** '' = any method. */
  method: string;
  headers: NameValueMatch[];
  queryParams: NameValueMatch[];
}
export interface BackendForm {
  service: string;
  port: string;
  /** Decimal text; '' = left out (Gateway API default 1). */
  weight: string;
}
export interface HeaderRow {
  name: string;
  value: string;
}
/** CORS fields and the mirror share: httproute-v16-form. */
export interface FilterForm extends CorsForm, MirrorShareForm {
  /** 'Other' = a filter the form does not edit; written back unchanged. */
  type: FormFilterType | 'Other';
  /** RequestHeaderModifier / ResponseHeaderModifier */
  set: HeaderRow[];
  add: HeaderRow[];
  /** Header names to remove, comma-separated. */
  remove: string;
  /** RequestRedirect / URLRewrite */
  scheme: '' | 'http' | 'https';
  hostname: string;
  port: string;
  statusCode: string;
  pathModifier: '' | (typeof PATH_MODIFIER_TYPES)[number];
  path: string;
  /** RequestMirror */
  mirrorService: string;
  mirrorPort: string;
  /** 'Other' filters: their type (shown) and the whole filter as JSON (written back as is). */
  otherType: string;
  raw: string;
}
/** Rule name, retry and session persistence: httproute-v16-form. */
export interface RuleForm extends RuleExtrasForm {
  matches: MatchForm[];
  backends: BackendForm[];
  filters: FilterForm[];
  timeoutRequest: string;
  timeoutBackendRequest: string;
}
/** Alias, description, annotations and labels (metadata-form) plus the route itself. */
export interface HttpRouteForm extends MetadataForm {
  name: string;
  parents: ParentForm[];
  hostnames: ValueRow[];
  rules: RuleForm[];
}

export function newHttpRouteBase(project: string): Obj {
  return {
    apiVersion: apiVersionOf('HTTPRoute'),
    kind: 'HTTPRoute',
    metadata: { name: '', namespace: project },
    spec: {},
  };
}
export function emptyMatch(): MatchForm {
  return { pathType: 'PathPrefix', pathValue: '/', method: '', headers: [], queryParams: [] };
}
export function emptyBackend(): BackendForm {
  return { service: '', port: '', weight: '' };
}
export function emptyFilter(type: FormFilterType = 'RequestHeaderModifier'): FilterForm {
  return { type, set: [], add: [], remove: '', scheme: '', hostname: '', port: '', statusCode: '', pathModifier: '', path: '', mirrorService: '', mirrorPort: '', mirrorShare: '', ...emptyCors(), otherType: '', raw: '' };
}
export function emptyHttpRule(): RuleForm {
  return { matches: [emptyMatch()], backends: [emptyBackend()], filters: [], timeoutRequest: '', timeoutBackendRequest: '', ...emptyRuleExtras() };
}

const FILTER_FIELD: Record<FormFilterType, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  RequestMirror: 'requestMirror',
  CORS: 'cors',
};
const isFormFilterType = (t: string): t is FormFilterType => (FORM_FILTER_TYPES as readonly string[]).includes(t);

// ---- manifest -> form

export function parentToForm(p: unknown, project: string): ParentForm {
  const ref = obj(p);
  const kind = str(ref.kind) === 'ListenerSet' && (str(ref.group) || GATEWAY_API_GROUP) === GATEWAY_API_GROUP ? { kind: 'ListenerSet' as const } : {};
  return { gateway: `${str(ref.namespace) || project}/${str(ref.name)}`, sectionName: str(ref.sectionName), ...kind };
}

export function nameValues(list: unknown): NameValueMatch[] {
  return arr(list).map((h) => {
    const m = obj(h);
    return { type: str(m.type) === 'RegularExpression' ? 'RegularExpression' : 'Exact', name: str(m.name), value: str(m.value) };
  });
}

function matchToForm(m: unknown): MatchForm {
  const match = obj(m);
  const path = match.path === undefined ? undefined : obj(match.path);
  const type = str(path?.type);
  return {
    pathType: path === undefined ? '' : (HTTP_PATH_TYPES as readonly string[]).includes(type) ? (type as HttpPathType) : 'PathPrefix',
    pathValue: path === undefined ? '' : path.value === undefined ? '/' : str(path.value),
    method: str(match.method),
    headers: nameValues(match.headers),
    queryParams: nameValues(match.queryParams),
  };
}

export function backendToForm(b: unknown): BackendForm {
  const ref = obj(b);
  return { service: str(ref.name), port: str(ref.port), weight: str(ref.weight) };
}

function headerRows(list: unknown): HeaderRow[] {
  return arr(list).map((h) => ({ name: str(obj(h).name), value: str(obj(h).value) }));
}

function filterToForm(f: unknown): FilterForm {
  const filter = obj(f);
  const type = str(filter.type);
  if (!isFormFilterType(type)) return { ...emptyFilter(), type: 'Other', otherType: type, raw: JSON.stringify(filter) };
  const body = obj(filter[FILTER_FIELD[type]]);
  const out = emptyFilter(type);
  if (type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier') {
    out.set = headerRows(body.set);
    out.add = headerRows(body.add);
    out.remove = arr(body.remove).map(str).join(', ');
  } else if (type === 'RequestRedirect' || type === 'URLRewrite') {
    const path = obj(body.path);
    out.scheme = str(body.scheme) as FilterForm['scheme'];
    out.hostname = str(body.hostname);
    out.port = str(body.port);
    out.statusCode = str(body.statusCode);
    out.pathModifier = (PATH_MODIFIER_TYPES as readonly string[]).includes(str(path.type)) ? (str(path.type) as FilterForm['pathModifier']) : '';
    out.path = out.pathModifier === 'ReplaceFullPath' ? str(path.replaceFullPath) : str(path.replacePrefixMatch);
  } else if (type === 'CORS') {
    Object.assign(out, corsToForm(body));
  } else {
    const ref = obj(body.backendRef);
    out.mirrorService = str(ref.name);
    out.mirrorPort = str(ref.port);
    out.mirrorShare = mirrorShareToForm(body).mirrorShare;
  }
  return out;
}

export function httpRouteToForm(route: unknown, project: string): HttpRouteForm {
  const o = obj(route);
  const spec = obj(o.spec);
  return {
    name: str(obj(o.metadata).name),
    ...metadataToForm(o.metadata),
    parents: arr(spec.parentRefs).map((p) => parentToForm(p, project)),
    hostnames: arr(spec.hostnames).map((h) => ({ value: str(h) })),
    rules: arr(spec.rules).map((r) => {
      const rule = obj(r);
      const timeouts = obj(rule.timeouts);
      return {
        matches: arr(rule.matches).map(matchToForm),
        backends: arr(rule.backendRefs).map(backendToForm),
        filters: arr(rule.filters).map(filterToForm),
        timeoutRequest: str(timeouts.request),
        timeoutBackendRequest: str(timeouts.backendRequest),
        ...ruleExtrasToForm(rule),
      };
    }),
  };
}

// ---- form -> manifest

/** Maps form rows onto base list items by index; each writer gets a copy of its base item. */
export function mapByIndex<T>(rows: T[], base: unknown, write: (row: T, baseItem: Obj) => Obj): Obj[] {
  const items = arr(base);
  return rows.map((row, i) => write(row, clone(obj(items[i]))));
}

/** Sets `key` to the list; an empty list is left out unless the base already had it empty. */
export function setList(target: Obj, key: string, list: unknown[]): void {
  setOrDelete(target, key, list, list.length > 0 || arr(target[key]).length === 0 && Array.isArray(target[key]));
}

function numberOrText(v: string): number | string {
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
}

export function writeParent(p: ParentForm, ref: Obj, project: string): Obj {
  const slash = p.gateway.indexOf('/');
  const ns = slash >= 0 ? p.gateway.slice(0, slash) : project;
  ref.name = slash >= 0 ? p.gateway.slice(slash + 1) : p.gateway;
  setOrDelete(ref, 'namespace', ns, ns !== project || (ref.namespace !== undefined && ref.namespace !== ''));
  setOrDelete(ref, 'sectionName', p.sectionName, p.sectionName !== '');
  if (p.kind === 'ListenerSet') {
    ref.group = GATEWAY_API_GROUP;
    ref.kind = 'ListenerSet';
  } else if (ref.kind === 'ListenerSet') {
    // back to a Gateway: the defaults (group gateway.networking.k8s.io, kind Gateway)
    delete ref.group;
    delete ref.kind;
  }
  return ref;
}

export function writeNameValues(rows: NameValueMatch[], base: unknown): Obj[] {
  return mapByIndex(rows, base, (h, m) => {
    setOrDelete(m, 'type', h.type, h.type !== 'Exact' || m.type !== undefined);
    m.name = h.name;
    m.value = h.value;
    return m;
  });
}

function writeMatch(f: MatchForm, m: Obj): Obj {
  if (f.pathType === '') delete m.path;
  else {
    const path = obj(m.path);
    // An omitted type means PathPrefix: keep it omitted while it still is.
    setOrDelete(path, 'type', f.pathType, f.pathType !== 'PathPrefix' || path.type !== undefined || m.path === undefined);
    path.value = f.pathValue;
    m.path = path;
  }
  setOrDelete(m, 'method', f.method, f.method !== '');
  setList(m, 'headers', writeNameValues(f.headers, m.headers));
  setList(m, 'queryParams', writeNameValues(f.queryParams, m.queryParams));
  return m;
}

function writeServiceRef(ref: Obj, service: string, port: string): Obj {
  ref.name = service.trim();
  setOrDelete(ref, 'port', numberOrText(port), port.trim() !== '');
  return ref;
}

export function writeBackend(b: BackendForm, ref: Obj): Obj {
  writeServiceRef(ref, b.service, b.port);
  setOrDelete(ref, 'weight', numberOrText(b.weight), b.weight.trim() !== '');
  return ref;
}

function writeHeaderRows(rows: HeaderRow[], base: unknown): Obj[] {
  return mapByIndex(rows, base, (h, item) => ({ ...item, name: h.name.trim(), value: h.value }));
}

function writeFilterBody(f: FilterForm, body: Obj): Obj {
  if (f.type === 'RequestHeaderModifier' || f.type === 'ResponseHeaderModifier') {
    setList(body, 'set', writeHeaderRows(f.set, body.set));
    setList(body, 'add', writeHeaderRows(f.add, body.add));
    const remove = f.remove.split(',').map((s) => s.trim()).filter(Boolean);
    setList(body, 'remove', remove);
  } else if (f.type === 'RequestRedirect' || f.type === 'URLRewrite') {
    if (f.type === 'RequestRedirect') {
      setOrDelete(body, 'scheme', f.scheme, f.scheme !== '');
      setOrDelete(body, 'port', numberOrText(f.port), f.port.trim() !== '');
      setOrDelete(body, 'statusCode', numberOrText(f.statusCode), f.statusCode.trim() !== '');
    }
    setOrDelete(body, 'hostname', f.hostname.trim(), f.hostname.trim() !== '');
    if (f.pathModifier === '') delete body.path;
    else {
      const valueKey = f.pathModifier === 'ReplaceFullPath' ? 'replaceFullPath' : 'replacePrefixMatch';
      const path = obj(body.path);
      delete path.replaceFullPath;
      delete path.replacePrefixMatch;
      body.path = { ...path, type: f.pathModifier, [valueKey]: f.path };
    }
  } else if (f.type === 'RequestMirror') {
    body.backendRef = writeServiceRef(obj(body.backendRef), f.mirrorService, f.mirrorPort);
    writeMirrorShare(f, body);
  } else if (f.type === 'CORS') {
    writeCors(f, body);
  }
  return body;
}

function writeFilter(f: FilterForm, filter: Obj): Obj {
  if (f.type === 'Other') return f.raw ? (JSON.parse(f.raw) as Obj) : filter;
  const field = FILTER_FIELD[f.type];
  // Another type at this index (a filter was removed or retyped): nothing of it applies.
  const base = filter.type === f.type ? filter : {};
  return { ...base, type: f.type, [field]: writeFilterBody(f, clone(obj(base[field]))) };
}

function writeRule(r: RuleForm, rule: Obj): Obj {
  setList(rule, 'matches', mapByIndex(r.matches, rule.matches, writeMatch));
  setList(rule, 'filters', mapByIndex(r.filters, rule.filters, writeFilter));
  setList(rule, 'backendRefs', mapByIndex(r.backends, rule.backendRefs, writeBackend));
  const timeouts = obj(rule.timeouts);
  setOrDelete(timeouts, 'request', r.timeoutRequest.trim(), r.timeoutRequest.trim() !== '');
  setOrDelete(timeouts, 'backendRequest', r.timeoutBackendRequest.trim(), r.timeoutBackendRequest.trim() !== '');
  setOrDelete(rule, 'timeouts', timeouts, Object.keys(timeouts).length > 0);
  writeRuleExtras(r, rule);
  return rule;
}

export function formToHttpRoute(form: HttpRouteForm, base: unknown, project: string): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  meta.name = form.name;
  writeMetadata(meta, form);
  setList(spec, 'parentRefs', mapByIndex(form.parents, spec.parentRefs, (p, ref) => writeParent(p, ref, project)));
  setList(spec, 'hostnames', form.hostnames.map((h) => h.value.trim()));
  setList(spec, 'rules', mapByIndex(form.rules, spec.rules, writeRule));
  out.metadata = meta;
  out.spec = spec;
  return out;
}

// ---- canary split: weights <-> slider thumbs

/**
 * Weights as cumulative percentages, the positions of n-1 slider thumbs for n backends
 * (an empty weight counts as the Gateway API default, 1). All-zero weights split evenly.
 */
export function weightsToCuts(weights: string[]): number[] {
  const w = weights.map((x) => (x.trim() === '' ? 1 : Math.max(0, Number(x) || 0)));
  const total = w.reduce((a, b) => a + b, 0);
  const shares = total === 0 ? w.map(() => 100 / w.length) : w.map((x) => (x * 100) / total);
  const cuts: number[] = [];
  let acc = 0;
  for (const s of shares.slice(0, -1)) {
    acc += s;
    cuts.push(Math.round(acc));
  }
  return cuts;
}

/** Slider thumbs back to weights in percent (they sum to 100). */
export function cutsToWeights(cuts: number[]): string[] {
  const sorted = [...cuts].map((c) => Math.min(100, Math.max(0, Math.round(c)))).sort((a, b) => a - b);
  const edges = [0, ...sorted, 100];
  return edges.slice(1).map((e, i) => String(e - edges[i]));
}

// ---- server field paths -> form fields

export function splitPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Form field for a Kubernetes field path of an HTTPRoute, or null when the form does not show it. */
export function httpRouteFieldToFormField(field: string, form: HttpRouteForm): string | null {
  const p = splitPath(field);
  if (p[0] === 'metadata') return p[1] === 'name' ? 'name' : null;
  if (p[0] !== 'spec') return null;
  const i = p[2];
  if (p[1] === 'hostnames') return typeof i === 'number' && i < form.hostnames.length ? `hostnames.${i}.value` : null;
  if (p[1] === 'parentRefs') return typeof i === 'number' && i < form.parents.length ? `parents.${i}.${p[3] === 'sectionName' ? 'sectionName' : 'gateway'}` : null;
  if (p[1] !== 'rules' || typeof i !== 'number' || i >= form.rules.length) return null;
  const rule = form.rules[i];
  const [list, j, a, b] = [p[3], p[4], p[5], p[6]];
  if (list === 'timeouts') return `rules.${i}.${a === 'backendRequest' ? 'timeoutBackendRequest' : 'timeoutRequest'}`;
  if (list === 'name') return `rules.${i}.ruleName`;
  if (list === 'retry') return `rules.${i}.${j === 'codes' ? 'retryCodes' : j === 'backoff' ? 'retryBackoff' : 'retryAttempts'}`;
  if (list === 'sessionPersistence') return `rules.${i}.${j === 'sessionName' ? 'sessionName' : j === 'absoluteTimeout' ? 'sessionAbsoluteTimeout' : j === 'type' ? 'sessionType' : 'sessionLifetime'}`;
  if (typeof j !== 'number') return null;
  if (list === 'matches' && j < rule.matches.length) {
    if (a === 'path') return `rules.${i}.matches.${j}.${b === 'type' ? 'pathType' : 'pathValue'}`;
    if ((a === 'headers' || a === 'queryParams') && typeof b === 'number') return `rules.${i}.matches.${j}.${a}.${b}.${p[7] === 'value' ? 'value' : 'name'}`;
    if (a === 'method') return `rules.${i}.matches.${j}.method`;
    return null;
  }
  if (list === 'backendRefs' && j < rule.backends.length) return `rules.${i}.backends.${j}.${a === 'weight' ? 'weight' : a === 'port' || a === undefined ? 'port' : 'service'}`;
  if (list === 'filters' && j < rule.filters.length) {
    const cors: Record<string, string> = { allowOrigins: 'corsAllowOrigins', allowMethods: 'corsAllowMethods', allowHeaders: 'corsAllowHeaders', exposeHeaders: 'corsExposeHeaders', maxAge: 'corsMaxAge', allowCredentials: 'corsAllowCredentials' };
    if (a === 'cors' && typeof b === 'string' && cors[b]) return `rules.${i}.filters.${j}.${cors[b]}`;
    if (a === 'requestMirror' && (b === 'percent' || b === 'fraction')) return `rules.${i}.filters.${j}.mirrorShare`;
    return `rules.${i}.filters.${j}.type`;
  }
  return null;
}

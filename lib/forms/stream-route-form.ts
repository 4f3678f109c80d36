/**
 * Form models of the route kinds beside HTTPRoute, and their lossless mappings to and from
 * the Gateway API objects: GRPCRoute (service/method and header matches, weighted backends),
 * TLSRoute (SNI hostnames, backends) and TCPRoute (backends).
 *
 * Same contract as httproute-form (whose parent, header-match and backend pieces these reuse):
 * `formTo…(form, base)` starts from a copy of `base` and writes only what the form shows,
 * matching list items by index, so filters, per-backend fields, unknown fields and status
 * survive form -> YAML -> form, and an untouched form gives back an identical object.
 */
import { apiVersionOf } from '../k8s/kinds';
import {
  backendToForm,
  mapByIndex,
  nameValues,
  parentToForm,
  setList,
  splitPath,
  writeBackend,
  writeNameValues,
  writeParent,
  type BackendForm,
  type MatchType,
  type NameValueMatch,
  type ParentForm,
  type ValueRow,
} from './httproute-form';
import { arr, clone, obj, setOrDelete, str, type Obj } from './plain';

export interface GrpcMatchForm {
  /** How service and method match (the Gateway API default, Exact, is left out unless written). */
  methodType: MatchType;
  /** '' = any service (with an empty method too: no method condition at all). */
  service: string;
  /** '' = any method of the service. */
  method: string;
  headers: NameValueMatch[];
}
export interface GrpcRuleForm {
  matches: GrpcMatchForm[];
  backends: BackendForm[];
}
export interface GrpcRouteForm {
  name: string;
  parents: ParentForm[];
  hostnames: ValueRow[];
  rules: GrpcRuleForm[];
}

/** TLSRoute and TCPRoute: parents, (TLS only) SNI hostnames, and rules of backends. */
export interface StreamRuleForm {
  backends: BackendForm[];
}
export interface StreamRouteForm {
  name: string;
  parents: ParentForm[];
  /** TLSRoute's SNI hostnames; always empty for a TCPRoute (it has none). */
  hostnames: ValueRow[];
  rules: StreamRuleForm[];
}
export type StreamRouteKind = 'TLSRoute' | 'TCPRoute';

export function newRouteBase(kind: 'GRPCRoute' | StreamRouteKind, project: string): Obj {
  return { apiVersion: apiVersionOf(kind), kind, metadata: { name: '', namespace: project }, spec: {} };
}
export function emptyGrpcMatch(): GrpcMatchForm {
  return { methodType: 'Exact', service: '', method: '', headers: [] };
}
export function emptyRouteBackend(): BackendForm {
  return { service: '', port: '', weight: '' };
}
export function emptyGrpcRule(): GrpcRuleForm {
  return { matches: [emptyGrpcMatch()], backends: [emptyRouteBackend()] };
}
export function emptyStreamRule(): StreamRuleForm {
  return { backends: [emptyRouteBackend()] };
}

// ---- manifest -> form

function common(route: unknown, project: string): { name: string; parents: ParentForm[]; hostnames: ValueRow[]; rules: Obj[] } {
  const o = obj(route);
  const spec = obj(o.spec);
  return {
    name: str(obj(o.metadata).name),
    parents: arr(spec.parentRefs).map((p) => parentToForm(p, project)),
    hostnames: arr(spec.hostnames).map((h) => ({ value: str(h) })),
    rules: arr(spec.rules).map(obj),
  };
}

function grpcMatchToForm(m: unknown): GrpcMatchForm {
  const match = obj(m);
  const method = obj(match.method);
  return {
    methodType: str(method.type) === 'RegularExpression' ? 'RegularExpression' : 'Exact',
    service: str(method.service),
    method: str(method.method),
    headers: nameValues(match.headers),
  };
}

export function grpcRouteToForm(route: unknown, project: string): GrpcRouteForm {
  const c = common(route, project);
  return { ...c, rules: c.rules.map((r) => ({ matches: arr(r.matches).map(grpcMatchToForm), backends: arr(r.backendRefs).map(backendToForm) })) };
}

export function streamRouteToForm(route: unknown, project: string): StreamRouteForm {
  const c = common(route, project);
  return { ...c, rules: c.rules.map((r) => ({ backends: arr(r.backendRefs).map(backendToForm) })) };
}

// ---- form -> manifest

function writeGrpcMatch(f: GrpcMatchForm, m: Obj): Obj {
  const service = f.service.trim();
  const name = f.method.trim();
  if (!service && !name) delete m.method;
  else {
    const method = obj(m.method);
    setOrDelete(method, 'type', f.methodType, f.methodType !== 'Exact' || method.type !== undefined);
    setOrDelete(method, 'service', service, service !== '');
    setOrDelete(method, 'method', name, name !== '');
    m.method = method;
  }
  setList(m, 'headers', writeNameValues(f.headers, m.headers));
  return m;
}

/** Writes metadata.name, parentRefs, hostnames (when the kind has them) and rules via `writeRule`. */
function writeRoute<R>(form: { name: string; parents: ParentForm[]; hostnames: ValueRow[]; rules: R[] }, base: unknown, project: string, hostnames: boolean, writeRule: (r: R, rule: Obj) => Obj): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  meta.name = form.name;
  setList(spec, 'parentRefs', mapByIndex(form.parents, spec.parentRefs, (p, ref) => writeParent(p, ref, project)));
  if (hostnames) setList(spec, 'hostnames', form.hostnames.map((h) => h.value.trim()));
  setList(spec, 'rules', mapByIndex(form.rules, spec.rules, writeRule));
  out.metadata = meta;
  out.spec = spec;
  return out;
}

export function formToGrpcRoute(form: GrpcRouteForm, base: unknown, project: string): Obj {
  return writeRoute(form, base, project, true, (r, rule) => {
    setList(rule, 'matches', mapByIndex(r.matches, rule.matches, writeGrpcMatch));
    setList(rule, 'backendRefs', mapByIndex(r.backends, rule.backendRefs, writeBackend));
    return rule;
  });
}

export function formToStreamRoute(form: StreamRouteForm, base: unknown, project: string): Obj {
  const kind = str(obj(base).kind);
  return writeRoute(form, base, project, kind !== 'TCPRoute', (r, rule) => {
    setList(rule, 'backendRefs', mapByIndex(r.backends, rule.backendRefs, writeBackend));
    return rule;
  });
}

// ---- server field paths -> form fields

type Common = { parents: ParentForm[]; hostnames: ValueRow[] };

function commonField(p: (string | number)[], form: Common): string | null | undefined {
  if (p[0] === 'metadata') return p[1] === 'name' ? 'name' : null;
  if (p[0] !== 'spec') return null;
  const i = p[2];
  if (p[1] === 'hostnames') return typeof i === 'number' && i < form.hostnames.length ? `hostnames.${i}.value` : null;
  if (p[1] === 'parentRefs') return typeof i === 'number' && i < form.parents.length ? `parents.${i}.${p[3] === 'sectionName' ? 'sectionName' : 'gateway'}` : null;
  return undefined; // a rule path: the kind's own
}

function backendField(i: number, p: (string | number)[], backends: BackendForm[]): string | null {
  const [j, a] = [p[4], p[5]];
  if (typeof j !== 'number' || j >= backends.length) return null;
  return `rules.${i}.backends.${j}.${a === 'weight' ? 'weight' : a === 'name' ? 'service' : 'port'}`;
}

/** Form field for a Kubernetes field path of a GRPCRoute, or null when the form does not show it. */
export function grpcRouteFieldToFormField(field: string, form: GrpcRouteForm): string | null {
  const p = splitPath(field);
  const c = commonField(p, form);
  if (c !== undefined) return c;
  const i = p[2];
  if (p[1] !== 'rules' || typeof i !== 'number' || i >= form.rules.length) return null;
  if (p[3] === 'backendRefs') return backendField(i, p, form.rules[i].backends);
  const [j, a, b] = [p[4], p[5], p[6]];
  if (p[3] !== 'matches' || typeof j !== 'number' || j >= form.rules[i].matches.length) return null;
  const base = `rules.${i}.matches.${j}`;
  if (a === 'method') return `${base}.${b === 'method' ? 'method' : b === 'type' ? 'methodType' : 'service'}`;
  if (a === 'headers' && typeof b === 'number' && b < form.rules[i].matches[j].headers.length) return `${base}.headers.${b}.${p[7] === 'value' ? 'value' : p[7] === 'type' ? 'type' : 'name'}`;
  return null;
}

/** Form field for a Kubernetes field path of a TLSRoute or TCPRoute, or null when the form does not show it. */
export function streamRouteFieldToFormField(field: string, form: StreamRouteForm): string | null {
  const p = splitPath(field);
  const c = commonField(p, form);
  if (c !== undefined) return c;
  const i = p[2];
  if (p[1] !== 'rules' || typeof i !== 'number' || i >= form.rules.length) return null;
  if (p[3] === 'backendRefs') return backendField(i, p, form.rules[i].backends);
  return p[3] === undefined ? `rules.${i}.backends` : null;
}

/**
 * The route wizard's form model and its lossless mapping to and from an Ingress.
 *
 * Contract: the form edits only the fields it shows. `formToIngress(form, base)` starts from
 * a deep copy of `base` and writes only those fields, so everything else (unknown fields such
 * as `spec.foo`, `status`, `resourceVersion`, hidden annotations, extra keys inside rules and
 * paths) survives form -> YAML -> form. Order of existing keys, annotations, labels and TLS
 * hosts is kept so an untouched form produces an identical object.
 */
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION, INGRESS_CLASS } from '../defaults';
import { apiVersionOf } from '../k8s/kinds';
import { arr, clone, obj, setOrDelete, str, stringMap, type Obj } from './plain';

export const PATH_TYPES = ['Prefix', 'Exact', 'ImplementationSpecific'] as const;
export type PathType = (typeof PATH_TYPES)[number];
export type Protocol = 'http' | 'https';

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface PathForm {
  path: string;
  pathType: PathType;
  /** Backend Service name in the project. */
  service: string;
  /** Service port: a number ("8080") or a port name ("http"). */
  port: string;
}

export interface RuleForm {
  /** Host name, wildcard allowed ("*.example.com"); empty matches every host. */
  host: string;
  protocol: Protocol;
  /** TLS Secret for https rules. */
  tlsSecret: string;
  paths: PathForm[];
}

export interface BackendForm {
  service: string;
  port: string;
}

export interface IngressForm {
  name: string;
  alias: string;
  description: string;
  rules: RuleForm[];
  /** Used when no rule matches; required when there are no rules. Empty service = none. */
  defaultBackend: BackendForm;
  /** Annotations except alias, description and hidden bookkeeping ones. */
  annotations: KeyValueRow[];
  labels: KeyValueRow[];
}

/** Annotations the form never shows (managed by tools), always kept from the base object. */
export const HIDDEN_ANNOTATIONS: readonly string[] = ['kubectl.kubernetes.io/last-applied-configuration'];

/** A blank Ingress the wizard starts from. */
export function newIngressBase(project: string): Obj {
  return {
    apiVersion: apiVersionOf('Ingress'),
    kind: 'Ingress',
    metadata: { name: '', namespace: project },
    spec: { ingressClassName: INGRESS_CLASS },
  };
}

export function emptyPath(): PathForm {
  return { path: '/', pathType: 'Prefix', service: '', port: '' };
}
export function emptyRule(): RuleForm {
  return { host: '', protocol: 'http', tlsSecret: '', paths: [emptyPath()] };
}

function backendToForm(backend: unknown): BackendForm {
  const service = obj(obj(backend).service);
  const port = obj(service.port);
  return { service: str(service.name), port: port.number !== undefined ? str(port.number) : str(port.name) };
}

/** Host -> TLS secret name, from spec.tls (first entry naming the host wins). */
function tlsSecretsByHost(tls: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of arr(tls)) {
    const e = obj(entry);
    for (const h of arr(e.hosts)) {
      const host = str(h);
      if (!out.has(host)) out.set(host, str(e.secretName));
    }
  }
  return out;
}

export function ingressToForm(ingress: unknown): IngressForm {
  const o = obj(ingress);
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const annotations = stringMap(meta.annotations);
  const secrets = tlsSecretsByHost(spec.tls);
  const rules: RuleForm[] = arr(spec.rules).map((r) => {
    const rule = obj(r);
    const host = str(rule.host);
    const secret = host !== '' ? secrets.get(host) : undefined;
    return {
      host,
      protocol: secret !== undefined ? 'https' : 'http',
      tlsSecret: secret ?? '',
      paths: arr(obj(rule.http).paths).map((p) => {
        const path = obj(p);
        const backend = backendToForm(path.backend);
        return {
          path: str(path.path),
          pathType: (PATH_TYPES as readonly string[]).includes(str(path.pathType))
            ? (str(path.pathType) as PathType)
            : 'Prefix',
          service: backend.service,
          port: backend.port,
        };
      }),
    };
  });
  return {
    name: str(meta.name),
    alias: annotations[ANNOTATION_ALIAS] ?? '',
    description: annotations[ANNOTATION_DESCRIPTION] ?? '',
    rules,
    defaultBackend: backendToForm(spec.defaultBackend),
    annotations: Object.entries(annotations)
      .filter(([k]) => k !== ANNOTATION_ALIAS && k !== ANNOTATION_DESCRIPTION && !HIDDEN_ANNOTATIONS.includes(k))
      .map(([key, value]) => ({ key, value })),
    labels: Object.entries(stringMap(meta.labels)).map(([key, value]) => ({ key, value })),
  };
}

function portRef(port: string): Obj {
  const p = port.trim();
  return /^\d+$/.test(p) ? { number: Number(p) } : { name: p };
}

/** Writes service name and port into a backend, keeping other keys of the base backend. */
function writeBackend(base: unknown, form: BackendForm): Obj {
  const b = clone(obj(base));
  if (form.service === '' && b.resource !== undefined) return b; // a resource backend the form cannot show
  const service = obj(b.service);
  service.name = form.service;
  service.port = portRef(form.port);
  b.service = service;
  return b;
}

/**
 * Rebuilds a string map (annotations or labels) from rows, keeping the base's key order.
 * `keep` decides which base keys survive untouched; `overrides` are form-owned special keys.
 */
export function mergeMap(
  base: unknown,
  rows: KeyValueRow[],
  keep: (key: string) => boolean,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const fromRows = new Map<string, string>();
  for (const r of rows) if (r.key.trim() !== '') fromRows.set(r.key.trim(), r.value);
  const out: Record<string, string> = {};
  const baseMap = stringMap(base);
  for (const [k, v] of Object.entries(baseMap)) {
    if (k in overrides) {
      if (overrides[k] !== '') out[k] = overrides[k];
    } else if (keep(k)) out[k] = v;
    else if (fromRows.has(k)) out[k] = fromRows.get(k)!;
  }
  for (const [k, v] of Object.entries(overrides)) if (!(k in out) && v !== '') out[k] = v;
  for (const [k, v] of fromRows) if (!(k in out) && !(k in overrides)) out[k] = v;
  return out;
}

/**
 * spec.tls from the rules: each https rule's host goes to the entry of its secret. Hosts of
 * entries that the form does not manage (no rule, in base or form, has that host) and entries
 * without hosts (default certificate) are kept as they were.
 */
function mergeTls(baseTls: unknown, baseRules: unknown, rules: RuleForm[]): Obj[] | undefined {
  const managed = new Set<string>();
  for (const r of arr(baseRules)) if (str(obj(r).host) !== '') managed.add(str(obj(r).host));
  for (const r of rules) if (r.host !== '') managed.add(r.host);
  const wanted = new Map<string, string>(); // host -> secret
  for (const r of rules) if (r.protocol === 'https' && r.host !== '' && !wanted.has(r.host)) wanted.set(r.host, r.tlsSecret);

  const placed = new Set<string>();
  const out: Obj[] = [];
  for (const entry of arr(baseTls)) {
    const e = clone(obj(entry));
    const hadHosts = arr(e.hosts).length > 0;
    const hosts = arr(e.hosts)
      .map(str)
      .filter((h) => !managed.has(h) || (wanted.get(h) === str(e.secretName) && !placed.has(h)));
    hosts.forEach((h) => placed.add(h));
    for (const [h, secret] of wanted) {
      if (!placed.has(h) && secret === str(e.secretName)) {
        hosts.push(h);
        placed.add(h);
      }
    }
    if (hadHosts && hosts.length === 0) continue;
    if (hadHosts || hosts.length > 0) e.hosts = hosts;
    out.push(e);
  }
  const bySecret = new Map<string, string[]>();
  for (const [h, secret] of wanted) {
    if (placed.has(h)) continue;
    bySecret.set(secret, [...(bySecret.get(secret) ?? []), h]);
  }
  for (const [secretName, hosts] of bySecret) out.push({ hosts, secretName });
  return out.length > 0 ? out : undefined;
}

export function formToIngress(form: IngressForm, base: unknown): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  const baseRules = arr(spec.rules);

  meta.name = form.name;
  const annotations = mergeMap(
    meta.annotations,
    form.annotations,
    (k) => HIDDEN_ANNOTATIONS.includes(k),
    { [ANNOTATION_ALIAS]: form.alias.trim(), [ANNOTATION_DESCRIPTION]: form.description.trim() },
  );
  setOrDelete(meta, 'annotations', annotations, Object.keys(annotations).length > 0 || (meta.annotations !== undefined && Object.keys(obj(meta.annotations)).length === 0));
  const labels = mergeMap(meta.labels, form.labels, () => false);
  setOrDelete(meta, 'labels', labels, Object.keys(labels).length > 0 || (meta.labels !== undefined && Object.keys(obj(meta.labels)).length === 0));

  const rules = form.rules.map((r, i) => {
    const rule = clone(obj(baseRules[i]));
    setOrDelete(rule, 'host', r.host.trim(), r.host.trim() !== '');
    const http = clone(obj(rule.http));
    const basePaths = arr(http.paths);
    if (r.paths.length > 0 || rule.http !== undefined) {
      http.paths = r.paths.map((p, j) => {
        const path = clone(obj(basePaths[j]));
        setOrDelete(path, 'path', p.path, p.path !== '' || path.path !== undefined);
        path.pathType = p.pathType;
        path.backend = writeBackend(path.backend, { service: p.service, port: p.port });
        return path;
      });
      rule.http = http;
    }
    return rule;
  });
  setOrDelete(spec, 'rules', rules, rules.length > 0 || spec.rules !== undefined);

  const hasDefault = form.defaultBackend.service.trim() !== '';
  if (hasDefault) spec.defaultBackend = writeBackend(spec.defaultBackend, form.defaultBackend);
  else if (obj(spec.defaultBackend).resource === undefined) delete spec.defaultBackend;

  const tls = mergeTls(spec.tls, baseRules, form.rules);
  setOrDelete(spec, 'tls', tls, tls !== undefined);

  out.metadata = meta;
  out.spec = spec;
  return out;
}

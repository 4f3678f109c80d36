/**
 * The Gateway form of the admin Gateways page and its lossless mapping to and from a Gateway
 * API Gateway: class, and per listener name, protocol, port, hostname, TLS mode with
 * certificate Secrets of the Gateway's namespace, and allowedRoutes (namespaces From
 * All/Same/Selector with match labels, route kinds).
 *
 * Same contract as the route forms: `formToGateway(form, base)` starts from a copy of `base`
 * and writes only what the form shows, listeners matched by index, so addresses, infrastructure,
 * TLS options, selector expressions, certificate namespaces and status survive.
 */
import { apiVersionOf, GATEWAY_GROUP } from '../k8s/kinds';
import { mapByIndex, setList } from './httproute-form';
import { arr, clone, obj, setOrDelete, str, type Obj } from './plain';

/** The protocols the form offers (gRPC rides HTTP/2 on HTTP and HTTPS listeners); another stored protocol is kept and shown. */
export const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP'] as const;
export const TLS_MODES = ['Terminate', 'Passthrough'] as const;
export const ROUTES_FROM = ['Same', 'All', 'Selector'] as const;
/** Route kinds a listener may admit, in the Gateway API group. */
export const ROUTE_KIND_NAMES = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'] as const;

export interface ListenerForm {
  name: string;
  protocol: string;
  port: string;
  /** '' = any host (always '' for TCP). */
  hostname: string;
  /** '' = no tls block (HTTP, TCP). */
  tlsMode: '' | (typeof TLS_MODES)[number];
  /** Secrets (kubernetes.io/tls) of the Gateway's namespace, by name. */
  certificates: { name: string }[];
  from: (typeof ROUTES_FROM)[number];
  /** Selector's matchLabels as `key=value` lines joined by commas. */
  selector: string;
  /** Route kinds admitted; empty = the protocol's defaults. */
  kinds: string[];
}
export interface GatewayForm {
  namespace: string;
  name: string;
  gatewayClassName: string;
  listeners: ListenerForm[];
}

export function emptyListener(protocol: string = 'HTTP'): ListenerForm {
  const tls = protocol === 'HTTPS' || protocol === 'TLS';
  return {
    name: protocol.toLowerCase(),
    protocol,
    port: protocol === 'HTTPS' ? '443' : protocol === 'HTTP' ? '80' : '',
    hostname: '',
    tlsMode: tls ? (protocol === 'TLS' ? 'Passthrough' : 'Terminate') : '',
    certificates: [],
    from: 'Same',
    selector: '',
    kinds: [],
  };
}

export function newGatewayBase(namespace: string): Obj {
  return { apiVersion: apiVersionOf('Gateway'), kind: 'Gateway', metadata: { name: '', namespace }, spec: {} };
}

// ---- manifest -> form

/** `a=1, b=2` from matchLabels, in their stored order. */
export function labelsToText(labels: unknown): string {
  return Object.entries(obj(labels))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(', ');
}

/** matchLabels from `a=1, b=2`; entries without "=" are returned in `bad` for the schema's message. */
export function textToLabels(text: string): { labels: Record<string, string>; bad: string[] } {
  const labels: Record<string, string> = {};
  const bad: string[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) bad.push(part);
    else labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { labels, bad };
}

export function listenerToForm(l: unknown): ListenerForm {
  const listener = obj(l);
  const tls = listener.tls === undefined ? undefined : obj(listener.tls);
  const allowed = obj(listener.allowedRoutes);
  const namespaces = obj(allowed.namespaces);
  const from = str(namespaces.from);
  const mode = str(tls?.mode);
  return {
    name: str(listener.name),
    protocol: str(listener.protocol),
    port: str(listener.port),
    hostname: str(listener.hostname),
    tlsMode: tls === undefined ? '' : mode === 'Passthrough' ? 'Passthrough' : 'Terminate',
    certificates: arr(tls?.certificateRefs).map((c) => ({ name: str(obj(c).name) })),
    from: from === 'All' || from === 'Selector' ? from : 'Same',
    selector: labelsToText(obj(namespaces.selector).matchLabels),
    kinds: arr(allowed.kinds).map((k) => str(obj(k).kind)),
  };
}

export function gatewayToForm(gateway: unknown): GatewayForm {
  const g = obj(gateway);
  const meta = obj(g.metadata);
  const spec = obj(g.spec);
  return { namespace: str(meta.namespace), name: str(meta.name), gatewayClassName: str(spec.gatewayClassName), listeners: arr(spec.listeners).map(listenerToForm) };
}

// ---- form -> manifest

function numberOrText(v: string): number | string {
  return /^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim();
}

function writeTls(f: ListenerForm, base: unknown): Obj | undefined {
  if (f.tlsMode === '') return undefined;
  const tls = clone(obj(base));
  // An omitted mode means Terminate: keep it omitted while it still is.
  setOrDelete(tls, 'mode', f.tlsMode, f.tlsMode !== 'Terminate' || tls.mode !== undefined);
  const refs = f.tlsMode === 'Passthrough' ? [] : mapByIndex(f.certificates, tls.certificateRefs, (c, ref) => ({ ...ref, name: c.name.trim() }));
  setList(tls, 'certificateRefs', refs);
  return tls;
}

function writeAllowedRoutes(f: ListenerForm, base: unknown): Obj | undefined {
  const allowed = clone(obj(base));
  const namespaces = obj(allowed.namespaces);
  setOrDelete(namespaces, 'from', f.from, f.from !== 'Same' || namespaces.from !== undefined);
  if (f.from === 'Selector') {
    const selector = obj(namespaces.selector);
    const { labels } = textToLabels(f.selector);
    setOrDelete(selector, 'matchLabels', labels, Object.keys(labels).length > 0);
    namespaces.selector = selector;
  } else delete namespaces.selector;
  setOrDelete(allowed, 'namespaces', namespaces, Object.keys(namespaces).length > 0);
  const baseKinds = arr(allowed.kinds).map(obj);
  const kinds = f.kinds.map((kind) => baseKinds.find((k) => str(k.kind) === kind) ?? { group: GATEWAY_GROUP, kind });
  setList(allowed, 'kinds', kinds);
  return Object.keys(allowed).length > 0 || base !== undefined ? allowed : undefined;
}

export function writeListener(f: ListenerForm, l: Obj): Obj {
  l.name = f.name.trim();
  l.protocol = f.protocol;
  setOrDelete(l, 'port', numberOrText(f.port), f.port.trim() !== '');
  setOrDelete(l, 'hostname', f.hostname.trim(), f.hostname.trim() !== '');
  const tls = writeTls(f, l.tls);
  setOrDelete(l, 'tls', tls, tls !== undefined);
  const allowed = writeAllowedRoutes(f, l.allowedRoutes);
  setOrDelete(l, 'allowedRoutes', allowed, allowed !== undefined);
  return l;
}

export function formToGateway(form: GatewayForm, base: unknown): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  meta.name = form.name.trim();
  meta.namespace = form.namespace.trim();
  spec.gatewayClassName = form.gatewayClassName.trim();
  setList(spec, 'listeners', mapByIndex(form.listeners, spec.listeners, writeListener));
  out.metadata = meta;
  out.spec = spec;
  return out;
}

/** Form field for a Kubernetes field path of a Gateway, or null when the form does not show it. */
export function gatewayFieldToFormField(field: string, form: GatewayForm): string | null {
  const p = field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  if (p[0] === 'metadata') return p[1] === 'name' ? 'name' : p[1] === 'namespace' ? 'namespace' : null;
  if (p[0] !== 'spec') return null;
  if (p[1] === 'gatewayClassName') return 'gatewayClassName';
  if (p[1] !== 'listeners') return null;
  const i = Number(p[2]);
  if (!Number.isInteger(i) || i >= form.listeners.length) return p[2] === undefined ? 'listeners' : null;
  const l = `listeners.${i}`;
  switch (p[3]) {
    case 'name':
    case 'port':
    case 'hostname':
    case 'protocol':
      return `${l}.${p[3]}`;
    case 'tls':
      return p[4] === 'certificateRefs' ? `${l}.certificates` : `${l}.tlsMode`;
    case 'allowedRoutes':
      return p[4] === 'kinds' ? `${l}.kinds` : p[5] === 'selector' ? `${l}.selector` : `${l}.from`;
    default:
      return null;
  }
}

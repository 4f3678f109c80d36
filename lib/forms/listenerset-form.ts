/**
 * The ListenerSet form (GEP-1713: a project's own listeners on a shared Gateway that admits it)
 * and its lossless mapping to and from the manifest: the parent Gateway and, per listener, name,
 * hostname, port, protocol (HTTP/HTTPS) and the certificate Secret of the project. The listener
 * mapping is the Gateway form's (gateway-form), so allowedRoutes, TLS options and a second
 * certificate survive; `formToListenerSet(form, base)` writes only what the form shows.
 */
import { z } from 'zod';
import { apiVersionOf } from '../k8s/kinds';
import { gatewayHostnameErrors } from '../k8s/validation/gateway';
import { isDNS1123Subdomain, isValidPortNum } from '../k8s/validation/primitives';
import { emptyListener, listenerToForm, writeListener, type ListenerForm } from './gateway-form';
import { mapByIndex, setList } from './httproute-form';
import { arr, clone, obj, setOrDelete, str, type Obj } from './plain';

/** The protocols a ListenerSet listener may have in the form (the gateway serves these on a shared Gateway). */
export const LISTENER_SET_PROTOCOLS = ['HTTPS', 'HTTP'] as const;
export const MAX_LISTENERS = 64;

export interface ListenerSetForm {
  name: string;
  /** The parent Gateway as "namespace/name". */
  parent: string;
  listeners: ListenerForm[];
}

export function newListenerSetBase(project: string): Obj {
  return { apiVersion: apiVersionOf('ListenerSet'), kind: 'ListenerSet', metadata: { name: '', namespace: project }, spec: {} };
}

/** A new listener: HTTPS on 443 (the shared Gateway's port), its host and certificate to fill in. */
export function emptySetListener(protocol: (typeof LISTENER_SET_PROTOCOLS)[number] = 'HTTPS'): ListenerForm {
  return { ...emptyListener(protocol), name: protocol.toLowerCase() };
}

export function listenerSetToForm(o: unknown, project: string): ListenerSetForm {
  const ls = obj(o);
  const spec = obj(ls.spec);
  const parent = obj(spec.parentRef);
  return {
    name: str(obj(ls.metadata).name),
    parent: spec.parentRef === undefined ? '' : `${str(parent.namespace) || project}/${str(parent.name)}`,
    listeners: arr(spec.listeners).map(listenerToForm),
  };
}

export function formToListenerSet(form: ListenerSetForm, base: unknown, project: string): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  meta.name = form.name.trim();
  const ref = clone(obj(spec.parentRef));
  const slash = form.parent.indexOf('/');
  const ns = slash >= 0 ? form.parent.slice(0, slash) : project;
  ref.name = slash >= 0 ? form.parent.slice(slash + 1) : form.parent.trim();
  setOrDelete(ref, 'namespace', ns, ns !== project || ref.namespace !== undefined);
  spec.parentRef = ref;
  setList(spec, 'listeners', mapByIndex(form.listeners, spec.listeners, writeListener));
  out.metadata = meta;
  out.spec = spec;
  return out;
}

/** Form field for an API field path of a ListenerSet, or null when the form does not show it. */
export function listenerSetFieldToFormField(field: string, form: ListenerSetForm): string | null {
  const p = field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  if (p[0] === 'metadata') return p[1] === 'name' ? 'name' : null;
  if (p[0] !== 'spec') return null;
  if (p[1] === 'parentRef') return 'parent';
  if (p[1] !== 'listeners') return null;
  const i = Number(p[2]);
  if (!Number.isInteger(i) || i >= form.listeners.length) return 'listeners';
  if (p[3] === 'tls') return `listeners.${i}.certificates`;
  return ['name', 'port', 'hostname', 'protocol'].includes(p[3] ?? '') ? `listeners.${i}.${p[3]}` : `listeners.${i}.name`;
}

// ---- schema

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
const check = (ctx: Ctx, path: (string | number)[], value: string, errs: string[]) => {
  if (errs.length) issue(ctx, path, `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`);
};

const listener = z.object({
  name: z.string().max(253),
  protocol: z.string().max(255),
  port: z.string().max(16),
  hostname: z.string().max(253),
  tlsMode: z.enum(['', 'Terminate', 'Passthrough']),
  certificates: z.array(z.object({ name: z.string().max(253) })).max(64),
  from: z.enum(['Same', 'All', 'Selector']),
  selector: z.string().max(4096),
  kinds: z.array(z.string().max(63)).max(8),
});

/**
 * The CRD's listener rules plus what the gateway needs of a project's listener on a shared
 * Gateway: a hostname (a foreign set may not take every host) and, for HTTPS, a certificate.
 */
export const listenerSetFormSchema = z
  .object({ name: z.string().max(253), parent: z.string().max(317), listeners: z.array(listener) })
  .superRefine((form, ctx) => {
    if (!form.name.trim()) issue(ctx, ['name'], 'Required value: give the ListenerSet a name');
    else check(ctx, ['name'], form.name.trim(), isDNS1123Subdomain(form.name.trim()));
    if (!form.parent.trim() || form.parent.endsWith('/')) issue(ctx, ['parent'], 'Required value: choose the shared Gateway to attach to');
    if (form.listeners.length === 0) issue(ctx, ['listeners'], 'Required value: add a listener');
    if (form.listeners.length > MAX_LISTENERS) issue(ctx, ['listeners'], `Too many: ${form.listeners.length}: must have at most ${MAX_LISTENERS} items`);
    const names = new Set<string>();
    const combos = new Set<string>();
    form.listeners.forEach((l, i) => {
      const lp = ['listeners', i];
      const name = l.name.trim();
      if (!name) issue(ctx, [...lp, 'name'], 'Required value: name the listener');
      else {
        check(ctx, [...lp, 'name'], name, isDNS1123Subdomain(name));
        if (names.has(name)) issue(ctx, [...lp, 'name'], `Duplicate value: ${JSON.stringify(name)}`);
        names.add(name);
      }
      if (!(LISTENER_SET_PROTOCOLS as readonly string[]).includes(l.protocol)) issue(ctx, [...lp, 'protocol'], `Unsupported value: ${JSON.stringify(l.protocol)}: supported values: "HTTPS", "HTTP"`);
      const port = l.port.trim();
      if (!/^\d+$/.test(port)) issue(ctx, [...lp, 'port'], port ? `Invalid value: ${JSON.stringify(port)}: must be a port number` : 'Required value: enter the port');
      else check(ctx, [...lp, 'port'], port, isValidPortNum(Number(port)));
      const host = l.hostname.trim();
      if (!host) issue(ctx, [...lp, 'hostname'], "Required value: a project's listener on a shared Gateway needs its own hostname");
      else check(ctx, [...lp, 'hostname'], host, gatewayHostnameErrors(host));
      const combo = `${port}/${l.protocol}/${host}`;
      if (combos.has(combo)) issue(ctx, [...lp, 'hostname'], 'Another listener has the same port, protocol and hostname');
      combos.add(combo);
      if (l.protocol === 'HTTPS' && !l.certificates.some((c) => c.name.trim())) issue(ctx, [...lp, 'certificates'], 'Required value: choose the TLS Secret (certificate) this listener serves');
    });
  }) satisfies z.ZodType<ListenerSetForm>;

/** Keeps the TLS block in step with the protocol when the user switches it in the form. */
export function withProtocol(l: ListenerForm, protocol: (typeof LISTENER_SET_PROTOCOLS)[number]): ListenerForm {
  const https = protocol === 'HTTPS';
  return { ...l, protocol, tlsMode: https ? 'Terminate' : '', certificates: https ? l.certificates : [], port: l.port === (https ? '80' : '443') || l.port === '' ? (https ? '443' : '80') : l.port };
}

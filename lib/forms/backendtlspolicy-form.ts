/**
 * The BackendTLSPolicy form of the Service page (how the gateway verifies a Service's TLS
 * certificate) and its lossless mapping: CA from a ConfigMap or Secret of the project, or the
 * well-known System CAs; the hostname (SNI and the name checked); Hostname/URI subjectAltNames.
 * A new policy targets the Service; an existing one keeps its targetRefs, options and any
 * second CA reference untouched (the form edits the first).
 */
import { z } from 'zod';
import { apiVersionOf } from '../k8s/kinds';
import { validateBackendTLSPolicy } from '../k8s/validation/gateway';
import { isDNS1123Subdomain } from '../k8s/validation/primitives';
import { mapByIndex, setList } from './httproute-form';
import { arr, clone, obj, str, type Obj } from './plain';

export const CA_SOURCES = ['ConfigMap', 'Secret', 'System'] as const;
export type CaSource = (typeof CA_SOURCES)[number];

export interface BackendTlsForm {
  name: string;
  caSource: CaSource;
  /** ConfigMap or Secret name (ca.crt) when caSource is not System. */
  caName: string;
  hostname: string;
  /** subjectAltNames, one per row: a hostname, or a URI (has "://"). */
  sans: { value: string }[];
}

export function newBackendTlsBase(project: string, service: string): Obj {
  return { apiVersion: apiVersionOf('BackendTLSPolicy'), kind: 'BackendTLSPolicy', metadata: { name: '', namespace: project }, spec: { targetRefs: [{ group: '', kind: 'Service', name: service }] } };
}

export function emptyBackendTlsForm(service: string): BackendTlsForm {
  return { name: `${service}-tls`.slice(0, 253), caSource: 'System', caName: '', hostname: '', sans: [] };
}

export function backendTlsToForm(o: unknown): BackendTlsForm {
  const p = obj(o);
  const v = obj(obj(p.spec).validation);
  const ca = obj(arr(v.caCertificateRefs)[0]);
  const kind = str(ca.kind);
  return {
    name: str(obj(p.metadata).name),
    caSource: v.caCertificateRefs !== undefined ? (kind === 'Secret' ? 'Secret' : 'ConfigMap') : 'System',
    caName: str(ca.name),
    hostname: str(v.hostname),
    sans: arr(v.subjectAltNames).map((s) => ({ value: str(obj(s).type) === 'URI' ? str(obj(s).uri) : str(obj(s).hostname) })),
  };
}

const isUri = (v: string) => v.includes('://');

export function formToBackendTls(form: BackendTlsForm, base: unknown): Obj {
  const out = clone(obj(base));
  const meta = clone(obj(out.metadata));
  const spec = clone(obj(out.spec));
  const v = clone(obj(spec.validation));
  meta.name = form.name.trim();
  if (form.caSource === 'System') {
    v.wellKnownCACertificates = 'System';
    delete v.caCertificateRefs;
  } else {
    delete v.wellKnownCACertificates;
    const refs = arr(v.caCertificateRefs).map(obj);
    const first = { ...(refs[0] ?? {}), group: '', kind: form.caSource, name: form.caName.trim() };
    v.caCertificateRefs = [first, ...refs.slice(1)];
  }
  v.hostname = form.hostname.trim();
  setList(
    v,
    'subjectAltNames',
    mapByIndex(form.sans, v.subjectAltNames, (s, item) => {
      const value = s.value.trim();
      const next: Obj = { ...item, type: isUri(value) ? 'URI' : 'Hostname' };
      delete next.hostname;
      delete next.uri;
      next[isUri(value) ? 'uri' : 'hostname'] = value;
      return next;
    }),
  );
  spec.validation = v;
  out.metadata = meta;
  out.spec = spec;
  return out;
}

/** The CRD's rules (lib/k8s) on the form's fields, plus "choose a CA object" in the form's words. */
export const backendTlsFormSchema = z
  .object({
    name: z.string().max(253),
    caSource: z.enum(CA_SOURCES),
    caName: z.string().max(253),
    hostname: z.string().max(253),
    sans: z.array(z.object({ value: z.string().max(2048) })).max(5),
  })
  .superRefine((form, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!form.name.trim()) issue(['name'], 'Required value: give the policy a name');
    else for (const m of isDNS1123Subdomain(form.name.trim())) issue(['name'], `Invalid value: ${JSON.stringify(form.name.trim())}: ${m}`);
    if (form.caSource !== 'System' && !form.caName.trim()) issue(['caName'], `Required value: choose the ${form.caSource} that holds the CA certificate (ca.crt)`);
    if (!form.hostname.trim()) issue(['hostname'], 'Required value: the name the backend certificate must carry (also sent as SNI)');
    form.sans.forEach((s, i) => {
      if (!s.value.trim()) issue(['sans', i, 'value'], 'Required value: enter a name or remove the row');
    });
    const causes = validateBackendTLSPolicy(formToBackendTls(form, { spec: { targetRefs: [{ group: '', kind: 'Service', name: 'x' }] } }));
    for (const c of causes) {
      const f = c.field;
      const san = /subjectAltNames\[(\d+)\]/.exec(f);
      if (f.endsWith('validation.hostname')) {
        if (form.hostname.trim()) issue(['hostname'], c.message);
      } else if (san) {
        // an empty row already says "Required"
        if (form.sans[Number(san[1])]?.value.trim()) issue(['sans', Number(san[1]), 'value'], c.message);
      }
      else if (f.includes('subjectAltNames')) issue(['sans'], c.message);
    }
  }) satisfies z.ZodType<BackendTlsForm>;

/** Form field for an API field path of a BackendTLSPolicy, or null when the form does not show it. */
export function backendTlsFieldToFormField(field: string): string | null {
  if (field === 'metadata.name') return 'name';
  if (field.includes('validation.hostname')) return 'hostname';
  if (field.includes('caCertificateRefs')) return 'caName';
  const san = /subjectAltNames\[(\d+)\]/.exec(field);
  if (san) return `sans.${san[1]}.value`;
  return null;
}

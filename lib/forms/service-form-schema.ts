/**
 * Validation of the Service wizard: the zod schema of the form (issue paths are form paths,
 * `ports.0.nodePort`) and `serviceObjectErrors`, run by the server action and the YAML/JSON
 * mode on the object itself. The API's Service rules (nodePort range, affinity timeout, source
 * ranges, traffic policies, appProtocol) have one home, lib/k8s/validation/service-rules.ts,
 * which the dev cluster also enforces: the form, the console and kubectl say the same thing.
 */
import { z } from 'zod';
import type { FieldCause } from '../k8s/causes';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from '../k8s/validation/primitives';
import { affinityTimeoutErrors, appProtocolErrors, cidrErrors, MAX_SOURCE_RANGES, nodePortErrors, validateServiceRules } from '../k8s/validation/service-rules';
import { ALIAS_MAX, DESCRIPTION_MAX } from './ingress-form-schema';
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '../defaults';
import { PROTOCOLS, SERVICE_TYPES, sourceRangesOf, type ServiceForm } from './service-form';
import { obj } from './plain';
import { splitK8sPath } from './field-paths';

export { affinityTimeoutErrors, appProtocolErrors, cidrErrors, MAX_SOURCE_RANGES, nodePortErrors };

/** Bounds on what one form may hold (every input has a size bound). */
export const MAX_PORTS = 100;
export const MAX_ROWS = 100;

/** Target port: a number 1-65535 or a container port name. */
export function targetPortErrors(v: string): string[] {
  return /^\d+$/.test(v) ? isValidPortNum(Number(v)) : isValidPortName(v);
}

const msg = (value: string, errs: string[]) => `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`;

function check(ctx: z.RefinementCtx, path: (string | number)[], value: string, errs: string[]): void {
  if (errs.length > 0) ctx.addIssue({ code: 'custom', path, message: msg(value, errs) });
}
function need(ctx: z.RefinementCtx, path: (string | number)[], what: string): void {
  ctx.addIssue({ code: 'custom', path, message: `Required value: ${what}` });
}

const rowSchema = z.object({ key: z.string().max(317), value: z.string().max(64 * 1024) });
const policy = z.enum(['', 'Cluster', 'Local']);
const portSchema = z.object({
  name: z.string().max(63),
  port: z.string().max(10),
  targetPort: z.string().max(63),
  protocol: z.enum(PROTOCOLS),
  appProtocol: z.string().max(317),
  nodePort: z.string().max(10),
});

function checkRows(ctx: z.RefinementCtx, field: 'annotations' | 'labels' | 'selector', rows: ServiceForm['labels']): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (key === '') {
      if (row.value !== '') need(ctx, [field, i, 'key'], 'give the value a key');
      return;
    }
    check(ctx, [field, i, 'key'], key, isQualifiedName(key));
    if (field !== 'annotations') check(ctx, [field, i, 'value'], row.value, isValidLabelValue(row.value));
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [field, i, 'key'], message: `Duplicate value: ${JSON.stringify(key)}` });
    seen.add(key);
  });
}

export const serviceFormSchema = z
  .object({
    name: z.string().max(253),
    alias: z.string().trim().max(ALIAS_MAX, `Too long: may not be more than ${ALIAS_MAX} characters`),
    description: z.string().trim().max(DESCRIPTION_MAX, `Too long: may not be more than ${DESCRIPTION_MAX} characters`),
    type: z.enum(SERVICE_TYPES),
    externalName: z.string().max(253),
    ports: z.array(portSchema).max(MAX_PORTS, `Too many: may not have more than ${MAX_PORTS} ports`),
    endpointsMode: z.enum(['selector', 'manual']),
    selector: z.array(rowSchema).max(MAX_ROWS),
    sessionAffinity: z.enum(['None', 'ClientIP']),
    sessionAffinityTimeout: z.string().max(10),
    externalTrafficPolicy: policy,
    internalTrafficPolicy: policy,
    loadBalancerSourceRanges: z.string().max(MAX_SOURCE_RANGES * 44),
    annotations: z.array(rowSchema).max(MAX_ROWS),
    labels: z.array(rowSchema).max(MAX_ROWS),
  })
  .superRefine((f, ctx) => {
    const name = f.name.trim();
    if (name === '') need(ctx, ['name'], 'give the service a name');
    // Service names are DNS-1035 labels (they become DNS names and environment variables).
    else check(ctx, ['name'], name, isDNS1035Label(name));

    if (f.type === 'ExternalName') {
      const ext = f.externalName.trim().replace(/\.$/, '');
      if (ext === '') need(ctx, ['externalName'], 'the DNS name this service stands for, e.g. db.example.com');
      else check(ctx, ['externalName'], f.externalName, isDNS1123Subdomain(ext));
    } else if (f.ports.length === 0 && f.type !== 'Headless') {
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'Required value: add at least one port' });
    }
    const names = new Set<string>();
    const numbers = new Set<string>();
    f.ports.forEach((p, i) => {
      const pname = p.name.trim();
      if (pname === '') {
        if (f.ports.length > 1) need(ctx, ['ports', i, 'name'], 'every port needs a name when there are several');
      } else {
        // Service port names are DNS-1123 labels ("80-8080", as kubectl names them, is valid).
        check(ctx, ['ports', i, 'name'], pname, isDNS1123Label(pname));
        if (names.has(pname)) ctx.addIssue({ code: 'custom', path: ['ports', i, 'name'], message: `Duplicate value: ${JSON.stringify(pname)}` });
        names.add(pname);
      }
      const port = p.port.trim();
      if (port === '') need(ctx, ['ports', i, 'port'], 'the port the service listens on (1-65535)');
      else if (!/^\d+$/.test(port)) check(ctx, ['ports', i, 'port'], port, ['must be a number between 1 and 65535']);
      else {
        check(ctx, ['ports', i, 'port'], port, isValidPortNum(Number(port)));
        const key = `${Number(port)}/${p.protocol}`;
        if (numbers.has(key)) ctx.addIssue({ code: 'custom', path: ['ports', i, 'port'], message: `Duplicate value: ${key}` });
        numbers.add(key);
      }
      const target = p.targetPort.trim();
      if (target !== '') check(ctx, ['ports', i, 'targetPort'], target, targetPortErrors(target));
      const app = p.appProtocol.trim();
      if (app !== '') check(ctx, ['ports', i, 'appProtocol'], app, appProtocolErrors(app));
      const node = p.nodePort.trim();
      if (node !== '' && (f.type === 'NodePort' || f.type === 'LoadBalancer'))
        check(ctx, ['ports', i, 'nodePort'], node, /^\d+$/.test(node) ? nodePortErrors(Number(node)) : ['must be a number']);
    });

    if (f.type !== 'ExternalName' && f.endpointsMode === 'selector') {
      if (!f.selector.some((r) => r.key.trim() !== '')) need(ctx, ['selector'], 'add a label the pods carry, or choose manual endpoints');
      checkRows(ctx, 'selector', f.selector);
    }
    if (f.sessionAffinity === 'ClientIP' && f.type !== 'ExternalName') {
      const t = f.sessionAffinityTimeout.trim();
      if (t !== '') check(ctx, ['sessionAffinityTimeout'], t, /^\d+$/.test(t) ? affinityTimeoutErrors(Number(t)) : ['must be a number of seconds']);
    }
    if (f.type === 'LoadBalancer') {
      const ranges = sourceRangesOf(f.loadBalancerSourceRanges);
      if (ranges.length > MAX_SOURCE_RANGES) ctx.addIssue({ code: 'custom', path: ['loadBalancerSourceRanges'], message: `Too many: may not have more than ${MAX_SOURCE_RANGES} ranges` });
      for (const r of ranges) {
        const errs = cidrErrors(r);
        if (errs.length) {
          check(ctx, ['loadBalancerSourceRanges'], r, errs);
          break;
        }
      }
    }
    checkRows(ctx, 'annotations', f.annotations);
    checkRows(ctx, 'labels', f.labels);
  }) satisfies z.ZodType<ServiceForm>;

/** Which form fields each wizard step validates before Next. */
export const SERVICE_STEPS = ['Basic info', 'Type and ports', 'Selector', 'Advanced', 'Labels'] as const;
export const SERVICE_STEP_FIELDS: readonly (readonly (keyof ServiceForm)[])[] = [
  ['name', 'alias', 'description'],
  ['type', 'externalName', 'ports'],
  ['endpointsMode', 'selector'],
  ['sessionAffinity', 'sessionAffinityTimeout', 'externalTrafficPolicy', 'internalTrafficPolicy', 'loadBalancerSourceRanges', 'annotations'],
  ['labels'],
];

/** The wizard step (index) that shows a form field (`ports.0.nodePort` -> 1). */
export function serviceStepOf(formField: string): number {
  const root = formField.split('.')[0];
  const i = SERVICE_STEP_FIELDS.findIndex((fields) => (fields as readonly string[]).includes(root));
  return i < 0 ? 0 : i;
}

/**
 * What the API server refuses in a Service that the form's own schema cannot see (the YAML/JSON
 * mode edits the object itself): the console's alias/description bounds, then lib/k8s's Service
 * rules. Field paths are Kubernetes paths.
 */
export function serviceObjectErrors(service: unknown): FieldCause[] {
  const o = obj(service);
  const out: FieldCause[] = [];
  const annotations = obj(obj(o.metadata).annotations);
  const alias = annotations[ANNOTATION_ALIAS];
  if (typeof alias === 'string' && alias.length > ALIAS_MAX) out.push({ reason: 'FieldValueTooLong', field: `metadata.annotations.${ANNOTATION_ALIAS}`, message: `Too long: may not be more than ${ALIAS_MAX} characters` });
  const description = annotations[ANNOTATION_DESCRIPTION];
  if (typeof description === 'string' && description.length > DESCRIPTION_MAX)
    out.push({ reason: 'FieldValueTooLong', field: `metadata.annotations.${ANNOTATION_DESCRIPTION}`, message: `Too long: may not be more than ${DESCRIPTION_MAX} characters` });
  out.push(...validateServiceRules(o.spec));
  return out;
}

const PORT_LEAVES = ['name', 'port', 'targetPort', 'protocol', 'appProtocol', 'nodePort'];

/** Form field for a Kubernetes field path of a Service, or null when the form does not show it. */
export function serviceFieldToFormField(field: string, form: ServiceForm): string | null {
  const p = splitK8sPath(field);
  if (p[0] === 'metadata') {
    if (p[1] === 'name') return 'name';
    if (p[1] !== 'annotations' && p[1] !== 'labels') return null;
    const key = p.length > 2 ? p.slice(2).join('.') : undefined;
    if (p[1] === 'annotations' && key === ANNOTATION_ALIAS) return 'alias';
    if (p[1] === 'annotations' && key === ANNOTATION_DESCRIPTION) return 'description';
    return rowField(p[1], p[1] === 'annotations' ? form.annotations : form.labels, key);
  }
  if (p[0] !== 'spec') return null;
  switch (p[1]) {
    case 'type':
    case 'clusterIP':
    case 'clusterIPs':
      return 'type';
    case 'externalName':
      return 'externalName';
    case 'selector':
      return rowField('selector', form.selector, p.length > 2 ? p.slice(2).join('.') : undefined) ?? 'selector';
    case 'sessionAffinity':
      return 'sessionAffinity';
    case 'sessionAffinityConfig':
      return 'sessionAffinityTimeout';
    case 'externalTrafficPolicy':
    case 'internalTrafficPolicy':
    case 'loadBalancerSourceRanges':
      return p[1];
    case 'ports': {
      const i = p[2];
      if (typeof i !== 'number' || i >= form.ports.length) return 'ports';
      const leaf = String(p[3] ?? 'port');
      return `ports.${i}.${PORT_LEAVES.includes(leaf) ? leaf : 'port'}`;
    }
    default:
      return null;
  }
}

function rowField(root: string, rows: ServiceForm['labels'], key: string | undefined): string | null {
  const i = key === undefined ? -1 : rows.findIndex((r) => r.key.trim() === key);
  return i >= 0 ? `${root}.${i}.value` : rows.length > 0 ? `${root}.0.key` : null;
}

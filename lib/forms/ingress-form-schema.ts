/**
 * zod schema of the route wizard form, composed from the Kubernetes validators in lib/k8s
 * (same rules and wording as the API server) and the gateway's annotation specs. Field
 * paths of issues match the form (`rules.0.host`), so react-hook-form shows them in place.
 */
import { z } from 'zod';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName, isValidPortNum } from '../k8s/validation/primitives';
import { ingressHostErrors, ingressPathErrors } from '../k8s/validation/networking';
import type { AnnotationSpec } from '../routing/types';
import { PATH_TYPES, type IngressForm } from './ingress-form';

export const ALIAS_MAX = 63;
const CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
const CANARY_WEIGHT_TOTAL = 'nginx.ingress.kubernetes.io/canary-weight-total';
export const DESCRIPTION_MAX = 256;

/** Rule host: empty (every host), a DNS-1123 subdomain, or `*.` + subdomain. Never an IP. */
export function hostErrors(host: string): string[] {
  if (host === '') return [];
  if (host.includes(':') && !host.includes('::')) return ['must not contain a port'];
  return ingressHostErrors(host);
}

export function portErrors(port: string): string[] {
  const p = port.trim();
  if (p === '') return ['Required value: choose a port of the service'];
  if (/^\d+$/.test(p)) return isValidPortNum(Number(p));
  return isValidPortName(p);
}

function invalidMsg(value: string, errs: string[]): string {
  return `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`;
}

/** Adds an issue per failing check; `path` is relative to the value refined. */
function check(ctx: z.RefinementCtx, path: (string | number)[], value: string, errs: string[]): void {
  if (errs.length > 0) ctx.addIssue({ code: 'custom', path, message: invalidMsg(value, errs) });
}

const pathSchema = z.object({
  path: z.string(),
  pathType: z.enum(PATH_TYPES),
  service: z.string().trim().min(1, 'Required value: choose a service'),
  port: z.string(),
});

const ruleSchema = z
  .object({
    host: z.string().trim(),
    protocol: z.enum(['http', 'https']),
    tlsSecret: z.string(),
    paths: z.array(pathSchema).min(1, 'Add at least one path'),
  })
  .superRefine((rule, ctx) => {
    check(ctx, ['host'], rule.host, hostErrors(rule.host));
    if (rule.protocol === 'https') {
      if (rule.host === '') ctx.addIssue({ code: 'custom', path: ['host'], message: 'HTTPS needs a host name (the certificate is chosen by host)' });
      if (rule.tlsSecret.trim() === '')
        ctx.addIssue({ code: 'custom', path: ['tlsSecret'], message: 'HTTPS needs a TLS secret: choose one or create one from a certificate and key' });
    }
    const seen = new Set<string>();
    rule.paths.forEach((p, j) => {
      if (p.pathType !== 'ImplementationSpecific' || p.path !== '') check(ctx, ['paths', j, 'path'], p.path, ingressPathErrors(p.path, p.pathType));
      const key = `${p.pathType} ${p.path}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['paths', j, 'path'], message: `Duplicate value: this rule already has ${p.pathType} ${p.path}` });
      seen.add(key);
      if (p.service.trim() !== '') {
        const pe = portErrors(p.port);
        if (pe.length) ctx.addIssue({ code: 'custom', path: ['paths', j, 'port'], message: p.port.trim() === '' ? pe[0] : invalidMsg(p.port, pe) });
      }
    });
  });

const rowSchema = z.object({ key: z.string(), value: z.string() });

export interface IngressFormSchemaOptions {
  /** Annotations the gateway understands (lib/routing SUPPORTED_ANNOTATIONS). */
  annotations: readonly AnnotationSpec[];
  /** True for annotations the gateway refuses (e.g. *-snippet). */
  isRefusedAnnotation?: (key: string) => boolean;
}

export function makeIngressFormSchema(opts: IngressFormSchemaOptions) {
  const specs = new Map(opts.annotations.map((a) => [a.key, a]));
  return z
    .object({
      name: z.string(),
      alias: z.string().trim().max(ALIAS_MAX, `Too long: may not be more than ${ALIAS_MAX} characters`),
      description: z.string().trim().max(DESCRIPTION_MAX, `Too long: may not be more than ${DESCRIPTION_MAX} characters`),
      rules: z.array(ruleSchema),
      defaultBackend: z.object({ service: z.string().trim(), port: z.string() }),
      annotations: z.array(rowSchema),
      labels: z.array(rowSchema),
    })
    .superRefine((form, ctx) => {
      if (form.name === '') ctx.addIssue({ code: 'custom', path: ['name'], message: 'Required value: give the route a name' });
      else check(ctx, ['name'], form.name, isDNS1123Subdomain(form.name));

      if (form.rules.length === 0 && form.defaultBackend.service === '')
        ctx.addIssue({ code: 'custom', path: ['defaultBackend', 'service'], message: 'A route without rules needs a default backend: choose a service' });
      if (form.defaultBackend.service !== '') {
        const pe = portErrors(form.defaultBackend.port);
        if (pe.length) ctx.addIssue({ code: 'custom', path: ['defaultBackend', 'port'], message: pe[0] });
      }

      const annKeys = new Set<string>();
      form.annotations.forEach((row, i) => {
        const key = row.key.trim();
        if (key === '') {
          if (row.value !== '') ctx.addIssue({ code: 'custom', path: ['annotations', i, 'key'], message: 'Required value: the annotation needs a key' });
          return;
        }
        check(ctx, ['annotations', i, 'key'], key, isQualifiedName(key));
        if (annKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['annotations', i, 'key'], message: `Duplicate value: ${JSON.stringify(key)}` });
        annKeys.add(key);
        if (opts.isRefusedAnnotation?.(key))
          ctx.addIssue({ code: 'custom', path: ['annotations', i, 'key'], message: `${key} is refused by the gateway (snippet annotations allow configuration injection, CVE-2025-1974)` });
        const spec = specs.get(key);
        const err = spec?.validate(row.value);
        if (err) ctx.addIssue({ code: 'custom', path: ['annotations', i, 'value'], message: err });
      });

      // The gateway refuses a canary weight above the total (default 100): say so here.
      const annValue = (k: string) => form.annotations.find((a) => a.key.trim() === k)?.value;
      const weightIdx = form.annotations.findIndex((a) => a.key.trim() === CANARY_WEIGHT);
      const weight = Number(annValue(CANARY_WEIGHT));
      const total = annValue(CANARY_WEIGHT_TOTAL) === undefined ? 100 : Number(annValue(CANARY_WEIGHT_TOTAL));
      if (weightIdx >= 0 && Number.isInteger(weight) && Number.isInteger(total) && weight > total)
        ctx.addIssue({ code: 'custom', path: ['annotations', weightIdx, 'value'], message: `must be between 0 and ${total} (canary-weight-total)` });

      const labelKeys = new Set<string>();
      form.labels.forEach((row, i) => {
        const key = row.key.trim();
        if (key === '') {
          if (row.value !== '') ctx.addIssue({ code: 'custom', path: ['labels', i, 'key'], message: 'Required value: the label needs a key' });
          return;
        }
        check(ctx, ['labels', i, 'key'], key, isQualifiedName(key));
        check(ctx, ['labels', i, 'value'], row.value, isValidLabelValue(row.value));
        if (labelKeys.has(key)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'key'], message: `Duplicate value: ${JSON.stringify(key)}` });
        labelKeys.add(key);
      });
    }) satisfies z.ZodType<IngressForm>;
}

/** Which form fields each wizard step validates before Next. */
export const STEP_FIELDS = {
  basic: ['name', 'alias', 'description'],
  rules: ['rules', 'defaultBackend'],
  annotations: ['annotations'],
  labels: ['labels'],
} as const;

/**
 * zod schemas of the GRPCRoute, TLSRoute and TCPRoute forms, with the Gateway API rules of
 * lib/k8s (the same checks the server runs on the manifest, same wording). Issue paths match
 * the form (`rules.0.matches.0.service`), so react-hook-form shows each message on its field.
 */
import { z } from 'zod';
import { gatewayHostnameErrors, grpcMethodMatchErrors, headerNameErrors, httpPathErrors } from '../k8s/validation/gateway';
import { isDNS1123Subdomain } from '../k8s/validation/primitives';
import { MATCH_TYPES, type BackendForm, type NameValueMatch, type ParentForm, type ValueRow } from './httproute-form';
import { backendPortErrors, weightErrors } from './httproute-form-schema';
import type { GrpcRouteForm, StreamRouteForm } from './stream-route-form';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}
function checkValue(ctx: Ctx, path: Path, value: string, errs: string[]): void {
  if (errs.length > 0) issue(ctx, path, `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`);
}

const parents = z.array(z.object({ gateway: z.string(), sectionName: z.string(), kind: z.literal('ListenerSet').optional() }));
const hostnames = z.array(z.object({ value: z.string() }));
const backends = z.array(z.object({ service: z.string(), port: z.string(), weight: z.string() }));
const headerMatches = z.array(z.object({ type: z.enum(MATCH_TYPES), name: z.string(), value: z.string() }));

/** Name, parents and hostnames: the part every route form shares. */
function checkCommon(ctx: Ctx, form: { name: string; parents: ParentForm[]; hostnames: ValueRow[] }): void {
  if (form.name === '') issue(ctx, ['name'], 'Required value: give the route a name');
  else checkValue(ctx, ['name'], form.name, isDNS1123Subdomain(form.name));
  if (form.parents.length === 0) issue(ctx, ['parents'], 'Attach the route to at least one Gateway');
  form.parents.forEach((p, i) => {
    if (!p.gateway.trim() || p.gateway.endsWith('/')) issue(ctx, ['parents', i, 'gateway'], 'Required value: choose a Gateway');
  });
  const seen = new Set<string>();
  form.hostnames.forEach((h, i) => {
    const v = h.value.trim();
    if (v === '') return issue(ctx, ['hostnames', i, 'value'], 'Required value: enter a host name or remove the row');
    checkValue(ctx, ['hostnames', i, 'value'], v, gatewayHostnameErrors(v));
    if (seen.has(v)) issue(ctx, ['hostnames', i, 'value'], `Duplicate value: ${JSON.stringify(v)}`);
    seen.add(v);
  });
}

function checkBackends(ctx: Ctx, path: Path, list: BackendForm[]): void {
  if (list.length === 0) issue(ctx, path, 'Add a backend');
  if (list.length > 16) issue(ctx, path, `Too many: ${list.length}: must have at most 16 items`);
  list.forEach((b, k) => {
    if (!b.service.trim()) issue(ctx, [...path, k, 'service'], 'Required value: choose a service');
    else checkValue(ctx, [...path, k, 'port'], b.port, backendPortErrors(b.port));
    checkValue(ctx, [...path, k, 'weight'], b.weight, weightErrors(b.weight));
  });
}

function checkHeaders(ctx: Ctx, path: Path, rows: NameValueMatch[]): void {
  const seen = new Set<string>();
  rows.forEach((h, k) => {
    checkValue(ctx, [...path, k, 'name'], h.name, headerNameErrors(h.name));
    if (seen.has(h.name.toLowerCase())) issue(ctx, [...path, k, 'name'], `Duplicate value: ${JSON.stringify(h.name)}`);
    seen.add(h.name.toLowerCase());
    if (h.type === 'RegularExpression') checkValue(ctx, [...path, k, 'value'], h.value, httpPathErrors('RegularExpression', h.value));
  });
}

export const grpcRouteFormSchema = z
  .object({
    name: z.string(),
    parents,
    hostnames,
    rules: z.array(
      z.object({
        matches: z.array(z.object({ methodType: z.enum(MATCH_TYPES), service: z.string(), method: z.string(), headers: headerMatches })),
        backends,
      }),
    ),
  })
  .superRefine((form, ctx) => {
    checkCommon(ctx, form);
    form.rules.forEach((r, i) => {
      r.matches.forEach((m, j) => {
        const mp: Path = ['rules', i, 'matches', j];
        for (const f of ['service', 'method'] as const) {
          const v = m[f].trim();
          if (v) checkValue(ctx, [...mp, f], v, grpcMethodMatchErrors(f, m.methodType, v));
        }
        checkHeaders(ctx, [...mp, 'headers'], m.headers);
      });
      checkBackends(ctx, ['rules', i, 'backends'], r.backends);
    });
  }) satisfies z.ZodType<GrpcRouteForm>;

/** TLSRoute (`hostnames: true`, its SNI names) or TCPRoute (no hostnames). */
export function streamRouteFormSchema(opts: { hostnames: boolean }) {
  return z
    .object({ name: z.string(), parents, hostnames, rules: z.array(z.object({ backends })) })
    .superRefine((form, ctx) => {
      checkCommon(ctx, form);
      if (!opts.hostnames && form.hostnames.length) issue(ctx, ['hostnames'], 'A TCPRoute has no hostnames');
      if (form.rules.length === 0) issue(ctx, ['rules'], 'Required value: add a rule with a backend');
      form.rules.forEach((r, i) => checkBackends(ctx, ['rules', i, 'backends'], r.backends));
    }) satisfies z.ZodType<StreamRouteForm>;
}

/**
 * zod schema of the HTTPRoute form, built from the Gateway API rules in lib/k8s (same
 * wording as the API server). Issue paths match the form (`hostnames.0.value`), so
 * react-hook-form shows each message on its field.
 */
import { z } from 'zod';
import { durationErrors, gatewayHostnameErrors, headerNameErrors, httpPathErrors } from '../k8s/validation/gateway';
import { isDNS1123Subdomain, isValidPortNum } from '../k8s/validation/primitives';
import { checkKeyValueRows, metadataFormShape } from './metadata-form';
import { corsIssues, mirrorShareIssues, ruleExtrasIssues, type Issue } from './httproute-v16-form-schema';
import { SESSION_LIFETIMES, SESSION_TYPES } from './httproute-v16-form';
import { FORM_FILTER_TYPES, HTTP_PATH_TYPES, MATCH_TYPES, PATH_MODIFIER_TYPES, type HttpRouteForm } from './httproute-form';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}
function checkValue(ctx: Ctx, path: Path, value: string, errs: string[]): void {
  if (errs.length > 0) issue(ctx, path, `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`);
}

/** Service port of a backendRef: a number 1-65535 (Gateway API refers to ports by number). */
export function backendPortErrors(port: string): string[] {
  const p = port.trim();
  if (p === '') return ['Required value: choose a port of the service'];
  if (!/^\d+$/.test(p)) return ['must be a port number'];
  return isValidPortNum(Number(p));
}

export function weightErrors(weight: string): string[] {
  const w = weight.trim();
  if (w === '') return [];
  if (!/^\d+$/.test(w) || Number(w) > 1_000_000) return ['must be a whole number between 0 and 1000000'];
  return [];
}

const nameValue = z.object({ type: z.enum(MATCH_TYPES), name: z.string(), value: z.string() });
const headerRow = z.object({ name: z.string(), value: z.string() });

const match = z.object({
  pathType: z.union([z.enum(HTTP_PATH_TYPES), z.literal('')]),
  pathValue: z.string(),
  method: z.string(),
  headers: z.array(nameValue),
  queryParams: z.array(nameValue),
});
const backend = z.object({ service: z.string(), port: z.string(), weight: z.string() });
const filter = z.object({
  type: z.union([z.enum(FORM_FILTER_TYPES), z.literal('Other')]),
  set: z.array(headerRow),
  add: z.array(headerRow),
  remove: z.string(),
  scheme: z.enum(['', 'http', 'https']),
  hostname: z.string(),
  port: z.string(),
  statusCode: z.string(),
  pathModifier: z.union([z.enum(PATH_MODIFIER_TYPES), z.literal('')]),
  path: z.string(),
  mirrorService: z.string(),
  mirrorPort: z.string(),
  mirrorShare: z.string(),
  corsAllowOrigins: z.string(),
  corsAllowMethods: z.string(),
  corsAllowHeaders: z.string(),
  corsExposeHeaders: z.string(),
  corsMaxAge: z.string(),
  corsAllowCredentials: z.enum(['', 'true', 'false']),
  otherType: z.string(),
  raw: z.string(),
});
const rule = z.object({
  matches: z.array(match),
  backends: z.array(backend),
  filters: z.array(filter),
  timeoutRequest: z.string(),
  timeoutBackendRequest: z.string(),
  ruleName: z.string(),
  retry: z.boolean(),
  retryCodes: z.string(),
  retryAttempts: z.string(),
  retryBackoff: z.string(),
  session: z.boolean(),
  sessionType: z.union([z.enum(SESSION_TYPES), z.literal('')]),
  sessionName: z.string(),
  sessionAbsoluteTimeout: z.string(),
  sessionLifetime: z.union([z.enum(SESSION_LIFETIMES), z.literal('')]),
});

function checkNameValues(ctx: Ctx, path: Path, rows: z.infer<typeof nameValue>[]): void {
  const seen = new Set<string>();
  rows.forEach((h, k) => {
    checkValue(ctx, [...path, k, 'name'], h.name, headerNameErrors(h.name));
    if (seen.has(h.name.toLowerCase())) issue(ctx, [...path, k, 'name'], `Duplicate value: ${JSON.stringify(h.name)}`);
    seen.add(h.name.toLowerCase());
    if (h.type === 'RegularExpression') checkValue(ctx, [...path, k, 'value'], h.value, httpPathErrors('RegularExpression', h.value));
  });
}

function addIssues(ctx: Ctx, path: Path, issues: Issue[]): void {
  for (const i of issues) issue(ctx, [...path, ...i.path], i.message);
}

function checkFilter(ctx: Ctx, path: Path, f: z.infer<typeof filter>): void {
  if (f.type === 'RequestHeaderModifier' || f.type === 'ResponseHeaderModifier') {
    for (const op of ['set', 'add'] as const)
      f[op].forEach((h, k) => checkValue(ctx, [...path, op, k, 'name'], h.name, headerNameErrors(h.name.trim())));
    if (!f.set.length && !f.add.length && !f.remove.trim()) issue(ctx, [...path, 'type'], 'Add a header to set, add or remove');
  }
  if (f.type === 'RequestRedirect' || f.type === 'URLRewrite') {
    if (f.hostname.trim()) checkValue(ctx, [...path, 'hostname'], f.hostname, gatewayHostnameErrors(f.hostname.trim()));
    if (f.pathModifier) checkValue(ctx, [...path, 'path'], f.path, httpPathErrors('PathPrefix', f.path));
    if (f.type === 'RequestRedirect' && f.port.trim()) checkValue(ctx, [...path, 'port'], f.port, backendPortErrors(f.port));
    if (f.type === 'URLRewrite' && !f.hostname.trim() && !f.pathModifier) issue(ctx, [...path, 'type'], 'Rewrite the hostname, the path or both');
  }
  if (f.type === 'RequestMirror') {
    if (!f.mirrorService.trim()) issue(ctx, [...path, 'mirrorService'], 'Required value: choose the service that receives the copies');
    else checkValue(ctx, [...path, 'mirrorPort'], f.mirrorPort, backendPortErrors(f.mirrorPort));
    addIssues(ctx, path, mirrorShareIssues(f));
  }
  if (f.type === 'CORS') addIssues(ctx, path, corsIssues(f));
}

export const httpRouteFormSchema = z
  .object({
    name: z.string(),
    ...metadataFormShape,
    parents: z.array(z.object({ gateway: z.string(), sectionName: z.string(), kind: z.literal('ListenerSet').optional() })),
    hostnames: z.array(z.object({ value: z.string() })),
    rules: z.array(rule),
  })
  .superRefine((form, ctx) => {
    if (form.name === '') issue(ctx, ['name'], 'Required value: give the route a name');
    else checkValue(ctx, ['name'], form.name, isDNS1123Subdomain(form.name));
    checkKeyValueRows(ctx, 'annotations', form.annotations);
    checkKeyValueRows(ctx, 'labels', form.labels);

    if (form.parents.length === 0) issue(ctx, ['parents'], 'Attach the route to at least one Gateway');
    form.parents.forEach((p, i) => {
      if (!p.gateway.trim() || p.gateway.endsWith('/')) issue(ctx, ['parents', i, 'gateway'], 'Required value: choose a Gateway');
    });

    const hosts = new Set<string>();
    form.hostnames.forEach((h, i) => {
      const v = h.value.trim();
      if (v === '') return issue(ctx, ['hostnames', i, 'value'], 'Required value: enter a host name or remove the row');
      checkValue(ctx, ['hostnames', i, 'value'], v, gatewayHostnameErrors(v));
      if (hosts.has(v)) issue(ctx, ['hostnames', i, 'value'], `Duplicate value: ${JSON.stringify(v)}`);
      hosts.add(v);
    });

    form.rules.forEach((r, i) => {
      const rp: Path = ['rules', i];
      r.matches.forEach((m, j) => {
        if (m.pathType !== '') checkValue(ctx, [...rp, 'matches', j, 'pathValue'], m.pathValue, httpPathErrors(m.pathType, m.pathValue));
        checkNameValues(ctx, [...rp, 'matches', j, 'headers'], m.headers);
        checkNameValues(ctx, [...rp, 'matches', j, 'queryParams'], m.queryParams);
      });
      const redirects = r.filters.some((f) => f.type === 'RequestRedirect');
      if (r.backends.length === 0 && !redirects) issue(ctx, [...rp, 'backends'], 'Add a backend (or a redirect filter)');
      // the HTTPRoute CRD's CEL rule: a redirect answers by itself
      if (r.backends.length > 0 && redirects) issue(ctx, [...rp, 'backends'], 'RequestRedirect filter must not be used together with backendRefs: remove the backends or the redirect');
      r.backends.forEach((b, k) => {
        if (!b.service.trim()) issue(ctx, [...rp, 'backends', k, 'service'], 'Required value: choose a service');
        else checkValue(ctx, [...rp, 'backends', k, 'port'], b.port, backendPortErrors(b.port));
        checkValue(ctx, [...rp, 'backends', k, 'weight'], b.weight, weightErrors(b.weight));
      });
      const seenTypes = new Set<string>();
      r.filters.forEach((f, k) => {
        checkFilter(ctx, [...rp, 'filters', k], f);
        if (f.type !== 'Other' && f.type !== 'RequestMirror' && seenTypes.has(f.type)) issue(ctx, [...rp, 'filters', k, 'type'], `${f.type} filter cannot be repeated`);
        seenTypes.add(f.type);
      });
      if (seenTypes.has('RequestRedirect') && seenTypes.has('URLRewrite'))
        issue(ctx, [...rp, 'filters', r.filters.findIndex((f) => f.type === 'URLRewrite'), 'type'], 'A rule may redirect or rewrite, not both');
      addIssues(ctx, rp, ruleExtrasIssues(r));
      if (r.ruleName.trim() && form.rules.findIndex((o) => o.ruleName.trim() === r.ruleName.trim()) < i) issue(ctx, [...rp, 'ruleName'], `Duplicate value: ${JSON.stringify(r.ruleName.trim())}`);
      for (const key of ['timeoutRequest', 'timeoutBackendRequest'] as const)
        if (r[key].trim()) checkValue(ctx, [...rp, key], r[key], durationErrors(r[key].trim()));
    });
  }) satisfies z.ZodType<HttpRouteForm>;

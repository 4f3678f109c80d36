/**
 * Form-side checks of the v1.4-v1.6 HTTPRoute fields (CORS, mirror share, rule name, retry,
 * session persistence). They build the manifest part exactly as the form will write it and run
 * the CRD rules of lib/k8s/validation/gateway on it, so the form says what the API server would,
 * on the field that caused it. Text that is not even a number is caught first.
 */
import type { FieldCause } from '../k8s/causes';
import { validateCors, validateMirrorShare, validateRetry, validateSessionPersistence } from '../k8s/validation/gateway';
import { isDNS1123Subdomain } from '../k8s/validation/primitives';
import { FRACTION_RE, retryFromForm, sessionFromForm, splitList, writeCors, writeMirrorShare, type CorsForm, type MirrorShareForm, type RuleExtrasForm } from './httproute-v16-form';

export type Issue = { path: (string | number)[]; message: string };

const wholeNumber = /^\d+$/;
const MAX_CODES = 64;

/** Maps the first key of a cause's field (relative to `root`) to a form field. */
function placeCauses(causes: FieldCause[], root: string, fieldFor: Record<string, string>, fallback: string): Issue[] {
  return causes.map((c) => {
    const rest = c.field.startsWith(`${root}.`) ? c.field.slice(root.length + 1) : '';
    const key = rest.split(/[.[]/)[0] ?? '';
    return { path: [fieldFor[key] ?? fallback], message: c.message };
  });
}

export function corsIssues(f: CorsForm): Issue[] {
  if (f.corsMaxAge.trim() && !wholeNumber.test(f.corsMaxAge.trim())) return [{ path: ['corsMaxAge'], message: 'must be a whole number of seconds' }];
  const body = writeCors(f, {});
  if (Object.keys(body).length === 0) return [{ path: ['corsAllowOrigins'], message: 'Required value: allow at least one origin (or "*")' }];
  return placeCauses(validateCors(body, 'cors'), 'cors', {
    allowOrigins: 'corsAllowOrigins',
    allowMethods: 'corsAllowMethods',
    allowHeaders: 'corsAllowHeaders',
    exposeHeaders: 'corsExposeHeaders',
    maxAge: 'corsMaxAge',
  }, 'corsAllowOrigins');
}

export function mirrorShareIssues(f: MirrorShareForm): Issue[] {
  const text = f.mirrorShare.trim().replace(/%$/, '');
  if (text === '') return [];
  if (!wholeNumber.test(text) && !FRACTION_RE.test(text)) return [{ path: ['mirrorShare'], message: 'must be a percentage (0-100) or a fraction such as 1/3' }];
  return validateMirrorShare(writeMirrorShare(f, {}), 'm').map((c) => ({ path: ['mirrorShare'], message: c.message }));
}

export function ruleExtrasIssues(r: RuleExtrasForm): Issue[] {
  const out: Issue[] = [];
  const name = r.ruleName.trim();
  if (name) for (const msg of isDNS1123Subdomain(name)) out.push({ path: ['ruleName'], message: `Invalid value: ${JSON.stringify(name)}: ${msg}` });
  if (r.retry) {
    const codes = splitList(r.retryCodes);
    const bad = codes.find((c) => !wholeNumber.test(c));
    if (bad !== undefined) out.push({ path: ['retryCodes'], message: `Invalid value: ${JSON.stringify(bad)}: must be an HTTP status code (400-599)` });
    else if (codes.length > MAX_CODES) out.push({ path: ['retryCodes'], message: `Too many: ${codes.length}: must have at most ${MAX_CODES} items` });
    else if (r.retryAttempts.trim() && !wholeNumber.test(r.retryAttempts.trim())) out.push({ path: ['retryAttempts'], message: 'must be a whole number' });
    else out.push(...placeCauses(validateRetry(retryFromForm(r, {}), 'retry'), 'retry', { codes: 'retryCodes', attempts: 'retryAttempts', backoff: 'retryBackoff' }, 'retryAttempts'));
  }
  if (r.session)
    out.push(
      ...placeCauses(validateSessionPersistence(sessionFromForm(r, {}), 'sp'), 'sp', {
        sessionName: 'sessionName',
        absoluteTimeout: 'sessionAbsoluteTimeout',
        type: 'sessionType',
        cookieConfig: 'sessionLifetime',
      }, 'sessionLifetime'),
    );
  return out;
}

/**
 * The Gateway API v1.4-v1.6 parts of the HTTPRoute form: the CORS filter, the mirror share
 * (percent or fraction), rule names, retries and session persistence. Same lossless contract as
 * httproute-form: readers turn a manifest part into text fields, writers start from a copy of
 * the base part and touch only what the form shows (unknown keys such as a future idleTimeout
 * survive).
 */
import { arr, obj, setOrDelete, str, type Obj } from './plain';

export const SESSION_TYPES = ['Cookie', 'Header'] as const;
export const SESSION_LIFETIMES = ['Permanent', 'Session'] as const;

export interface CorsForm {
  /** Lists as comma-separated text, in the manifest's order. */
  corsAllowOrigins: string;
  corsAllowMethods: string;
  corsAllowHeaders: string;
  corsExposeHeaders: string;
  /** Seconds; '' = left out (the gateway's default, 5). */
  corsMaxAge: string;
  /** '' = left out, so an absent field stays absent. */
  corsAllowCredentials: '' | 'true' | 'false';
}

export interface MirrorShareForm {
  /** '' = every request; "10" = percent; "1/3" = fraction (denominator left out when 100 and it was). */
  mirrorShare: string;
}

export interface RuleExtrasForm {
  /** rule.name (a SectionName); '' = unnamed. */
  ruleName: string;
  /** Whether rule.retry is present (`retry: {}` is a retry with defaults). */
  retry: boolean;
  /** Status codes, comma-separated. */
  retryCodes: string;
  retryAttempts: string;
  retryBackoff: string;
  /** Whether rule.sessionPersistence is present. */
  session: boolean;
  sessionType: '' | (typeof SESSION_TYPES)[number];
  sessionName: string;
  sessionAbsoluteTimeout: string;
  sessionLifetime: '' | (typeof SESSION_LIFETIMES)[number];
}

export function emptyCors(): CorsForm {
  return { corsAllowOrigins: '', corsAllowMethods: '', corsAllowHeaders: '', corsExposeHeaders: '', corsMaxAge: '', corsAllowCredentials: '' };
}
export function emptyRuleExtras(): RuleExtrasForm {
  return { ruleName: '', retry: false, retryCodes: '', retryAttempts: '', retryBackoff: '', session: false, sessionType: '', sessionName: '', sessionAbsoluteTimeout: '', sessionLifetime: '' };
}

/** "a, b" -> ["a", "b"]; blanks dropped. */
export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}
const joinList = (v: unknown) => arr(v).map(str).join(', ');
/** Whole numbers go to the manifest as numbers; anything else as the text (the API names it). */
const numberOrText = (v: string): number | string => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());

// ---- CORS filter

export function corsToForm(body: unknown): CorsForm {
  const c = obj(body);
  return {
    corsAllowOrigins: joinList(c.allowOrigins),
    corsAllowMethods: joinList(c.allowMethods),
    corsAllowHeaders: joinList(c.allowHeaders),
    corsExposeHeaders: joinList(c.exposeHeaders),
    corsMaxAge: str(c.maxAge),
    corsAllowCredentials: typeof c.allowCredentials === 'boolean' ? (String(c.allowCredentials) as 'true' | 'false') : '',
  };
}

function setTextList(body: Obj, key: string, text: string): void {
  const list = splitList(text);
  setOrDelete(body, key, list, list.length > 0 || (Array.isArray(body[key]) && arr(body[key]).length === 0));
}

export function writeCors(f: CorsForm, body: Obj): Obj {
  setTextList(body, 'allowOrigins', f.corsAllowOrigins);
  setTextList(body, 'allowMethods', f.corsAllowMethods);
  setTextList(body, 'allowHeaders', f.corsAllowHeaders);
  setTextList(body, 'exposeHeaders', f.corsExposeHeaders);
  setOrDelete(body, 'maxAge', numberOrText(f.corsMaxAge), f.corsMaxAge.trim() !== '');
  setOrDelete(body, 'allowCredentials', f.corsAllowCredentials === 'true', f.corsAllowCredentials !== '');
  return body;
}

// ---- mirror share

export function mirrorShareToForm(body: unknown): MirrorShareForm {
  const m = obj(body);
  if (m.percent !== undefined) return { mirrorShare: str(m.percent) };
  if (m.fraction !== undefined) {
    const f = obj(m.fraction);
    return { mirrorShare: `${str(f.numerator)}/${f.denominator === undefined ? '100' : str(f.denominator)}` };
  }
  return { mirrorShare: '' };
}

export const FRACTION_RE = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

export function writeMirrorShare(f: MirrorShareForm, body: Obj): Obj {
  const text = f.mirrorShare.trim();
  const fraction = FRACTION_RE.exec(text);
  const baseFraction = obj(body.fraction);
  if (fraction) {
    delete body.percent;
    const den = Number(fraction[2]);
    const out: Obj = { ...baseFraction, numerator: Number(fraction[1]) };
    // An omitted denominator means 100: keep it omitted while it still is.
    setOrDelete(out, 'denominator', den, den !== 100 || baseFraction.denominator !== undefined || body.fraction === undefined);
    body.fraction = out;
  } else {
    delete body.fraction;
    setOrDelete(body, 'percent', numberOrText(text.replace(/%$/, '')), text !== '');
  }
  return body;
}

// ---- rule name, retry, session persistence

export function ruleExtrasToForm(rule: Obj): RuleExtrasForm {
  const retry = rule.retry === undefined ? undefined : obj(rule.retry);
  const sp = rule.sessionPersistence === undefined ? undefined : obj(rule.sessionPersistence);
  const lifetime = str(obj(sp?.cookieConfig).lifetimeType);
  const type = str(sp?.type);
  return {
    ruleName: str(rule.name),
    retry: retry !== undefined,
    retryCodes: joinList(retry?.codes),
    retryAttempts: str(retry?.attempts),
    retryBackoff: str(retry?.backoff),
    session: sp !== undefined,
    sessionType: (SESSION_TYPES as readonly string[]).includes(type) ? (type as RuleExtrasForm['sessionType']) : '',
    sessionName: str(sp?.sessionName),
    sessionAbsoluteTimeout: str(sp?.absoluteTimeout),
    sessionLifetime: (SESSION_LIFETIMES as readonly string[]).includes(lifetime) ? (lifetime as RuleExtrasForm['sessionLifetime']) : '',
  };
}

/** rule.retry as the form describes it, written over a copy of `base` (undefined = no retry). */
export function retryFromForm(f: RuleExtrasForm, base: unknown): Obj | undefined {
  if (!f.retry) return undefined;
  const retry = { ...obj(base) };
  const codes = splitList(f.retryCodes).map(numberOrText);
  setOrDelete(retry, 'codes', codes, codes.length > 0 || (Array.isArray(retry.codes) && arr(retry.codes).length === 0));
  setOrDelete(retry, 'attempts', numberOrText(f.retryAttempts), f.retryAttempts.trim() !== '');
  setOrDelete(retry, 'backoff', f.retryBackoff.trim(), f.retryBackoff.trim() !== '');
  return retry;
}

/** rule.sessionPersistence as the form describes it (undefined = none). */
export function sessionFromForm(f: RuleExtrasForm, base: unknown): Obj | undefined {
  if (!f.session) return undefined;
  const sp = { ...obj(base) };
  setOrDelete(sp, 'type', f.sessionType, f.sessionType !== '');
  setOrDelete(sp, 'sessionName', f.sessionName.trim(), f.sessionName.trim() !== '');
  setOrDelete(sp, 'absoluteTimeout', f.sessionAbsoluteTimeout.trim(), f.sessionAbsoluteTimeout.trim() !== '');
  const cookie = { ...obj(sp.cookieConfig) };
  setOrDelete(cookie, 'lifetimeType', f.sessionLifetime, f.sessionLifetime !== '');
  setOrDelete(sp, 'cookieConfig', cookie, Object.keys(cookie).length > 0 || sp.cookieConfig !== undefined && f.sessionType !== 'Header');
  if (f.sessionType === 'Header') delete sp.cookieConfig;
  return sp;
}

export function writeRuleExtras(f: RuleExtrasForm, rule: Obj): void {
  setOrDelete(rule, 'name', f.ruleName.trim(), f.ruleName.trim() !== '');
  const retry = retryFromForm(f, rule.retry);
  setOrDelete(rule, 'retry', retry, retry !== undefined);
  const sp = sessionFromForm(f, rule.sessionPersistence);
  setOrDelete(rule, 'sessionPersistence', sp, sp !== undefined);
}

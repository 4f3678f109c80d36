/**
 * Rules for gateway.networking.k8s.io kinds: the CRDs' OpenAPI patterns and CEL rules,
 * reported with the CRD messages.
 */
import { type FieldCause, child, index, invalid, notSupported, required, tooMany } from '../causes';
import { DNS1123_SUBDOMAIN_FMT, DNS1123_SUBDOMAIN_RE, isDomainPrefixedPath, isValidIP, isValidPortNum } from './primitives';
import { asArr, asObj, asStr, checkUnique } from './common';
import { userRegexProblem } from '../../routing/user-regex';
import { parseDuration } from '../../routing/duration';

type Obj = Record<string, unknown>;

// Built from primitives' DNS-1123 format; the sources equal the Gateway API CRD patterns that
// the messages quote.
const HOSTNAME_RE = new RegExp(`^(\\*\\.)?${DNS1123_SUBDOMAIN_FMT}$`);
const SECTION_NAME_RE = DNS1123_SUBDOMAIN_RE;
const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const PROTOCOL_RE = new RegExp(`^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|^${DNS1123_SUBDOMAIN_FMT}\\/[A-Za-z0-9]+$`);
const patternMsg = (re: RegExp) => `should match '${re.source}'`;

/** Gateway API hostname: lowercase DNS name, optional leading `*.`, never an IP. */
export function gatewayHostnameErrors(host: string): string[] {
  if (host.length > 253) return ['may not be more than 253 bytes'];
  if (isValidIP(host).length === 0) return ['must be a DNS name, not an IP address'];
  return HOSTNAME_RE.test(host) ? [] : [patternMsg(HOSTNAME_RE)];
}

/** HTTP header name as Gateway API allows it (RFC 7230 token). */
export function headerNameErrors(name: string): string[] {
  if (name === '') return ['Required value'];
  if (name.length > 256) return ['may not be more than 256 bytes'];
  return HEADER_NAME_RE.test(name) ? [] : [patternMsg(HEADER_NAME_RE)];
}

const DURATION_RE = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
/** Gateway API Duration (GEP-2257): e.g. 10s, 1m30s, 500ms. */
export function durationErrors(value: string): string[] {
  return DURATION_RE.test(value) ? [] : [patternMsg(DURATION_RE)];
}

/** HTTPRoute path match value rules for a given type (RegularExpression must compile). */
export function httpPathErrors(type: string, value: string): string[] {
  if (value.length > 1024) return ['may not be more than 1024 bytes'];
  if (type === 'RegularExpression') {
    // The gateway's own engine (RE2 syntax), so the API and the gateway agree.
    const why = userRegexProblem(value);
    return why === undefined ? [] : [`must be a valid regular expression: ${why}`];
  }
  const errs: string[] = [];
  const suffix = " when type one of ['Exact', 'PathPrefix']";
  if (!value.startsWith('/'))
    errs.push(`value must be an absolute path and start with '/'${suffix}`);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#'])
    if (value.includes(bad)) errs.push(`must not contain '${bad}'${suffix}`);
  for (const bad of ['/..', '/.'])
    if (value.endsWith(bad)) errs.push(`must not end with '${bad}'${suffix}`);
  return errs;
}

function validateHostnames(list: unknown, path: string, max = 16): FieldCause[] {
  const out: FieldCause[] = [];
  const hosts = asArr(list);
  if (hosts.length > max) out.push(tooMany(path, hosts.length, max));
  hosts.forEach((h, i) => {
    if (typeof h === 'string')
      for (const msg of gatewayHostnameErrors(h)) out.push(invalid(index(path, i), h, msg));
  });
  return out;
}

function validateParentRefs(list: unknown, path: string): FieldCause[] {
  const refs = asArr(list).map(asObj);
  const out: FieldCause[] = [];
  if (refs.length > 32) out.push(tooMany(path, refs.length, 32));
  refs.forEach((r, i) => {
    const p = index(path, i);
    if (!asStr(r.name)) out.push(required(child(p, 'name')));
    if (r.port !== undefined)
      for (const msg of isValidPortNum(r.port as number))
        out.push(invalid(child(p, 'port'), r.port, msg));
    const section = asStr(r.sectionName);
    if (section && !SECTION_NAME_RE.test(section))
      out.push(invalid(child(p, 'sectionName'), section, patternMsg(SECTION_NAME_RE)));
  });
  return out;
}

function validateBackendRefs(list: unknown, path: string, requireOne = false): FieldCause[] {
  const refs = asArr(list).map(asObj);
  const out: FieldCause[] = [];
  if (requireOne && refs.length === 0) out.push(required(path));
  if (refs.length > 16) out.push(tooMany(path, refs.length, 16));
  refs.forEach((r, i) => {
    const p = index(path, i);
    if (!asStr(r.name)) out.push(required(child(p, 'name')));
    const isService = (r.group ?? '') === '' && (r.kind ?? 'Service') === 'Service';
    if (r.port === undefined) {
      if (isService) out.push(invalid(p, 'object', 'Must have port for Service reference'));
    } else
      for (const msg of isValidPortNum(r.port as number))
        out.push(invalid(child(p, 'port'), r.port, msg));
    if (typeof r.weight === 'number' && (r.weight < 0 || r.weight > 1_000_000))
      out.push(invalid(child(p, 'weight'), r.weight, 'must be between 0 and 1000000, inclusive'));
    out.push(...validateFilters(r.filters, child(p, 'filters')));
  });
  return out;
}

const FILTER_FIELDS: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
  // experimental channel (GEP-1494); accepted by the API, not implemented by the gateway (500)
  ExternalAuth: 'externalAuth',
};

// CORSOrigin as the CRD spells it: "*", or http(s)://host[:port] with an optional leading "*.".
const CORS_ORIGIN_RE = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** HTTPCORSFilter: list bounds, patterns and the "'*' alone" CEL rules. */
export function validateCors(c: unknown, path: string): FieldCause[] {
  const cors = asObj(c);
  const out: FieldCause[] = [];
  const list = (key: string, max: number, each: (v: string, p: string) => void, starRule?: string) => {
    const items = asArr(cors[key]);
    const p = child(path, key);
    if (items.length > max) out.push(tooMany(p, items.length, max));
    items.forEach((v, i) => typeof v === 'string' && each(v, index(p, i)));
    if (starRule && items.includes('*') && items.length > 1) out.push(invalid(p, 'array', starRule));
    if (new Set(items).size !== items.length) out.push(invalid(p, 'array', 'must not contain duplicate values'));
  };
  list('allowOrigins', 64, (v, p) => {
    if (v.length > 253) out.push(invalid(p, v, 'may not be more than 253 bytes'));
    else if (!CORS_ORIGIN_RE.test(v)) out.push(invalid(p, v, patternMsg(CORS_ORIGIN_RE)));
  }, "AllowOrigins cannot contain '*' alongside other origins");
  list('allowMethods', 9, (v, p) => {
    if (v !== '*' && !METHODS.includes(v)) out.push(notSupported(p, v, [...METHODS, '*']));
  }, "AllowMethods cannot contain '*' alongside other methods");
  const headerName = (v: string, p: string) => {
    if (v === '*') return;
    for (const msg of headerNameErrors(v)) out.push(invalid(p, v, msg));
  };
  list('allowHeaders', 64, headerName, "AllowHeaders cannot contain '*' alongside other methods");
  list('exposeHeaders', 64, headerName);
  if (cors.maxAge !== undefined && !(typeof cors.maxAge === 'number' && cors.maxAge >= 1))
    out.push(invalid(child(path, 'maxAge'), cors.maxAge, 'should be greater than or equal to 1'));
  return out;
}

/** HTTPRequestMirrorFilter percent / fraction (CRD minimums, maximums and CEL rules). */
export function validateMirrorShare(m: Obj, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (m.percent !== undefined && m.fraction !== undefined)
    out.push(invalid(path, 'object', 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter'));
  if (typeof m.percent === 'number' && (m.percent < 0 || m.percent > 100))
    out.push(invalid(child(path, 'percent'), m.percent, 'must be between 0 and 100, inclusive'));
  if (m.fraction !== undefined) {
    const f = asObj(m.fraction);
    const fp = child(path, 'fraction');
    const den = typeof f.denominator === 'number' ? f.denominator : 100;
    if (f.numerator === undefined) out.push(required(child(fp, 'numerator')));
    else if (typeof f.numerator === 'number' && f.numerator < 0)
      out.push(invalid(child(fp, 'numerator'), f.numerator, 'should be greater than or equal to 0'));
    if (den < 1) out.push(invalid(child(fp, 'denominator'), den, 'should be greater than or equal to 1'));
    if (typeof f.numerator === 'number' && f.numerator > den)
      out.push(invalid(fp, 'object', 'numerator must be less than or equal to denominator'));
  }
  return out;
}

function validateHeaderModifier(m: unknown, path: string): FieldCause[] {
  const mod = asObj(m);
  const out: FieldCause[] = [];
  for (const op of ['set', 'add']) {
    const list = asArr(mod[op]).map(asObj);
    list.forEach((h, i) => {
      const name = asStr(h.name) ?? '';
      if (!HEADER_NAME_RE.test(name))
        out.push(
          invalid(child(index(child(path, op), i), 'name'), name, patternMsg(HEADER_NAME_RE)),
        );
    });
    out.push(
      ...checkUnique(
        list,
        (h) => asStr(h.name)?.toLowerCase(),
        (i) => child(index(child(path, op), i), 'name'),
      ),
    );
  }
  return out;
}

function validatePathModifier(m: unknown, path: string): FieldCause[] {
  const mod = asObj(m);
  if (m === undefined) return [];
  const out: FieldCause[] = [];
  if (mod.type === 'ReplaceFullPath' && mod.replaceFullPath === undefined)
    out.push(
      invalid(
        path,
        'object',
        "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
      ),
    );
  if (mod.type === 'ReplacePrefixMatch' && mod.replacePrefixMatch === undefined)
    out.push(
      invalid(
        path,
        'object',
        "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
      ),
    );
  if (mod.type !== 'ReplaceFullPath' && mod.replaceFullPath !== undefined)
    out.push(invalid(path, 'object', "type must be 'ReplaceFullPath' when replaceFullPath is set"));
  if (mod.type !== 'ReplacePrefixMatch' && mod.replacePrefixMatch !== undefined)
    out.push(
      invalid(path, 'object', "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"),
    );
  return out;
}

function validateFilters(list: unknown, path: string): FieldCause[] {
  const filters = asArr(list).map(asObj);
  const out: FieldCause[] = [];
  if (filters.length > 16) out.push(tooMany(path, filters.length, 16));
  filters.forEach((f, i) => {
    const p = index(path, i);
    const type = asStr(f.type) ?? '';
    const field = FILTER_FIELDS[type];
    if (!type) out.push(required(child(p, 'type')));
    else if (!field && !type.includes('/'))
      out.push(notSupported(child(p, 'type'), type, Object.keys(FILTER_FIELDS)));
    for (const [t, fld] of Object.entries(FILTER_FIELDS)) {
      if (t === type && f[fld] === undefined)
        out.push(invalid(p, 'object', `filter.${fld} must be specified for ${t} filter.type`));
      if (t !== type && f[fld] !== undefined)
        out.push(invalid(p, 'object', `filter.${fld} must be nil if the filter.type is not ${t}`));
    }
    if (type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier')
      out.push(...validateHeaderModifier(f[field], child(p, field)));
    if (type === 'RequestRedirect') {
      const r = asObj(f.requestRedirect);
      if (r.statusCode !== undefined && ![301, 302, 303, 307, 308].includes(r.statusCode as number))
        out.push(
          notSupported(child(p, 'requestRedirect', 'statusCode'), r.statusCode, [
            '301',
            '302',
            '303',
            '307',
            '308',
          ]),
        );
      if (r.port !== undefined)
        for (const msg of isValidPortNum(r.port as number))
          out.push(invalid(child(p, 'requestRedirect', 'port'), r.port, msg));
      if (typeof r.hostname === 'string')
        for (const msg of gatewayHostnameErrors(r.hostname))
          out.push(invalid(child(p, 'requestRedirect', 'hostname'), r.hostname, msg));
      out.push(...validatePathModifier(r.path, child(p, 'requestRedirect', 'path')));
    }
    if (type === 'URLRewrite') {
      const r = asObj(f.urlRewrite);
      if (typeof r.hostname === 'string')
        for (const msg of gatewayHostnameErrors(r.hostname))
          out.push(invalid(child(p, 'urlRewrite', 'hostname'), r.hostname, msg));
      out.push(...validatePathModifier(r.path, child(p, 'urlRewrite', 'path')));
    }
    if (type === 'CORS') out.push(...validateCors(f.cors, child(p, 'cors')));
    if (type === 'RequestMirror') out.push(...validateMirrorShare(asObj(f.requestMirror), child(p, 'requestMirror')));
    if (type === 'RequestMirror')
      out.push(
        ...validateBackendRefs(
          [asObj(f.requestMirror).backendRef],
          child(p, 'requestMirror', 'backendRef'),
        ).map((c) => ({ ...c, field: c.field.replace(/\[0\]/, '') })),
      );
  });
  const types = filters.map((f) => f.type);
  if (types.includes('RequestRedirect') && types.includes('URLRewrite'))
    out.push(
      invalid(
        path,
        'array',
        'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
      ),
    );
  for (const once of [
    'CORS',
    'RequestHeaderModifier',
    'ResponseHeaderModifier',
    'RequestRedirect',
    'URLRewrite',
  ])
    if (types.filter((t) => t === once).length > 1)
      out.push(invalid(path, 'array', `${once} filter cannot be repeated`));
  return out;
}

function validateHeaderMatches(
  list: unknown,
  path: string,
  types: readonly string[],
): FieldCause[] {
  const headers = asArr(list).map(asObj);
  const out: FieldCause[] = [];
  if (headers.length > 16) out.push(tooMany(path, headers.length, 16));
  headers.forEach((h, i) => {
    const p = index(path, i);
    const name = asStr(h.name) ?? '';
    if (!name) out.push(required(child(p, 'name')));
    else if (!HEADER_NAME_RE.test(name))
      out.push(invalid(child(p, 'name'), name, patternMsg(HEADER_NAME_RE)));
    if (h.type !== undefined && !types.includes(h.type as string))
      out.push(notSupported(child(p, 'type'), h.type, types));
    if (h.value === undefined) out.push(required(child(p, 'value')));
    if (h.type === 'RegularExpression' && typeof h.value === 'string') {
      const why = userRegexProblem(h.value);
      if (why !== undefined)
        out.push(invalid(child(p, 'value'), h.value, `must be a valid regular expression: ${why}`));
    }
  });
  out.push(
    ...checkUnique(
      headers,
      (h) => asStr(h.name)?.toLowerCase(),
      (i) => child(index(path, i), 'name'),
    ),
  );
  return out;
}

function validateTimeouts(t: unknown, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  const timeouts = asObj(t);
  for (const key of ['request', 'backendRequest'])
    if (typeof timeouts[key] === 'string')
      for (const msg of durationErrors(timeouts[key] as string))
        out.push(invalid(child(path, key), timeouts[key], msg));
  if (out.length === 0 && typeof timeouts.request === 'string' && typeof timeouts.backendRequest === 'string') {
    const request = (parseDuration(timeouts.request) ?? 0);
    if (request > 0 && (parseDuration(timeouts.backendRequest) ?? 0) > request)
      out.push(invalid(path, 'object', 'backendRequest timeout cannot be longer than request timeout'));
  }
  return out;
}


/** HTTPRouteRetry: codes 400..599 (a set), attempts >= 1, backoff a Duration. */
export function validateRetry(r: unknown, path: string): FieldCause[] {
  if (r === undefined) return [];
  const retry = asObj(r);
  const out: FieldCause[] = [];
  const codes = asArr(retry.codes);
  codes.forEach((c, i) => {
    if (typeof c === 'number' && (c < 400 || c > 599))
      out.push(invalid(index(child(path, 'codes'), i), c, 'must be between 400 and 599, inclusive'));
  });
  if (new Set(codes).size !== codes.length) out.push(invalid(child(path, 'codes'), 'array', 'must not contain duplicate values'));
  if (typeof retry.attempts === 'number' && retry.attempts < 1)
    out.push(invalid(child(path, 'attempts'), retry.attempts, 'should be greater than or equal to 1'));
  if (typeof retry.backoff === 'string')
    for (const msg of durationErrors(retry.backoff)) out.push(invalid(child(path, 'backoff'), retry.backoff, msg));
  return out;
}

/** SessionPersistence: name length, durations, the two CEL rules. */
export function validateSessionPersistence(sp: unknown, path: string): FieldCause[] {
  if (sp === undefined) return [];
  const s = asObj(sp);
  const out: FieldCause[] = [];
  if (typeof s.sessionName === 'string' && s.sessionName.length > 128)
    out.push(invalid(child(path, 'sessionName'), s.sessionName, 'may not be more than 128 bytes'));
  if (typeof s.absoluteTimeout === 'string')
    for (const msg of durationErrors(s.absoluteTimeout)) out.push(invalid(child(path, 'absoluteTimeout'), s.absoluteTimeout, msg));
  if (s.type !== undefined && !['Cookie', 'Header'].includes(s.type as string))
    out.push(notSupported(child(path, 'type'), s.type, ['Cookie', 'Header']));
  const cookie = s.cookieConfig === undefined ? undefined : asObj(s.cookieConfig);
  if (cookie?.lifetimeType !== undefined && !['Permanent', 'Session'].includes(cookie.lifetimeType as string))
    out.push(notSupported(child(path, 'cookieConfig', 'lifetimeType'), cookie.lifetimeType, ['Permanent', 'Session']));
  if (cookie?.lifetimeType === 'Permanent' && s.absoluteTimeout === undefined)
    out.push(invalid(path, 'object', 'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent'));
  if (cookie !== undefined && (s.type ?? 'Cookie') !== 'Cookie')
    out.push(invalid(path, 'object', 'cookieConfig can only be set with type Cookie'));
  return out;
}

/** What HTTPRoute and GRPCRoute rules share: name (a SectionName) and sessionPersistence. */
function validateRuleCommon(r: Obj, rp: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (r.name !== undefined) {
    const name = asStr(r.name) ?? '';
    if (name.length > 253 || !SECTION_NAME_RE.test(name)) out.push(invalid(child(rp, 'name'), r.name, patternMsg(SECTION_NAME_RE)));
  }
  out.push(...validateSessionPersistence(r.sessionPersistence, child(rp, 'sessionPersistence')));
  return out;
}

const TOTAL_MATCHES_MSG = 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128';

/** The CRD's CEL bound on matches summed over rules (HTTPRoute and GRPCRoute). */
function totalMatchesCause(rules: Obj[]): FieldCause[] {
  const total = rules.reduce((n, r) => n + asArr(r.matches).length, 0);
  return total > 128 ? [invalid('spec.rules', 'array', TOTAL_MATCHES_MSG)] : [];
}

export function validateHTTPRoute(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out = [
    ...validateParentRefs(spec.parentRefs, 'spec.parentRefs'),
    ...validateHostnames(spec.hostnames, 'spec.hostnames'),
  ];
  const rules = asArr(spec.rules).map(asObj);
  if (rules.length > 16) out.push(tooMany('spec.rules', rules.length, 16));
  out.push(...totalMatchesCause(rules));
  rules.forEach((r, i) => {
    const rp = index('spec.rules', i);
    const matches = asArr(r.matches).map(asObj);
    if (matches.length > 64) out.push(tooMany(child(rp, 'matches'), matches.length, 64));
    matches.forEach((m, j) => {
      const mp = index(child(rp, 'matches'), j);
      if (m.path !== undefined) {
        const path = asObj(m.path);
        const type = (asStr(path.type) ?? 'PathPrefix') as string;
        if (!['Exact', 'PathPrefix', 'RegularExpression'].includes(type))
          out.push(
            notSupported(child(mp, 'path', 'type'), path.type, [
              'Exact',
              'PathPrefix',
              'RegularExpression',
            ]),
          );
        else {
          const value = asStr(path.value) ?? '/';
          for (const msg of httpPathErrors(type, value))
            out.push(invalid(child(mp, 'path', 'value'), value, msg));
        }
      }
      out.push(
        ...validateHeaderMatches(m.headers, child(mp, 'headers'), ['Exact', 'RegularExpression']),
      );
      out.push(
        ...validateHeaderMatches(m.queryParams, child(mp, 'queryParams'), [
          'Exact',
          'RegularExpression',
        ]),
      );
    });
    out.push(...validateFilters(r.filters, child(rp, 'filters')));
    out.push(...validateBackendRefs(r.backendRefs, child(rp, 'backendRefs')));
    out.push(...validateTimeouts(r.timeouts, child(rp, 'timeouts')));
    out.push(...validateRetry(r.retry, child(rp, 'retry')));
    if (asArr(r.backendRefs).length > 0 && asArr(r.filters).some((f) => asObj(f).requestRedirect !== undefined))
      out.push(invalid(rp, 'object', 'RequestRedirect filter must not be used together with backendRefs'));
    out.push(...validateRuleCommon(r, rp));
  });
  out.push(
    ...checkUnique(
      rules,
      (r) => r.name,
      (i) => child(index('spec.rules', i), 'name'),
    ),
  );
  return out;
}

// GRPCRoute's Exact service and method patterns (CRD); RegularExpression ones must compile instead.
const GRPC_SERVICE_RE = /^\.?[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/;
const GRPC_METHOD_RE = /^[A-Za-z_][A-Za-z_0-9]*$/;

/** A GRPCRoute method match's service or method value under its match type. */
export function grpcMethodMatchErrors(field: 'service' | 'method', type: string, value: string): string[] {
  if (value.length > 1024) return ['may not be more than 1024 bytes'];
  if (type === 'RegularExpression') {
    const why = userRegexProblem(value);
    return why === undefined ? [] : [`must be a valid regular expression: ${why}`];
  }
  const re = field === 'service' ? GRPC_SERVICE_RE : GRPC_METHOD_RE;
  return re.test(value) ? [] : [patternMsg(re)];
}

export function validateGRPCRoute(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out = [
    ...validateParentRefs(spec.parentRefs, 'spec.parentRefs'),
    ...validateHostnames(spec.hostnames, 'spec.hostnames'),
    ...totalMatchesCause(asArr(spec.rules).map(asObj)),
  ];
  asArr(spec.rules)
    .map(asObj)
    .forEach((r, i) => {
      const rp = index('spec.rules', i);
      asArr(r.matches)
        .map(asObj)
        .forEach((m, j) => {
          const mp = index(child(rp, 'matches'), j);
          const method = asObj(m.method);
          if (m.method !== undefined) {
            if (!method.service && !method.method)
              out.push(
                invalid(
                  child(mp, 'method'),
                  'object',
                  "One or both of 'service' or 'method' must be specified",
                ),
              );
            if (
              method.type !== undefined &&
              !['Exact', 'RegularExpression'].includes(method.type as string)
            )
              out.push(
                notSupported(child(mp, 'method', 'type'), method.type, [
                  'Exact',
                  'RegularExpression',
                ]),
              );
            for (const f of ['service', 'method'] as const)
              if (typeof method[f] === 'string')
                for (const msg of grpcMethodMatchErrors(f, asStr(method.type) || 'Exact', method[f] as string))
                  out.push(invalid(child(mp, 'method', f), method[f], msg));
          }
          out.push(
            ...validateHeaderMatches(m.headers, child(mp, 'headers'), [
              'Exact',
              'RegularExpression',
            ]),
          );
        });
      out.push(...validateFilters(r.filters, child(rp, 'filters')));
      out.push(...validateBackendRefs(r.backendRefs, child(rp, 'backendRefs')));
      out.push(...validateRuleCommon(r, rp));
    });
  out.push(
    ...checkUnique(
      asArr(spec.rules).map(asObj),
      (r) => r.name,
      (i) => child(index('spec.rules', i), 'name'),
    ),
  );
  return out;
}

/** TCPRoute, UDPRoute and TLSRoute at v1 take one rule; their older versions up to 16. */
const isV1 = (obj: Obj) => typeof obj.apiVersion === 'string' && obj.apiVersion.endsWith('/v1');

const ruleCount = (o: Obj | undefined) => asArr(asObj(o?.spec).rules).length;

/**
 * An object stored through an older version may break a v1-only rule; like the API server's CRD
 * validation ratcheting, an update that leaves the field as it was is not refused for it (the
 * gateway's status writes and `kubectl label` keep working on such objects).
 */
export function validateTCPRoute(obj: Obj, old?: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out = validateParentRefs(spec.parentRefs, 'spec.parentRefs');
  const rules = asArr(spec.rules).map(asObj);
  const maxRules = isV1(obj) && !(old && ruleCount(old) === rules.length) ? 1 : 16;
  if (rules.length === 0) out.push(required('spec.rules'));
  if (rules.length > maxRules) out.push(tooMany('spec.rules', rules.length, maxRules));
  rules.forEach((r, i) =>
    out.push(
      ...validateBackendRefs(r.backendRefs, child(index('spec.rules', i), 'backendRefs'), true),
    ),
  );
  return out;
}

/** UDPRoute v1: the same shape and rules as TCPRoute. */
export const validateUDPRoute = validateTCPRoute;

/** TLSRoute: a TCPRoute with SNI hostnames. */
export function validateTLSRoute(obj: Obj, old?: Obj): FieldCause[] {
  const out = [...validateTCPRoute(obj, old), ...validateHostnames(asObj(obj.spec).hostnames, 'spec.hostnames', isV1(obj) ? 1024 : 16)];
  // v1: at least one hostname (v1alpha2/v1alpha3 allowed none: a catch-all for its listener)
  const none = (o: Obj | undefined) => asArr(asObj(o?.spec).hostnames).length === 0;
  if (isV1(obj) && none(obj) && !(old && none(old))) out.push(required('spec.hostnames'));
  return out;
}

const LISTENER_PROTOCOLS_NO_TLS = ['HTTP', 'TCP', 'UDP'];
const LISTENER_PROTOCOLS_TLS = ['HTTPS', 'TLS'];

export function validateGateway(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  if (!asStr(spec.gatewayClassName)) out.push(required('spec.gatewayClassName'));
  const listeners = asArr(spec.listeners).map(asObj);
  if (listeners.length === 0) out.push(required('spec.listeners'));
  if (listeners.length > 64) out.push(tooMany('spec.listeners', listeners.length, 64));
  listeners.forEach((l, i) => {
    const lp = index('spec.listeners', i);
    const name = asStr(l.name);
    if (!name) out.push(required(child(lp, 'name')));
    else if (!SECTION_NAME_RE.test(name))
      out.push(invalid(child(lp, 'name'), name, patternMsg(SECTION_NAME_RE)));
    if (l.port === undefined) out.push(required(child(lp, 'port')));
    else
      for (const msg of isValidPortNum(l.port as number))
        out.push(invalid(child(lp, 'port'), l.port, msg));
    const protocol = asStr(l.protocol);
    if (!protocol) out.push(required(child(lp, 'protocol')));
    else if (!PROTOCOL_RE.test(protocol))
      out.push(invalid(child(lp, 'protocol'), protocol, patternMsg(PROTOCOL_RE)));
    const hostname = asStr(l.hostname);
    if (hostname)
      for (const msg of gatewayHostnameErrors(hostname))
        out.push(invalid(child(lp, 'hostname'), hostname, msg));
    if (protocol && LISTENER_PROTOCOLS_TLS.includes(protocol) && l.tls === undefined)
      out.push(
        invalid('spec.listeners', 'array', "tls must be specified for protocols ['HTTPS', 'TLS']"),
      );
    if (protocol && LISTENER_PROTOCOLS_NO_TLS.includes(protocol) && l.tls !== undefined)
      out.push(
        invalid(
          'spec.listeners',
          'array',
          "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
        ),
      );
    if (protocol && ['TCP', 'UDP'].includes(protocol) && hostname)
      out.push(
        invalid(
          'spec.listeners',
          'array',
          "hostname must not be specified for protocols ['TCP', 'UDP']",
        ),
      );
    const tls = asObj(l.tls);
    if (tls.mode !== undefined && !['Terminate', 'Passthrough'].includes(tls.mode as string))
      out.push(notSupported(child(lp, 'tls', 'mode'), tls.mode, ['Terminate', 'Passthrough']));
    if (
      protocol === 'HTTPS' &&
      (tls.mode ?? 'Terminate') === 'Terminate' &&
      asArr(tls.certificateRefs).length === 0 &&
      l.tls !== undefined
    )
      out.push(
        invalid(
          child(lp, 'tls'),
          'object',
          'certificateRefs or options must be specified when mode is Terminate',
        ),
      );
    const from = asObj(asObj(l.allowedRoutes).namespaces).from;
    if (from !== undefined && !['All', 'Same', 'Selector'].includes(from as string))
      out.push(
        notSupported(child(lp, 'allowedRoutes', 'namespaces', 'from'), from, [
          'All',
          'Same',
          'Selector',
        ]),
      );
  });
  if (new Set(listeners.map((l) => l.name)).size !== listeners.length)
    out.push(invalid('spec.listeners', 'array', 'Listener name must be unique within the Gateway'));
  const combos = listeners.map((l) => `${l.port}/${l.protocol}/${l.hostname ?? ''}`);
  if (new Set(combos).size !== combos.length)
    out.push(
      invalid(
        'spec.listeners',
        'array',
        'Combination of port, protocol and hostname must be unique for each listener',
      ),
    );
  return out;
}

export function validateGatewayClass(obj: Obj, old?: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const controller = asStr(spec.controllerName) ?? '';
  if (!controller) out.push(required('spec.controllerName'));
  else
    for (const msg of isDomainPrefixedPath(controller))
      out.push(invalid('spec.controllerName', controller, msg));
  if (old && asStr(asObj(old.spec).controllerName) !== controller)
    out.push(invalid('spec.controllerName', controller, 'Value is immutable'));
  return out;
}

export function validateReferenceGrant(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const from = asArr(spec.from).map(asObj);
  const to = asArr(spec.to).map(asObj);
  if (from.length === 0) out.push(required('spec.from'));
  if (to.length === 0) out.push(required('spec.to'));
  from.forEach((f, i) => {
    const p = index('spec.from', i);
    if (f.group === undefined) out.push(required(child(p, 'group')));
    if (!asStr(f.kind)) out.push(required(child(p, 'kind')));
    if (!asStr(f.namespace)) out.push(required(child(p, 'namespace')));
  });
  to.forEach((t, i) => {
    const p = index('spec.to', i);
    if (t.group === undefined) out.push(required(child(p, 'group')));
    if (!asStr(t.kind)) out.push(required(child(p, 'kind')));
  });
  return out;
}

/** ListenerSet v1: a parentRef to a Gateway and 1..64 listeners checked as a Gateway's are. */
export function validateListenerSet(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const parent = asObj(spec.parentRef);
  if (spec.parentRef === undefined) out.push(required('spec.parentRef'));
  else if (!asStr(parent.name)) out.push(required('spec.parentRef.name'));
  if (parent.kind !== undefined && parent.kind !== 'Gateway')
    out.push(notSupported('spec.parentRef.kind', parent.kind, ['Gateway']));
  if (parent.group !== undefined && parent.group !== '' && parent.group !== 'gateway.networking.k8s.io')
    out.push(notSupported('spec.parentRef.group', parent.group, ['gateway.networking.k8s.io']));
  // The listener rules are the Gateway's (same field path: spec.listeners).
  out.push(...validateGateway({ spec: { gatewayClassName: 'listenerset', listeners: spec.listeners } }));
  asArr(spec.listeners)
    .map(asObj)
    .forEach((l) => {
      const mode = asObj(l.tls).mode;
      if (l.protocol === 'HTTPS' && l.tls !== undefined && mode !== undefined && mode !== '' && mode !== 'Terminate')
        out.push(invalid('spec.listeners', 'array', 'tls mode must be Terminate for protocol HTTPS'));
      if (l.protocol === 'TLS' && (mode === undefined || mode === ''))
        out.push(invalid('spec.listeners', 'array', 'tls mode must be set for protocol TLS'));
    });
  return out;
}

const WELL_KNOWN_CA = ['System'];

/** BackendTLSPolicy v1: targetRefs, the validation block and its CEL rules. */
export function validateBackendTLSPolicy(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const targets = asArr(spec.targetRefs).map(asObj);
  if (targets.length === 0) out.push(required('spec.targetRefs'));
  if (targets.length > 16) out.push(tooMany('spec.targetRefs', targets.length, 16));
  targets.forEach((t, i) => {
    const p = index('spec.targetRefs', i);
    if (t.group === undefined) out.push(required(child(p, 'group')));
    if (!asStr(t.kind)) out.push(required(child(p, 'kind')));
    if (!asStr(t.name)) out.push(required(child(p, 'name')));
    const section = asStr(t.sectionName);
    if (section && !SECTION_NAME_RE.test(section)) out.push(invalid(child(p, 'sectionName'), section, patternMsg(SECTION_NAME_RE)));
  });
  const key = (t: Obj) => `${String(t.group ?? '')}/${String(t.kind ?? '')}/${String(t.name ?? '')}`;
  targets.forEach((a, i) => {
    const same = targets.filter((b) => key(b) === key(a));
    if (same.length < 2) return;
    if (same.some((b) => !asStr(b.sectionName)) && same.some((b) => asStr(b.sectionName)))
      out.push(invalid('spec.targetRefs', 'array', 'sectionName must be specified when targetRefs includes 2 or more references to the same target'));
    else if (same.filter((b) => (asStr(b.sectionName) ?? '') === (asStr(a.sectionName) ?? '')).length > 1 && i === targets.indexOf(same[0]))
      out.push(invalid('spec.targetRefs', 'array', 'sectionName must be unique when targetRefs includes 2 or more references to the same target'));
  });
  if (spec.validation === undefined) {
    out.push(required('spec.validation'));
    return out;
  }
  const v = asObj(spec.validation);
  const vp = 'spec.validation';
  const host = asStr(v.hostname);
  if (!host) out.push(required(child(vp, 'hostname')));
  else if (host.startsWith('*.') || gatewayHostnameErrors(host).length)
    out.push(invalid(child(vp, 'hostname'), host, 'must be a precise DNS name (no wildcard, not an IP address)'));
  const cas = asArr(v.caCertificateRefs).map(asObj);
  if (cas.length > 8) out.push(tooMany(child(vp, 'caCertificateRefs'), cas.length, 8));
  cas.forEach((c, i) => {
    const p = index(child(vp, 'caCertificateRefs'), i);
    if (c.group === undefined) out.push(required(child(p, 'group')));
    if (!asStr(c.kind)) out.push(required(child(p, 'kind')));
    if (!asStr(c.name)) out.push(required(child(p, 'name')));
  });
  const wellKnown = asStr(v.wellKnownCACertificates) ?? '';
  if (wellKnown && !WELL_KNOWN_CA.includes(wellKnown))
    out.push(notSupported(child(vp, 'wellKnownCACertificates'), wellKnown, WELL_KNOWN_CA));
  if (cas.length > 0 && wellKnown) out.push(invalid(vp, 'object', 'must not contain both CACertificateRefs and WellKnownCACertificates'));
  if (cas.length === 0 && !wellKnown) out.push(invalid(vp, 'object', 'must specify either CACertificateRefs or WellKnownCACertificates'));
  const sans = asArr(v.subjectAltNames).map(asObj);
  if (sans.length > 5) out.push(tooMany(child(vp, 'subjectAltNames'), sans.length, 5));
  sans.forEach((san, i) => {
    const p = index(child(vp, 'subjectAltNames'), i);
    if (san.type !== 'Hostname' && san.type !== 'URI') out.push(notSupported(child(p, 'type'), san.type, ['Hostname', 'URI']));
    const h = asStr(san.hostname) ?? '';
    const u = asStr(san.uri) ?? '';
    if (san.type === 'Hostname' && !h) out.push(invalid(p, 'object', 'SubjectAltName element must contain Hostname, if Type is set to Hostname'));
    if (san.type !== 'Hostname' && h) out.push(invalid(p, 'object', 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname'));
    if (san.type === 'URI' && !u) out.push(invalid(p, 'object', 'SubjectAltName element must contain URI, if Type is set to URI'));
    if (san.type !== 'URI' && u) out.push(invalid(p, 'object', 'SubjectAltName element must not contain URI, if Type is not set to URI'));
    if (h) for (const msg of gatewayHostnameErrors(h)) out.push(invalid(child(p, 'hostname'), h, msg));
  });
  const options = Object.keys(asObj(spec.options));
  if (options.length > 16) out.push(tooMany('spec.options', options.length, 16));
  return out;
}

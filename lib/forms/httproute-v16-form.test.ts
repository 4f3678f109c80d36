/**
 * The v1.6 parts of the HTTPRoute form (CORS filter, mirror share, rule name, retry, session
 * persistence): lossless form <-> manifest, the CRD's rules on the form's fields (the same
 * wording as the dev cluster's validation), and the offer by the Gateways' supportedFeatures.
 */
import { describe, expect, it } from 'vitest';
import { validateObject } from '../k8s';
import { emptyFilter, emptyHttpRule, formToHttpRoute, httpRouteFieldToFormField, httpRouteToForm, type HttpRouteForm } from './httproute-form';
import { httpRouteFormSchema } from './httproute-form-schema';
import { featureSupport } from './route-features';
import type { GatewayChoice } from '../console/rows';

const route = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'shop', namespace: 'demo' },
  spec: {
    parentRefs: [{ name: 'portico', namespace: 'portico-system' }],
    rules: [
      {
        name: 'api',
        filters: [
          {
            type: 'CORS',
            cors: { allowOrigins: ['https://shop.example.com', 'https://*.example.org'], allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'], exposeHeaders: ['X-Request-Id'], maxAge: 600, allowCredentials: true, future: 'kept' },
          },
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, fraction: { numerator: 1 } } },
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 81 }, percent: 25 } },
        ],
        backendRefs: [{ name: 'echo', port: 80 }],
        retry: { codes: [502, 503], attempts: 3, backoff: '100ms' },
        sessionPersistence: { sessionName: 'shop-session', type: 'Cookie', absoluteTimeout: '1h', cookieConfig: { lifetimeType: 'Permanent' }, idleTimeout: '10m' },
      },
      { backendRefs: [{ name: 'echo', port: 80 }], retry: {} , sessionPersistence: { type: 'Header' } },
    ],
  },
};

const formOf = (o: unknown) => httpRouteToForm(o, 'demo');
const errorsOf = (f: HttpRouteForm) => {
  const r = httpRouteFormSchema.safeParse(f);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('HTTPRoute form: v1.6 fields', () => {
  it('reads CORS, the mirror share, rule name, retry and session persistence', () => {
    const f = formOf(route);
    const [cors, fraction, percent] = f.rules[0].filters;
    expect(cors).toMatchObject({ type: 'CORS', corsAllowOrigins: 'https://shop.example.com, https://*.example.org', corsAllowMethods: 'GET, POST', corsAllowHeaders: 'Content-Type', corsExposeHeaders: 'X-Request-Id', corsMaxAge: '600', corsAllowCredentials: 'true' });
    expect(fraction.mirrorShare).toBe('1/100');
    expect(percent.mirrorShare).toBe('25');
    expect(f.rules[0]).toMatchObject({ ruleName: 'api', retry: true, retryCodes: '502, 503', retryAttempts: '3', retryBackoff: '100ms', session: true, sessionType: 'Cookie', sessionName: 'shop-session', sessionAbsoluteTimeout: '1h', sessionLifetime: 'Permanent' });
    expect(f.rules[1]).toMatchObject({ ruleName: '', retry: true, retryCodes: '', session: true, sessionType: 'Header' });
  });

  it('an untouched form gives back the identical object (unknown keys such as idleTimeout kept), and it is valid', () => {
    const f = formOf(route);
    expect(formToHttpRoute(f, route, 'demo')).toEqual(route);
    expect(errorsOf(f)).toEqual({});
    expect(validateObject(route)).toEqual([]);
  });

  it('writes edits: new CORS filter, percent <-> fraction, retry and session off, a rule name', () => {
    const f = formOf(route);
    f.rules[0].filters[1].mirrorShare = '1/3';
    f.rules[0].filters[2].mirrorShare = '';
    f.rules[1].retry = false;
    f.rules[1].session = false;
    f.rules[1].ruleName = 'fallback';
    f.rules[1].filters.push({ ...emptyFilter('CORS'), corsAllowOrigins: '*', corsMaxAge: '60' });
    const out = formToHttpRoute(f, route, 'demo') as typeof route;
    const [r0, r1] = out.spec.rules as Array<Record<string, unknown>>;
    expect((r0.filters as Array<{ requestMirror?: unknown }>)[1].requestMirror).toEqual({ backendRef: { name: 'shadow', port: 80 }, fraction: { numerator: 1, denominator: 3 } });
    expect((r0.filters as Array<{ requestMirror?: unknown }>)[2].requestMirror).toEqual({ backendRef: { name: 'shadow', port: 81 } });
    expect(r1).toEqual({ backendRefs: [{ name: 'echo', port: 80 }], name: 'fallback', filters: [{ type: 'CORS', cors: { allowOrigins: ['*'], maxAge: 60 } }] });
    expect(validateObject(out)).toEqual([]);
  });

  it('a new rule with retry and a header session writes only what was filled in', () => {
    const f = formOf({ ...route, spec: { parentRefs: route.spec.parentRefs } });
    f.rules = [{ ...emptyHttpRule(), backends: [{ service: 'echo', port: '80', weight: '' }], retry: true, retryCodes: '503', session: true, sessionType: 'Header', sessionName: 'x-session' }];
    const out = formToHttpRoute(f, route, 'demo') as typeof route;
    expect(out.spec.rules[0]).toMatchObject({ retry: { codes: [503] }, sessionPersistence: { type: 'Header', sessionName: 'x-session' } });
    expect(out.spec.rules[0].sessionPersistence).not.toHaveProperty('cookieConfig');
  });

  it('checks the fields as the CRD does, on the field at fault', () => {
    const f = formOf(route);
    Object.assign(f.rules[0].filters[0], { corsAllowOrigins: '*, https://a.example.com', corsAllowMethods: 'GET, FETCH', corsMaxAge: 'soon' });
    f.rules[0].filters[1].mirrorShare = '3/2';
    f.rules[0].filters[2].mirrorShare = '150';
    Object.assign(f.rules[0], { retryCodes: '200, 503', retryBackoff: '1 second', sessionAbsoluteTimeout: '' });
    f.rules[1].ruleName = 'API';
    const e = errorsOf(f);
    expect(e['rules.0.filters.0.corsMaxAge']).toBe('must be a whole number of seconds');
    expect(e['rules.0.filters.1.mirrorShare']).toBe('Invalid value: "object": numerator must be less than or equal to denominator');
    expect(e['rules.0.filters.2.mirrorShare']).toBe('Invalid value: 150: must be between 0 and 100, inclusive');
    expect(e['rules.0.retryCodes']).toBe('Invalid value: 200: must be between 400 and 599, inclusive');
    expect(e['rules.0.retryBackoff']).toMatch(/^Invalid value: "1 second": should match/);
    expect(e['rules.0.sessionLifetime']).toBe('Invalid value: "object": AbsoluteTimeout must be specified when cookie lifetimeType is Permanent');
    expect(e['rules.1.ruleName']).toMatch(/^Invalid value: "API": a lowercase RFC 1123 subdomain/);
    f.rules[0].filters[0].corsMaxAge = '';
    expect(errorsOf(f)['rules.0.filters.0.corsAllowOrigins']).toBe("Invalid value: \"array\": AllowOrigins cannot contain '*' alongside other origins");
    expect(errorsOf(f)['rules.0.filters.0.corsAllowMethods']).toMatch(/^Unsupported value: "FETCH": supported values: "GET"/);
    const dup = formOf(route);
    dup.rules[1].ruleName = 'api';
    expect(errorsOf(dup)['rules.1.ruleName']).toBe('Duplicate value: "api"');
  });

  it('maps API field paths of the new fields to form fields', () => {
    const f = formOf(route);
    expect(httpRouteFieldToFormField('spec.rules[0].filters[0].cors.allowOrigins[1]', f)).toBe('rules.0.filters.0.corsAllowOrigins');
    expect(httpRouteFieldToFormField('spec.rules[0].filters[2].requestMirror.percent', f)).toBe('rules.0.filters.2.mirrorShare');
    expect(httpRouteFieldToFormField('spec.rules[0].retry.codes[0]', f)).toBe('rules.0.retryCodes');
    expect(httpRouteFieldToFormField('spec.rules[0].sessionPersistence.absoluteTimeout', f)).toBe('rules.0.sessionAbsoluteTimeout');
    expect(httpRouteFieldToFormField('spec.rules[1].name', f)).toBe('rules.1.ruleName');
  });
});

describe('featureSupport: what the chosen Gateways offer', () => {
  const gw = (name: string, supportedFeatures?: string[]): GatewayChoice => ({ namespace: 'portico-system', name, listeners: [], ...(supportedFeatures ? { supportedFeatures } : {}) });
  const choices = [gw('full', ['HTTPRoute', 'HTTPRouteCORS', 'HTTPRouteRetry', 'HTTPRouteNamedRouteRule', 'HTTPRouteRequestPercentageMirror']), gw('basic', ['HTTPRoute']), gw('old')];

  it('offers a field when every chosen Gateway lists its feature', () => {
    const s = featureSupport([{ gateway: 'portico-system/full' }], choices);
    expect(['cors', 'retry', 'ruleName', 'mirrorShare', 'session'].map((f) => s.offered(f as never))).toEqual([true, true, true, true, false]);
    expect(s.missingOn('session')).toEqual(['portico-system/full']);
  });
  it('one Gateway without the feature withholds it and is named', () => {
    const s = featureSupport([{ gateway: 'portico-system/full' }, { gateway: 'portico-system/basic' }], choices);
    expect(s.offered('cors')).toBe(false);
    expect(s.missingOn('cors')).toEqual(['portico-system/basic']);
  });
  it('a class listing no features, or a Gateway typed by hand, restricts nothing', () => {
    expect(featureSupport([{ gateway: 'portico-system/old' }, { gateway: 'elsewhere/typed' }], choices).offered('cors')).toBe(true);
  });
});

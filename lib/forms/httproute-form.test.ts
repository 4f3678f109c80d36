import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateObject } from '../k8s';
import {
  cutsToWeights,
  emptyBackend,
  emptyFilter,
  emptyHttpRule,
  formToHttpRoute,
  httpRouteFieldToFormField,
  httpRouteToForm,
  newHttpRouteBase,
  weightsToCuts,
} from './httproute-form';
import { httpRouteFormSchema } from './httproute-form-schema';

const full = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'shop', namespace: 'demo', resourceVersion: '7', labels: { app: 'shop' } },
  spec: {
    foo: { keep: true },
    parentRefs: [{ name: 'web', sectionName: 'http' }, { name: 'shared', namespace: 'portico-system', group: 'gateway.networking.k8s.io', kind: 'Gateway' }],
    hostnames: ['shop.example.com', '*.apps.example.com'],
    rules: [
      {
        name: 'main',
        matches: [
          { path: { value: '/canary' }, headers: [{ name: 'x-env', value: 'beta' }], extra: 1 },
          { path: { type: 'RegularExpression', value: '^/v[0-9]+' }, method: 'POST', queryParams: [{ type: 'RegularExpression', name: 'q', value: 'a.*' }] },
          { method: 'GET' },
        ],
        filters: [
          { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }], remove: ['x-b', 'x-c'] } },
          { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Thing', name: 'x' } },
          { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
          { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 } } },
        ],
        backendRefs: [
          { name: 'echo', port: 80, weight: 80, filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-v', value: '1' }] } }] },
          { name: 'echo-canary', port: 80, weight: 20 },
        ],
        timeouts: { request: '10s', other: 'kept' },
      },
      { backendRefs: [{ name: 'echo', port: 80 }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
    ],
  },
  status: { parents: [] },
};

describe('httpRouteToForm', () => {
  it('reads the fields the form shows', () => {
    const f = httpRouteToForm(full, 'demo');
    expect(f.name).toBe('shop');
    expect(f.parents).toEqual([
      { gateway: 'demo/web', sectionName: 'http' },
      { gateway: 'portico-system/shared', sectionName: '' },
    ]);
    expect(f.hostnames.map((h) => h.value)).toEqual(['shop.example.com', '*.apps.example.com']);
    const r = f.rules[0];
    expect(r.matches[0]).toEqual({ pathType: 'PathPrefix', pathValue: '/canary', method: '', headers: [{ type: 'Exact', name: 'x-env', value: 'beta' }], queryParams: [] });
    expect(r.matches[1]).toMatchObject({ pathType: 'RegularExpression', pathValue: '^/v[0-9]+', method: 'POST' });
    expect(r.matches[2]).toMatchObject({ pathType: '', method: 'GET' });
    expect(r.backends).toEqual([
      { service: 'echo', port: '80', weight: '80' },
      { service: 'echo-canary', port: '80', weight: '20' },
    ]);
    expect(r.filters.map((x) => x.type)).toEqual(['RequestHeaderModifier', 'Other', 'URLRewrite', 'RequestMirror']);
    expect(r.filters[0]).toMatchObject({ set: [{ name: 'x-a', value: '1' }], remove: 'x-b, x-c' });
    expect(r.filters[1].otherType).toBe('ExtensionRef');
    expect(r.filters[2]).toMatchObject({ pathModifier: 'ReplacePrefixMatch', path: '/' });
    expect(r.filters[3]).toMatchObject({ mirrorService: 'shadow', mirrorPort: '80' });
    expect(r.timeoutRequest).toBe('10s');
    expect(f.rules[1].filters[0]).toMatchObject({ type: 'RequestRedirect', scheme: 'https', statusCode: '301' });
  });
});

describe('formToHttpRoute', () => {
  it('gives back an identical object for an untouched form (unknown fields kept)', () => {
    const out = formToHttpRoute(httpRouteToForm(full, 'demo'), full, 'demo');
    expect(out).toEqual(full);
    expect(Object.keys(out.spec as object)).toEqual(Object.keys(full.spec));
  });

  it('survives form -> YAML -> form with an unknown field', () => {
    const f = httpRouteToForm(full, 'demo');
    f.hostnames[0].value = 'store.example.com';
    const yaml = stringify(formToHttpRoute(f, full, 'demo'));
    const back = parse(yaml);
    expect(back.spec.foo).toEqual({ keep: true });
    expect(back.spec.rules[0].backendRefs[0].filters).toHaveLength(1);
    expect(back.spec.rules[0].timeouts.other).toBe('kept');
    expect(httpRouteToForm(back, 'demo')).toEqual(f);
  });

  it('keeps an ExtensionRef filter when a filter before it is removed', () => {
    const f = httpRouteToForm(full, 'demo');
    f.rules[0].filters.splice(0, 1);
    const out = formToHttpRoute(f, full, 'demo') as typeof full;
    expect(out.spec.rules[0].filters[0]).toEqual(full.spec.rules[0].filters[1]);
    expect(out.spec.rules[0].filters[1]).toEqual(full.spec.rules[0].filters[2]);
  });

  it('writes a new route from a blank form with only the fields filled in', () => {
    const f = httpRouteToForm(newHttpRouteBase('demo'), 'demo');
    f.name = 'canary';
    f.parents = [{ gateway: 'portico-system/portico', sectionName: 'http' }];
    f.rules = [emptyHttpRule()];
    f.rules[0].matches[0].pathValue = '/canary';
    f.rules[0].backends = [
      { service: 'echo', port: '80', weight: '80' },
      { service: 'echo-canary', port: '80', weight: '20' },
    ];
    const out = formToHttpRoute(f, newHttpRouteBase('demo'), 'demo');
    expect(out).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'canary', namespace: 'demo' },
      spec: {
        parentRefs: [{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/canary' } }],
            backendRefs: [
              { name: 'echo', port: 80, weight: 80 },
              { name: 'echo-canary', port: 80, weight: 20 },
            ],
          },
        ],
      },
    });
    expect(validateObject(out)).toEqual([]);
  });

  it('switching a filter type drops the old type and writes the new one', () => {
    const f = httpRouteToForm(full, 'demo');
    f.rules[0].filters[0] = { ...emptyFilter('ResponseHeaderModifier'), add: [{ name: 'x-served-by', value: 'portico' }] };
    const out = formToHttpRoute(f, full, 'demo') as typeof full;
    expect(out.spec.rules[0].filters[0]).toEqual({ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-served-by', value: 'portico' }] } });
  });

  it('removing the last header match removes the key; removing a path condition removes path', () => {
    const f = httpRouteToForm(full, 'demo');
    f.rules[0].matches[0].headers = [];
    f.rules[0].matches[0].pathType = '';
    const out = formToHttpRoute(f, full, 'demo') as { spec: { rules: { matches: Record<string, unknown>[] }[] } };
    expect(out.spec.rules[0].matches[0]).toEqual({ extra: 1 });
  });
});

describe('canary split', () => {
  it('turns weights into thumb positions and back', () => {
    expect(weightsToCuts(['80', '20'])).toEqual([80]);
    expect(weightsToCuts(['1', '3'])).toEqual([25]);
    expect(weightsToCuts(['', ''])).toEqual([50]);
    expect(weightsToCuts(['0', '0', '0'])).toEqual([33, 67]);
    expect(cutsToWeights([80])).toEqual(['80', '20']);
    expect(cutsToWeights([60, 30])).toEqual(['30', '30', '40']);
    expect(cutsToWeights([weightsToCuts(['50', '30', '20'])].flat())).toEqual(['50', '30', '20']);
  });
});

describe('httpRouteFormSchema', () => {
  const valid = () => {
    const f = httpRouteToForm(newHttpRouteBase('demo'), 'demo');
    f.name = 'r';
    f.parents = [{ gateway: 'demo/web', sectionName: '' }];
    f.rules = [{ ...emptyHttpRule(), backends: [{ ...emptyBackend(), service: 'echo', port: '80' }] }];
    return f;
  };
  const issues = (f: unknown) => {
    const r = httpRouteFormSchema.safeParse(f);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a valid form', () => expect(issues(valid())).toEqual([]));

  it('refuses an invalid hostname on its field, accepts a wildcard', () => {
    const f = valid();
    f.hostnames = [{ value: '*.example.com' }, { value: 'Bad_Host' }, { value: '10.0.0.1' }];
    const out = issues(f);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^hostnames\.1\.value: Invalid value: "Bad_Host": should match/);
    expect(out[1]).toMatch(/^hostnames\.2\.value: .*not an IP/);
  });

  it('checks paths, headers, ports, weights, timeouts and filters where they are', () => {
    const f = valid();
    const r = f.rules[0];
    r.matches[0].pathValue = 'no-slash';
    r.matches[0].headers = [{ type: 'Exact', name: 'bad header', value: 'x' }];
    r.backends.push({ service: 'echo', port: 'http', weight: '-1' });
    r.timeoutRequest = '10 seconds';
    r.filters = [emptyFilter('RequestMirror')];
    const out = issues(f).map((s) => s.split(':')[0]);
    expect(out).toEqual([
      'rules.0.matches.0.pathValue',
      'rules.0.matches.0.headers.0.name',
      'rules.0.backends.1.port',
      'rules.0.backends.1.weight',
      'rules.0.filters.0.mirrorService',
      'rules.0.timeoutRequest',
    ]);
  });

  it('needs a Gateway and a backend', () => {
    const f = valid();
    f.parents = [];
    f.rules[0].backends = [];
    expect(issues(f).map((s) => s.split(':')[0])).toEqual(['parents', 'rules.0.backends']);
  });
});

describe('httpRouteFieldToFormField', () => {
  const f = httpRouteToForm(full, 'demo');
  it.each([
    ['spec.hostnames[1]', 'hostnames.1.value'],
    ['spec.parentRefs[0].sectionName', 'parents.0.sectionName'],
    ['spec.rules[0].matches[1].path.value', 'rules.0.matches.1.pathValue'],
    ['spec.rules[0].matches[0].headers[0].name', 'rules.0.matches.0.headers.0.name'],
    ['spec.rules[0].backendRefs[1]', 'rules.0.backends.1.port'],
    ['spec.rules[0].backendRefs[0].weight', 'rules.0.backends.0.weight'],
    ['spec.rules[0].timeouts.request', 'rules.0.timeoutRequest'],
    ['metadata.name', 'name'],
  ])('%s -> %s', (k8s, form) => expect(httpRouteFieldToFormField(k8s, f)).toBe(form));
  it('returns null for fields the form does not show', () => {
    expect(httpRouteFieldToFormField('spec.foo', f)).toBeNull();
    expect(httpRouteFieldToFormField('spec.rules[9].matches[0].path.value', f)).toBeNull();
  });
});

describe('editor JSON schemas', () => {
  it('documents HTTPRoute and TCPRoute fields', async () => {
    const { makeHttpRouteJsonSchema, makeTcpRouteJsonSchema } = await import('./httproute-json-schema');
    const http = makeHttpRouteJsonSchema() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(http.properties.spec.properties.hostnames.description).toMatch(/Host names/);
    expect(http.properties.spec.properties.rules.items.properties.backendRefs.items.properties.weight.description).toMatch(/canary/);
    const tcp = makeTcpRouteJsonSchema() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(tcp.properties.kind.description).toMatch(/TCPRoute/);
  });
});

import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { emptyRule, formToIngress, ingressToForm, newIngressBase, type IngressForm } from './ingress-form';

const full = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'shop',
    namespace: 'demo',
    resourceVersion: '42',
    labels: { app: 'shop', tier: 'web' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'portico.dev/alias': 'Shop',
      'nginx.ingress.kubernetes.io/rewrite-target': '/',
      'portico.dev/description': 'The shop front',
    },
  },
  spec: {
    foo: { bar: [1, 2] },
    ingressClassName: 'portico',
    tls: [
      { hosts: ['shop.example.com', 'unmanaged.example.com'], secretName: 'shop-tls', extra: true },
      { secretName: 'default-cert' },
    ],
    rules: [
      {
        host: 'shop.example.com',
        ruleExtra: 'x',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } }, pathExtra: 1 },
            { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } },
          ],
        },
      },
      { host: '*.apps.example.com', http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
    ],
  },
  status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
};

describe('ingressToForm', () => {
  it('reads the fields the form shows', () => {
    const f = ingressToForm(full);
    expect(f.name).toBe('shop');
    expect(f.alias).toBe('Shop');
    expect(f.description).toBe('The shop front');
    expect(f.annotations).toEqual([{ key: 'nginx.ingress.kubernetes.io/rewrite-target', value: '/' }]);
    expect(f.labels).toEqual([
      { key: 'app', value: 'shop' },
      { key: 'tier', value: 'web' },
    ]);
    expect(f.rules[0]).toEqual({
      host: 'shop.example.com',
      protocol: 'https',
      tlsSecret: 'shop-tls',
      paths: [
        { path: '/', pathType: 'Prefix', service: 'web', port: '80' },
        { path: '/api', pathType: 'Exact', service: 'api', port: 'http' },
      ],
    });
    expect(f.rules[1].protocol).toBe('http');
    expect(f.defaultBackend).toEqual({ service: '', port: '' });
  });
});

describe('formToIngress', () => {
  it('round-trips an untouched form to an identical object, unknown fields included', () => {
    expect(formToIngress(ingressToForm(full), full)).toEqual(full);
    // Key order is kept too, so the YAML text does not move under the user.
    expect(stringify(formToIngress(ingressToForm(full), full))).toBe(stringify(full));
  });

  it('keeps an unknown field through form -> YAML -> form -> YAML', () => {
    const form = ingressToForm(full);
    form.alias = 'Shop 2';
    const yamlText = stringify(formToIngress(form, full));
    const edited = parse(yamlText);
    const again = formToIngress(ingressToForm(edited), edited);
    expect(again.spec).toMatchObject({ foo: { bar: [1, 2] } });
    expect((again.metadata as Record<string, unknown>).annotations).toMatchObject({ 'portico.dev/alias': 'Shop 2' });
  });

  it('does not touch the base object', () => {
    const before = JSON.stringify(full);
    const form = ingressToForm(full);
    form.rules = [];
    formToIngress(form, full);
    expect(JSON.stringify(full)).toBe(before);
  });

  it('edits only what changed and keeps extra keys of rules and paths', () => {
    const form = ingressToForm(full);
    form.rules[0].paths[0].port = '8080';
    const out = formToIngress(form, full) as typeof full;
    expect(out.spec.rules[0].http.paths[0]).toEqual({
      path: '/',
      pathType: 'Prefix',
      backend: { service: { name: 'web', port: { number: 8080 } } },
      pathExtra: 1,
    });
    expect(out.spec.rules[0].ruleExtra).toBe('x');
  });

  it('derives spec.tls from https rules and keeps unmanaged hosts and default certificates', () => {
    const form = ingressToForm(full);
    form.rules[0].protocol = 'http';
    form.rules[1].protocol = 'https';
    form.rules[1].tlsSecret = 'wild-tls';
    const out = formToIngress(form, full) as typeof full;
    expect(out.spec.tls).toEqual([
      { hosts: ['unmanaged.example.com'], secretName: 'shop-tls', extra: true },
      { secretName: 'default-cert' },
      { hosts: ['*.apps.example.com'], secretName: 'wild-tls' },
    ]);
  });

  it('drops a tls entry whose hosts all moved away, and renames hosts', () => {
    const base = {
      metadata: { name: 'a' },
      spec: { tls: [{ hosts: ['a.example.com'], secretName: 's' }], rules: [{ host: 'a.example.com', http: { paths: [] } }] },
    };
    const form = ingressToForm(base);
    form.rules[0].host = 'b.example.com';
    const out = formToIngress(form, base) as { spec: { tls: unknown } };
    expect(out.spec.tls).toEqual([{ hosts: ['b.example.com'], secretName: 's' }]);
  });

  it('builds a new route from a blank base', () => {
    const form: IngressForm = {
      ...ingressToForm(newIngressBase('demo')),
      name: 'echo',
      alias: 'Echo',
      rules: [{ ...emptyRule(), host: 'echo.local', paths: [{ path: '/', pathType: 'Prefix', service: 'echo', port: '80' }] }],
      labels: [{ key: 'app', value: 'echo' }, { key: '', value: 'ignored' }],
    };
    expect(formToIngress(form, newIngressBase('demo'))).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'echo', namespace: 'demo', annotations: { 'portico.dev/alias': 'Echo' }, labels: { app: 'echo' } },
      spec: {
        ingressClassName: 'portico',
        rules: [{ host: 'echo.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }],
      },
    });
  });

  it('uses a default backend when there are no rules, and removes annotations deleted in the form', () => {
    const form = ingressToForm(full);
    form.rules = [];
    form.defaultBackend = { service: 'echo', port: 'http' };
    form.annotations = [];
    form.alias = '';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = formToIngress(form, full) as Record<string, any>;
    expect(out.spec.rules).toEqual([]);
    expect(out.spec.defaultBackend).toEqual({ service: { name: 'echo', port: { name: 'http' } } });
    expect(out.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'portico.dev/description': 'The shop front',
    });
    expect(out.spec.tls).toEqual([
      { hosts: ['unmanaged.example.com'], secretName: 'shop-tls', extra: true },
      { secretName: 'default-cert' },
    ]);
  });
});

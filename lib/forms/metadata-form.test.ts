/** The shared metadata fields and editing existing routes: what the form does not show survives. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkKeyValueRows, metadataToForm, writeMetadata } from './metadata-form';
import { formToHttpRoute, httpRouteToForm } from './httproute-form';
import { httpRouteFormSchema } from './httproute-form-schema';
import { formToIngress, ingressToForm } from './ingress-form';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describe('metadata form', () => {
  const meta = {
    name: 'shop',
    annotations: { 'portico.dev/alias': 'Shop', b: '2', [LAST_APPLIED]: '{}', 'portico.dev/description': 'the shop', a: '1' },
    labels: { app: 'shop', tier: 'web' },
  };

  it('splits alias and description out, hides bookkeeping annotations, keeps order', () => {
    expect(metadataToForm(meta)).toEqual({
      alias: 'Shop',
      description: 'the shop',
      annotations: [{ key: 'b', value: '2' }, { key: 'a', value: '1' }],
      labels: [{ key: 'app', value: 'shop' }, { key: 'tier', value: 'web' }],
    });
  });

  it('an untouched form writes an identical metadata object', () => {
    const out = structuredClone(meta);
    writeMetadata(out, metadataToForm(meta));
    expect(out).toEqual(meta);
    expect(Object.keys(out.annotations)).toEqual(Object.keys(meta.annotations));
  });

  it('edits: a removed row goes, an added one is appended, hidden ones stay, emptied alias is dropped', () => {
    const f = metadataToForm(meta);
    f.alias = '';
    f.labels = [{ key: 'app', value: 'shop2' }, { key: 'team', value: 'a' }];
    f.annotations = [{ key: 'a', value: '1' }];
    const out: Record<string, unknown> = structuredClone(meta);
    writeMetadata(out, f);
    expect(out.labels).toEqual({ app: 'shop2', team: 'a' });
    expect(out.annotations).toEqual({ [LAST_APPLIED]: '{}', 'portico.dev/description': 'the shop', a: '1' });
  });

  it('no rows and no base maps: no empty maps appear', () => {
    const out: Record<string, unknown> = { name: 'x' };
    writeMetadata(out, { alias: '', description: '', annotations: [], labels: [] });
    expect(out).toEqual({ name: 'x' });
  });

  it('validates keys, label values and duplicates with the API server wording', () => {
    const schema = z.object({ labels: z.array(z.object({ key: z.string(), value: z.string() })) }).superRefine((v, ctx) => checkKeyValueRows(ctx, 'labels', v.labels));
    const r = schema.safeParse({ labels: [{ key: 'bad key', value: 'ok' }, { key: 'app', value: 'no spaces' }, { key: 'app', value: 'x' }, { key: '', value: 'orphan' }] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^labels\.0\.key: Invalid value: "bad key": name part must consist of/),
      expect.stringMatching(/^labels\.1\.value: Invalid value: "no spaces": a valid label must be/),
      'labels.2.key: Duplicate value: "app"',
      'labels.3.key: Required value: the label needs a key',
    ]);
  });
});

describe('HTTPRoute form: alias, description, labels, annotations', () => {
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'demo', resourceVersion: '42', labels: { app: 'web' }, annotations: { 'portico.dev/alias': 'Web', 'example.com/owner': 'ops', [LAST_APPLIED]: '{"x":1}' } },
    spec: {
      parentRefs: [{ name: 'portico', namespace: 'portico-system' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'echo', port: 80 }], sessionPersistence: { sessionName: 'keep' } }],
    },
    status: { parents: [] },
  };

  it('reads them and an untouched form gives the same object back', () => {
    const f = httpRouteToForm(route, 'demo');
    expect(f).toMatchObject({ alias: 'Web', description: '', labels: [{ key: 'app', value: 'web' }], annotations: [{ key: 'example.com/owner', value: 'ops' }] });
    expect(formToHttpRoute(f, route, 'demo')).toEqual(route);
  });

  it('a label edit lands; resourceVersion, status, hidden annotations and unknown rule fields survive', () => {
    const f = httpRouteToForm(route, 'demo');
    f.labels.push({ key: 'tier', value: 'edge' });
    f.description = 'public site';
    const out = formToHttpRoute(f, route, 'demo') as typeof route;
    expect(out.metadata.labels).toEqual({ app: 'web', tier: 'edge' });
    expect(out.metadata.annotations).toEqual({ 'portico.dev/alias': 'Web', 'example.com/owner': 'ops', [LAST_APPLIED]: '{"x":1}', 'portico.dev/description': 'public site' });
    expect(out.metadata.resourceVersion).toBe('42');
    expect(out.status).toEqual({ parents: [] });
    expect(out.spec.rules[0].sessionPersistence).toEqual({ sessionName: 'keep' });
  });

  it('the schema refuses a bad label and a long alias on their fields', () => {
    const f = httpRouteToForm(route, 'demo');
    f.labels = [{ key: 'app', value: 'a b' }];
    f.alias = 'x'.repeat(64);
    const r = httpRouteFormSchema.safeParse(f);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['alias', 'labels.0.value']);
  });
});

describe('Ingress wizard on an existing route', () => {
  // As kubectl would leave it: a pathType Exact, an annotation the gateway does not know, a
  // resource backend and spec fields the wizard has no step for.
  const existing = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'shop',
      namespace: 'demo',
      resourceVersion: '9',
      uid: 'u-1',
      annotations: { 'example.com/team': 'payments', [LAST_APPLIED]: '{}', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
    },
    spec: {
      ingressClassName: 'portico',
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 80 } } } }] } }],
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }, { secretName: 'default-cert' }],
    },
    status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
  };

  it('an untouched wizard saves exactly what was read', () => {
    expect(formToIngress(ingressToForm(existing), existing)).toEqual(existing);
  });

  it('editing a rule keeps pathType Exact, unknown annotations, TLS entries and resourceVersion', () => {
    const f = ingressToForm(existing);
    f.rules[0].paths.push({ path: '/web', pathType: 'Prefix', service: 'web', port: '8080' });
    f.labels.push({ key: 'app', value: 'shop' });
    const out = formToIngress(f, existing) as typeof existing & { metadata: { labels?: Record<string, string> } };
    expect(out.spec.rules[0].http.paths).toEqual([
      { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 80 } } } },
      { path: '/web', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
    ]);
    expect(out.metadata.annotations).toEqual(existing.metadata.annotations);
    expect(out.metadata.labels).toEqual({ app: 'shop' });
    expect(out.metadata.resourceVersion).toBe('9');
    expect(out.spec.tls).toEqual(existing.spec.tls);
  });
});

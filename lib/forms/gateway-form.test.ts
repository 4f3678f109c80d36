import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateObject } from '../k8s';
import { emptyListener, formToGateway, gatewayFieldToFormField, gatewayToForm, newGatewayBase, textToLabels } from './gateway-form';
import { gatewayFormSchema } from './gateway-form-schema';

const gw = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'edge', namespace: 'infra', resourceVersion: '12', annotations: { 'portico.dev/description': 'edge' } },
  spec: {
    gatewayClassName: 'portico',
    addresses: [{ type: 'IPAddress', value: '127.0.0.1' }],
    infrastructure: { labels: { team: 'net' } },
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } },
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: '*.example.com',
        tls: { certificateRefs: [{ kind: 'Secret', group: '', name: 'wild' }, { name: 'other', namespace: 'certs' }], options: { 'example.com/x': 'y' } },
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } }, kinds: [{ kind: 'HTTPRoute' }, { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }] },
      },
      { name: 'tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' } },
      { name: 'pg', protocol: 'TCP', port: 5432, allowedRoutes: { namespaces: { from: 'Same' } } },
    ],
  },
  status: { listeners: [{ name: 'http', attachedRoutes: 3, conditions: [] }] },
};

const viaYaml = (o: unknown) => parse(stringify(o)) as unknown;

describe('Gateway form', () => {
  it('reads listeners with TLS, certificates and allowedRoutes', () => {
    const f = gatewayToForm(gw);
    expect(f).toMatchObject({ namespace: 'infra', name: 'edge', gatewayClassName: 'portico' });
    expect(f.listeners[0]).toEqual({ name: 'http', protocol: 'HTTP', port: '80', hostname: '', tlsMode: '', certificates: [], from: 'All', selector: '', kinds: [] });
    expect(f.listeners[1]).toEqual({
      name: 'https',
      protocol: 'HTTPS',
      port: '443',
      hostname: '*.example.com',
      tlsMode: 'Terminate',
      certificates: [{ name: 'wild' }, { name: 'other' }],
      from: 'Selector',
      selector: 'team=shop',
      kinds: ['HTTPRoute', 'GRPCRoute'],
    });
    expect(f.listeners[2].tlsMode).toBe('Passthrough');
    expect(gatewayFormSchema.safeParse(f).success).toBe(true);
  });

  it('gives back the identical object untouched, and through YAML', () => {
    expect(formToGateway(gatewayToForm(gw), gw)).toEqual(gw);
    const again = viaYaml(formToGateway(gatewayToForm(gw), gw));
    expect(formToGateway(gatewayToForm(again), again)).toEqual(gw);
  });

  it('writes edits and keeps what the form does not show', () => {
    const f = gatewayToForm(gw);
    f.listeners[1].selector = 'team=shop, tier=web';
    f.listeners[1].kinds = ['GRPCRoute'];
    f.listeners[1].certificates[0].name = 'wild2';
    f.listeners[0].from = 'Same';
    f.listeners.push({ ...emptyListener('HTTPS'), name: 'api', hostname: 'api.example.com', certificates: [{ name: 'api-tls' }] });
    const out = formToGateway(f, gw) as typeof gw;
    const l = out.spec.listeners;
    expect(l[1].tls).toEqual({ certificateRefs: [{ kind: 'Secret', group: '', name: 'wild2' }, { name: 'other', namespace: 'certs' }], options: { 'example.com/x': 'y' } });
    expect(l[1].allowedRoutes).toEqual({
      namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop', tier: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }],
    });
    expect(l[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    expect(l[4]).toEqual({ name: 'api', protocol: 'HTTPS', port: 443, hostname: 'api.example.com', tls: { certificateRefs: [{ name: 'api-tls' }] } });
    expect(out.spec.addresses).toEqual(gw.spec.addresses);
    expect(out.spec.infrastructure).toEqual(gw.spec.infrastructure);
    expect(out.status).toEqual(gw.status);
    expect(validateObject(out)).toEqual([]);
  });

  it('builds a new Gateway the API accepts, leaving defaults out', () => {
    const form = { namespace: 'infra', name: 'web', gatewayClassName: 'portico', listeners: [emptyListener('HTTP'), { ...emptyListener('HTTPS'), certificates: [{ name: 'web-tls' }], from: 'All' as const }] };
    expect(gatewayFormSchema.safeParse(form).success).toBe(true);
    const out = formToGateway(form, newGatewayBase('infra'));
    expect(out).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web', namespace: 'infra' },
      spec: {
        gatewayClassName: 'portico',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'web-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    });
    expect(validateObject(out)).toEqual([]);
  });

  it('refuses what the API refuses, on the field that is wrong', () => {
    const f = gatewayToForm(gw);
    f.name = 'Bad_Name';
    f.listeners[0].port = '70000';
    f.listeners[1].certificates = [];
    f.listeners[2].hostname = '10.0.0.1';
    f.listeners[3].hostname = 'db.example.com';
    f.listeners[3].name = 'http';
    f.listeners[0].from = 'Selector';
    f.listeners[0].selector = 'nokey';
    const r = gatewayFormSchema.safeParse(f);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['name', 'listeners.0.port', 'listeners.1.certificates', 'listeners.2.hostname', 'listeners.3.hostname', 'listeners.3.name', 'listeners.0.selector']),
    );
    expect(gatewayFormSchema.safeParse({ namespace: '', name: 'x', gatewayClassName: '', listeners: [] }).error!.issues.map((i) => i.path.join('.'))).toEqual(['namespace', 'gatewayClassName', 'listeners']);
  });

  it('parses label text and maps server field paths to form fields', () => {
    expect(textToLabels('a=1, b = 2,,c')).toEqual({ labels: { a: '1', b: '2' }, bad: ['c'] });
    const f = gatewayToForm(gw);
    expect(gatewayFieldToFormField('spec.listeners[1].tls.certificateRefs[0].name', f)).toBe('listeners.1.certificates');
    expect(gatewayFieldToFormField('spec.listeners[2].port', f)).toBe('listeners.2.port');
    expect(gatewayFieldToFormField('spec.listeners[0].allowedRoutes.namespaces.from', f)).toBe('listeners.0.from');
    expect(gatewayFieldToFormField('spec.listeners', f)).toBe('listeners');
    expect(gatewayFieldToFormField('spec.addresses[0]', f)).toBeNull();
  });
});

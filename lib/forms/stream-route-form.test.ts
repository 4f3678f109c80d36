import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateObject } from '../k8s';
import {
  emptyGrpcRule,
  emptyStreamRule,
  formToGrpcRoute,
  formToStreamRoute,
  grpcRouteFieldToFormField,
  grpcRouteToForm,
  newRouteBase,
  streamRouteFieldToFormField,
  streamRouteToForm,
} from './stream-route-form';
import { grpcRouteFormSchema, streamRouteFormSchema } from './stream-route-form-schema';

const grpc = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GRPCRoute',
  metadata: { name: 'greeter', namespace: 'demo', resourceVersion: '4', annotations: { 'portico.dev/alias': 'Greeter' } },
  spec: {
    foo: { keep: true },
    parentRefs: [{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }, { name: 'own' }],
    hostnames: ['grpc.example.com'],
    rules: [
      {
        name: 'main',
        matches: [
          { method: { service: 'helloworld.Greeter', method: 'SayHello' }, headers: [{ name: 'x-env', value: 'beta' }] },
          { method: { type: 'RegularExpression', service: 'helloworld\\..*' } },
          { headers: [{ type: 'RegularExpression', name: 'x-v', value: 'v[0-9]+' }], extra: 1 },
        ],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }] } }],
        backendRefs: [
          { name: 'greeter', port: 50051, weight: 90, filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-v', value: '1' }] } }] },
          { name: 'greeter-canary', port: 50051, weight: 10 },
        ],
        sessionPersistence: { sessionName: 's' },
      },
      { backendRefs: [{ name: 'fallback', port: 9000 }] },
    ],
  },
  status: { parents: [{ parentRef: { name: 'portico' }, controllerName: 'portico.dev/gateway-controller', conditions: [] }] },
};

const tls = {
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TLSRoute',
  metadata: { name: 'db', namespace: 'demo', labels: { app: 'db' } },
  spec: {
    parentRefs: [{ name: 'edge', sectionName: 'tls', port: 443 }],
    hostnames: ['db.example.com', '*.db.example.com'],
    rules: [{ name: 'r', backendRefs: [{ name: 'db', port: 8443, weight: 3 }, { name: 'db2', port: 8443, kind: 'Service' }] }],
    useDefaultGateways: 'All',
  },
};

const tcp = {
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TCPRoute',
  metadata: { name: 'pg', namespace: 'demo' },
  spec: { parentRefs: [{ name: 'edge', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] },
};

/** A written route as the assertions read it. */
interface Written {
  metadata: { annotations?: unknown };
  spec: { foo?: unknown; hostnames?: string[]; rules: Array<{ matches: unknown[]; filters?: unknown; sessionPersistence?: unknown; backendRefs: Array<Record<string, unknown>> }> };
  status?: unknown;
}

/** The form as a user leaves it, through YAML text and back (the Form/YAML switch). */
const viaYaml = (o: unknown) => parse(stringify(o)) as unknown;

describe('GRPCRoute form', () => {
  it('reads service/method and header matches, and weighted backends', () => {
    const f = grpcRouteToForm(grpc, 'demo');
    expect(f.name).toBe('greeter');
    expect(f.parents).toEqual([{ gateway: 'portico-system/portico', sectionName: 'http' }, { gateway: 'demo/own', sectionName: '' }]);
    expect(f.hostnames).toEqual([{ value: 'grpc.example.com' }]);
    expect(f.rules[0].matches).toEqual([
      { methodType: 'Exact', service: 'helloworld.Greeter', method: 'SayHello', headers: [{ type: 'Exact', name: 'x-env', value: 'beta' }] },
      { methodType: 'RegularExpression', service: 'helloworld\\..*', method: '', headers: [] },
      { methodType: 'Exact', service: '', method: '', headers: [{ type: 'RegularExpression', name: 'x-v', value: 'v[0-9]+' }] },
    ]);
    expect(f.rules[0].backends).toEqual([{ service: 'greeter', port: '50051', weight: '90' }, { service: 'greeter-canary', port: '50051', weight: '10' }]);
    expect(f.rules[1]).toEqual({ matches: [], backends: [{ service: 'fallback', port: '9000', weight: '' }] });
  });

  it('gives back the identical object for an untouched form, and survives form -> YAML -> form', () => {
    expect(formToGrpcRoute(grpcRouteToForm(grpc, 'demo'), grpc, 'demo')).toEqual(grpc);
    const once = formToGrpcRoute(grpcRouteToForm(grpc, 'demo'), grpc, 'demo');
    const again = viaYaml(once);
    expect(formToGrpcRoute(grpcRouteToForm(again, 'demo'), again, 'demo')).toEqual(grpc);
  });

  it('writes edits and keeps what the form does not show (filters, per-backend filters, unknown fields)', () => {
    const f = grpcRouteToForm(grpc, 'demo');
    f.rules[0].matches[0].method = '';
    f.rules[0].matches[1] = { methodType: 'Exact', service: '', method: '', headers: [] };
    f.rules[0].backends[1].weight = '30';
    f.hostnames.push({ value: 'grpc2.example.com' });
    const out = formToGrpcRoute(f, grpc, 'demo') as unknown as Written;
    expect(out.spec.rules[0].matches[0]).toEqual({ method: { service: 'helloworld.Greeter' }, headers: [{ name: 'x-env', value: 'beta' }] });
    // Both empty: no method condition at all (the API refuses an empty method object).
    expect(out.spec.rules[0].matches[1]).toEqual({});
    expect(out.spec.rules[0].backendRefs[1]).toEqual({ name: 'greeter-canary', port: 50051, weight: 30 });
    expect(out.spec.rules[0].backendRefs[0].filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-v', value: '1' }] } }]);
    expect(out.spec.rules[0].filters).toEqual(grpc.spec.rules[0].filters);
    expect(out.spec.rules[0].sessionPersistence).toEqual({ sessionName: 's' });
    expect(out.spec.foo).toEqual({ keep: true });
    expect(out.spec.hostnames).toEqual(['grpc.example.com', 'grpc2.example.com']);
    expect(out.status).toEqual(grpc.status);
    expect(out.metadata.annotations).toEqual(grpc.metadata.annotations);
  });

  it('builds a new route the API accepts, from an empty form', () => {
    const rule = emptyGrpcRule();
    rule.matches[0] = { methodType: 'Exact', service: 'portico.test.Echo', method: 'Unary', headers: [] };
    rule.backends[0] = { service: 'grpc-echo', port: '80', weight: '' };
    const form = { name: 'echo', parents: [{ gateway: 'portico-system/portico', sectionName: 'http' }], hostnames: [], rules: [rule] };
    expect(grpcRouteFormSchema.safeParse(form).success).toBe(true);
    const out = formToGrpcRoute(form, newRouteBase('GRPCRoute', 'demo'), 'demo');
    expect(out).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'echo', namespace: 'demo' },
      spec: {
        parentRefs: [{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }],
        rules: [{ matches: [{ method: { service: 'portico.test.Echo', method: 'Unary' } }], backendRefs: [{ name: 'grpc-echo', port: 80 }] }],
      },
    });
    expect(validateObject(out)).toEqual([]);
  });

  it('refuses bad matches with the field and the rule, as the server does', () => {
    const f = grpcRouteToForm(grpc, 'demo');
    f.rules[0].matches[0].service = 'bad service';
    f.rules[0].matches[1].service = '(unclosed';
    f.rules[0].matches[2].headers[0].name = 'bad header';
    f.rules[0].backends[0].port = '';
    f.rules[1].backends = [];
    const r = grpcRouteFormSchema.safeParse(f);
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['rules.0.matches.0.service', 'rules.0.matches.1.service', 'rules.0.matches.2.headers.0.name', 'rules.0.backends.0.port', 'rules.1.backends']),
    );
    // The server's check of the manifest names the same fields.
    const fields = validateObject(formToGrpcRoute(f, grpc, 'demo')).map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['spec.rules[0].matches[0].method.service', 'spec.rules[0].matches[1].method.service']));
  });

  it('maps server field paths onto form fields', () => {
    const f = grpcRouteToForm(grpc, 'demo');
    expect(grpcRouteFieldToFormField('spec.rules[0].matches[1].method.service', f)).toBe('rules.0.matches.1.service');
    expect(grpcRouteFieldToFormField('spec.rules[0].matches[0].method.method', f)).toBe('rules.0.matches.0.method');
    expect(grpcRouteFieldToFormField('spec.rules[0].matches[0].headers[0].value', f)).toBe('rules.0.matches.0.headers.0.value');
    expect(grpcRouteFieldToFormField('spec.rules[0].backendRefs[1].weight', f)).toBe('rules.0.backends.1.weight');
    expect(grpcRouteFieldToFormField('spec.hostnames[0]', f)).toBe('hostnames.0.value');
    expect(grpcRouteFieldToFormField('spec.rules[0].filters[0]', f)).toBeNull();
    expect(grpcRouteFieldToFormField('spec.rules[9].backendRefs[0]', f)).toBeNull();
  });
});

describe('TLSRoute and TCPRoute forms', () => {
  it('round-trips a TLSRoute losslessly (untouched and through YAML)', () => {
    const f = streamRouteToForm(tls, 'demo');
    expect(f.hostnames.map((h) => h.value)).toEqual(['db.example.com', '*.db.example.com']);
    expect(f.rules[0].backends).toEqual([{ service: 'db', port: '8443', weight: '3' }, { service: 'db2', port: '8443', weight: '' }]);
    expect(formToStreamRoute(f, tls, 'demo')).toEqual(tls);
    const again = viaYaml(formToStreamRoute(f, tls, 'demo'));
    expect(formToStreamRoute(streamRouteToForm(again, 'demo'), again, 'demo')).toEqual(tls);
  });

  it('writes SNI host and backend edits, keeping parentRef port, backend kind and unknown fields', () => {
    const f = streamRouteToForm(tls, 'demo');
    f.hostnames = [{ value: 'pg.example.com' }];
    f.rules[0].backends[1].service = 'db3';
    const out = formToStreamRoute(f, tls, 'demo') as typeof tls;
    expect(out.spec.hostnames).toEqual(['pg.example.com']);
    expect(out.spec.rules[0].backendRefs[1]).toEqual({ name: 'db3', port: 8443, kind: 'Service' });
    expect(out.spec.parentRefs[0].port).toBe(443);
    expect(out.spec.useDefaultGateways).toBe('All');
    expect(out.spec.rules[0].name).toBe('r');
  });

  it('round-trips a TCPRoute and never writes hostnames on it', () => {
    const f = streamRouteToForm(tcp, 'demo');
    expect(formToStreamRoute(f, tcp, 'demo')).toEqual(tcp);
    f.hostnames = [{ value: 'x.example.com' }];
    expect(formToStreamRoute(f, tcp, 'demo')).not.toHaveProperty('spec.hostnames');
    expect(streamRouteFormSchema({ hostnames: false }).safeParse(f).success).toBe(false);
  });

  it('a new TLSRoute from the form passes both the form schema and the API checks', () => {
    const rule = emptyStreamRule();
    rule.backends[0] = { service: 'db', port: '8443', weight: '' };
    const form = { name: 'db', parents: [{ gateway: 'demo/edge', sectionName: 'tls' }], hostnames: [{ value: 'db.example.com' }], rules: [rule] };
    expect(streamRouteFormSchema({ hostnames: true }).safeParse(form).success).toBe(true);
    const out = formToStreamRoute(form, newRouteBase('TLSRoute', 'demo'), 'demo');
    expect(out.spec).toEqual({ parentRefs: [{ name: 'edge', sectionName: 'tls' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 8443 }] }] });
    expect(validateObject(out)).toEqual([]);
  });

  it('refuses a route without rules or with a bad SNI host, naming the field', () => {
    const r = streamRouteFormSchema({ hostnames: true }).safeParse({ name: 'x', parents: [{ gateway: 'demo/edge', sectionName: '' }], hostnames: [{ value: '10.0.0.1' }], rules: [] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['hostnames.0.value', 'rules']));
    const f = streamRouteToForm(tls, 'demo');
    expect(streamRouteFieldToFormField('spec.rules[0].backendRefs[0].port', f)).toBe('rules.0.backends.0.port');
    expect(streamRouteFieldToFormField('spec.rules[0].backendRefs[1].name', f)).toBe('rules.0.backends.1.service');
    expect(streamRouteFieldToFormField('spec.parentRefs[0].sectionName', f)).toBe('parents.0.sectionName');
  });
});

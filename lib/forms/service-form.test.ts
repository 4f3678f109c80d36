import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formToService, newServiceBase, newServiceForm, serviceToForm, type ServiceForm } from './service-form';
import { serviceFieldToFormField, serviceFormSchema, serviceObjectErrors, serviceStepOf } from './service-form-schema';
import { validateObject } from '../k8s';

const full = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'web',
    namespace: 'demo',
    resourceVersion: '7',
    uid: 'u-1',
    labels: { team: 'a', tier: 'web' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'portico.dev/alias': 'Web',
      'example.com/owner': 'ops',
      'portico.dev/description': 'The shop front',
    },
  },
  spec: {
    foo: { bar: [1, 2] },
    type: 'NodePort',
    clusterIP: '10.96.0.5',
    clusterIPs: ['10.96.0.5'],
    ipFamilies: ['IPv4'],
    selector: { app: 'web', tier: 'front' },
    ports: [
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080, extra: 'kept' },
      { name: 'grpc', port: 9090, targetPort: 9090, appProtocol: 'kubernetes.io/h2c', nodePort: 31000 },
    ],
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 }, other: true },
    externalTrafficPolicy: 'Local',
    internalTrafficPolicy: 'Cluster',
  },
  status: { loadBalancer: {} },
};

const edit = (f: ServiceForm, patch: Partial<ServiceForm>) => formToService({ ...f, ...patch }, full);

describe('service form <-> Service', () => {
  it('an untouched form gives back the identical object (key order included)', () => {
    const out = formToService(serviceToForm(full), full);
    expect(out).toEqual(full);
    expect(JSON.stringify(out)).toBe(JSON.stringify(full));
  });

  it('survives form -> YAML -> form -> object', () => {
    const yaml = stringify(formToService(serviceToForm(full), full));
    const back = parse(yaml) as unknown;
    expect(formToService(serviceToForm(back), back)).toEqual(full);
  });

  it('reads what the form shows', () => {
    const f = serviceToForm(full);
    expect(f).toMatchObject({
      name: 'web',
      alias: 'Web',
      description: 'The shop front',
      type: 'NodePort',
      endpointsMode: 'selector',
      selector: [{ key: 'app', value: 'web' }, { key: 'tier', value: 'front' }],
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeout: '600',
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Cluster',
      annotations: [{ key: 'example.com/owner', value: 'ops' }],
    });
    expect(f.ports[0]).toEqual({ name: 'http', port: '80', targetPort: 'http', protocol: 'TCP', appProtocol: '', nodePort: '30080' });
  });

  it('writes only what changed and keeps unknown keys inside ports and config', () => {
    const f = serviceToForm(full);
    const out = edit(f, { ports: [{ ...f.ports[0], nodePort: '30999' }, f.ports[1]], sessionAffinityTimeout: '60' });
    const spec = out.spec as typeof full.spec;
    expect(spec.ports[0]).toEqual({ ...full.spec.ports[0], nodePort: 30999 });
    expect(spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 60 }, other: true });
    expect(spec.foo).toEqual({ bar: [1, 2] });
    expect(out.metadata).toEqual(full.metadata);
  });

  it('maps the five types', () => {
    const f = serviceToForm(full);
    expect(edit(f, { type: 'Headless' }).spec).toMatchObject({ type: 'ClusterIP', clusterIP: 'None' });
    const cip = edit(f, { type: 'ClusterIP' }).spec as Record<string, unknown>;
    expect(cip.externalTrafficPolicy).toBeUndefined();
    expect((cip.ports as { nodePort?: number }[]).every((p) => p.nodePort === undefined)).toBe(true);
    const ext = edit(f, { type: 'ExternalName', externalName: 'db.example.com' }).spec as Record<string, unknown>;
    expect(ext).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(ext.selector).toBeUndefined();
    expect(ext.clusterIP).toBeUndefined();
    const lb = edit(f, { type: 'LoadBalancer', loadBalancerSourceRanges: '10.0.0.0/8\n 192.168.0.0/16 ' }).spec;
    expect(lb).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'] });
    expect(serviceToForm({ spec: { clusterIP: 'None' } }).type).toBe('Headless');
  });

  it('manual endpoints make the service selectorless; a selectorless service reads back as manual', () => {
    const out = edit(serviceToForm(full), { endpointsMode: 'manual' });
    expect((out.spec as Record<string, unknown>).selector).toBeUndefined();
    expect(serviceToForm(out).endpointsMode).toBe('manual');
  });

  it('ClientIP -> None drops the affinity config; empty nodePort asks for allocation', () => {
    const f = serviceToForm(full);
    const out = edit(f, { sessionAffinity: 'None', ports: [{ ...f.ports[0], nodePort: '' }] }).spec as Record<string, unknown>;
    expect(out.sessionAffinity).toBe('None');
    expect(out.sessionAffinityConfig).toBeUndefined();
    expect((out.ports as Record<string, unknown>[])[0].nodePort).toBeUndefined();
  });

  it('a new service from the wizard form is valid for the API', () => {
    const f: ServiceForm = { ...newServiceForm('demo'), name: 'api', selector: [{ key: 'app', value: 'api' }], type: 'NodePort', sessionAffinity: 'ClientIP', sessionAffinityTimeout: '300' };
    f.ports[0].nodePort = '30123';
    const out = formToService(f, newServiceBase('demo'));
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'demo' },
      spec: {
        type: 'NodePort',
        selector: { app: 'api' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30123 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 300 } },
      },
    });
    expect(validateObject(out)).toEqual([]);
    expect(serviceObjectErrors(out)).toEqual([]);
  });
});

describe('service form validation', () => {
  const base = { ...newServiceForm('demo'), name: 'api', selector: [{ key: 'app', value: 'api' }] };
  const issues = (f: ServiceForm) => {
    const r = serviceFormSchema.safeParse(f);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('accepts a good form', () => expect(issues(base)).toEqual({}));

  it('accepts the port names kubectl gives (DNS-1123 labels such as 80-8080)', () => {
    expect(issues({ ...base, ports: [{ ...base.ports[0], name: '80-8080' }] })).toEqual({});
  });

  it('names the field and the rule', () => {
    const e = issues({
      ...base,
      name: 'Bad_Name',
      type: 'LoadBalancer',
      ports: [
        { ...base.ports[0], nodePort: '8080' },
        { name: '', port: '70000', targetPort: 'Not_a_port', protocol: 'TCP', appProtocol: 'bad proto', nodePort: '' },
      ],
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeout: '90000',
      loadBalancerSourceRanges: '10.0.0.0/8\n10.0.0.1',
    });
    expect(e.name).toMatch(/^Invalid value: "Bad_Name": /);
    expect(e['ports.0.nodePort']).toContain('The range of valid ports is 30000-32767');
    expect(e['ports.1.name']).toMatch(/^Required value/);
    expect(e['ports.1.port']).toContain('between 1 and 65535');
    expect(e['ports.1.targetPort']).toMatch(/Invalid value: "Not_a_port"/);
    expect(e['ports.1.appProtocol']).toMatch(/Invalid value: "bad proto"/);
    expect(e.sessionAffinityTimeout).toContain('86400');
    expect(e.loadBalancerSourceRanges).toContain('"10.0.0.1": must be a valid CIDR');
  });

  it('asks for a selector unless endpoints are manual, and an external name for ExternalName', () => {
    expect(issues({ ...base, selector: [] }).selector).toMatch(/Required value/);
    expect(issues({ ...base, selector: [], endpointsMode: 'manual' })).toEqual({});
    expect(issues({ ...base, type: 'ExternalName', externalName: '' }).externalName).toMatch(/Required value/);
  });

  it('bounds the size of every list', () => {
    expect(serviceFormSchema.safeParse({ ...base, labels: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: '' })) }).success).toBe(false);
  });

  it('server-side object rules name Kubernetes fields', () => {
    const causes = serviceObjectErrors({
      spec: {
        type: 'ClusterIP',
        ports: [{ port: 80, appProtocol: 'bad proto' }],
        sessionAffinity: 'None',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        externalTrafficPolicy: 'Local',
        loadBalancerSourceRanges: ['nope'],
      },
    }).map((c) => c.field);
    expect(causes).toEqual([
      'spec.ports[0].appProtocol',
      'spec.sessionAffinityConfig',
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      'spec.externalTrafficPolicy',
      'spec.loadBalancerSourceRanges',
      'spec.loadBalancerSourceRanges[0]',
    ]);
    expect(serviceObjectErrors({ spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] } })[0]).toMatchObject({ field: 'spec.ports[0].nodePort' });
  });

  it('maps API field paths to form fields and steps', () => {
    const f = serviceToForm(full);
    expect(serviceFieldToFormField('spec.ports[1].nodePort', f)).toBe('ports.1.nodePort');
    expect(serviceFieldToFormField('metadata.name', f)).toBe('name');
    expect(serviceFieldToFormField('spec.sessionAffinityConfig.clientIP.timeoutSeconds', f)).toBe('sessionAffinityTimeout');
    expect(serviceFieldToFormField('spec.selector', f)).toBe('selector.0.key');
    expect(serviceFieldToFormField('metadata.annotations.portico.dev/alias', f)).toBe('alias');
    expect(serviceFieldToFormField('spec.foo', f)).toBeNull();
    expect(serviceStepOf('ports.1.nodePort')).toBe(1);
    expect(serviceStepOf('sessionAffinityTimeout')).toBe(3);
    expect(serviceStepOf('labels.0.key')).toBe(4);
  });
});

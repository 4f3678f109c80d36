import { describe, expect, it } from 'vitest';
import type { Service } from '@/lib/k8s';
import { formToService, serviceFieldToFormPath, serviceFormSchema, serviceToForm } from './service-form-model';

describe('service form model', () => {
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'demo', resourceVersion: '7', labels: { team: 'a' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.0.0.5',
      sessionAffinity: 'ClientIP',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', extra: 'kept' }],
    },
    status: { loadBalancer: {} },
  };

  it('round-trips without losing fields the form does not show', () => {
    expect(formToService(serviceToForm(svc), svc)).toEqual(svc);
  });

  it('maps headless and ExternalName types', () => {
    const f = serviceToForm(svc);
    expect(formToService({ ...f, type: 'Headless' }).spec.clusterIP).toBe('None');
    const ext = formToService({ ...f, type: 'ExternalName', externalName: 'db.example.com' }, svc);
    expect(ext.spec).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(ext.spec.selector).toBeUndefined();
  });

  it('requires names when there are several ports and refuses bad values', () => {
    const f = serviceToForm(svc);
    const r = serviceFormSchema.safeParse({ ...f, name: 'Web', ports: [...f.ports, { name: '', port: '70000', targetPort: '', protocol: 'TCP', appProtocol: '' }] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'ports.1.port', 'ports.1.name']));
  });

  it('maps API field paths to form fields', () => {
    expect(serviceFieldToFormPath('spec.ports[1].targetPort')).toBe('ports.1.targetPort');
    expect(serviceFieldToFormPath('metadata.name')).toBe('name');
    expect(serviceFieldToFormPath('spec.clusterIP')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { formToIngress, ingressToForm } from './ingress-form';
import { k8sFieldToFormField, splitK8sPath, stepOfFormField } from './field-paths';

const manifest = {
  metadata: { name: 'x', annotations: { 'portico.dev/alias': 'X', 'nginx.ingress.kubernetes.io/canary-weight': '5' }, labels: { app: 'x' } },
  spec: {
    tls: [{ hosts: ['b.example.com'], secretName: 's' }],
    rules: [
      { host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'e', port: { number: 80 } } } }] } },
      { host: 'b.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'e', port: { number: 80 } } } }] } },
    ],
  },
};
const form = ingressToForm(manifest);

describe('k8sFieldToFormField', () => {
  it('splits quoted and bracketed keys', () => {
    expect(splitK8sPath('metadata.annotations["a.b/c"]')).toEqual(['metadata', 'annotations', 'a.b/c']);
    expect(splitK8sPath('spec.rules[1].http.paths[0]')).toEqual(['spec', 'rules', 1, 'http', 'paths', 0]);
  });
  it.each([
    ['metadata.name', 'name'],
    ['metadata.annotations[portico.dev/alias]', 'alias'],
    ['metadata.annotations.nginx.ingress.kubernetes.io/canary-weight', 'annotations.0.value'],
    ['metadata.labels[app]', 'labels.0.value'],
    ['spec.rules[1].host', 'rules.1.host'],
    ['spec.rules[0].http.paths[0].backend.service.port.number', 'rules.0.paths.0.port'],
    ['spec.rules[0].http.paths[0].backend.service.name', 'rules.0.paths.0.service'],
    ['spec.rules[0].http.paths[0].pathType', 'rules.0.paths.0.pathType'],
    ['spec.tls[0].secretName', 'rules.1.tlsSecret'],
    ['spec.tls[0].hosts[0]', 'rules.1.host'],
    ['spec.defaultBackend.service.port', 'defaultBackend.port'],
    ['spec.foo', null],
    ['spec.rules[7].host', null],
  ])('%s -> %s', (field, expected) => {
    expect(k8sFieldToFormField(field, form, formToIngress(form, manifest))).toBe(expected);
  });
  it('knows the step of each field', () => {
    expect([stepOfFormField('name'), stepOfFormField('rules.0.host'), stepOfFormField('annotations.1.value'), stepOfFormField('labels.0.key')]).toEqual([0, 1, 2, 3]);
  });
});

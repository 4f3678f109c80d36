import { describe, expect, it } from 'vitest';
import { emptyRule, ingressToForm, newIngressBase, type IngressForm } from './ingress-form';
import { hostErrors, makeIngressFormSchema } from './ingress-form-schema';
import type { AnnotationSpec } from '../routing/types';

const weight: AnnotationSpec = {
  key: 'nginx.ingress.kubernetes.io/canary-weight',
  description: 'percent of traffic to the canary',
  example: '10',
  validate: (v) => (/^\d+$/.test(v) && Number(v) <= 100 ? undefined : 'must be an integer 0-100'),
};
const schema = makeIngressFormSchema({ annotations: [weight], isRefusedAnnotation: (k) => k.endsWith('-snippet') });

function validForm(): IngressForm {
  return {
    ...ingressToForm(newIngressBase('demo')),
    name: 'echo',
    rules: [{ ...emptyRule(), host: 'echo.example.com', paths: [{ path: '/', pathType: 'Prefix', service: 'echo', port: '80' }] }],
  };
}

function issues(form: IngressForm): Record<string, string> {
  const r = schema.safeParse(form);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('route form schema', () => {
  it('accepts a valid form', () => {
    expect(issues(validForm())).toEqual({});
  });

  it('checks the name as a DNS-1123 subdomain, with the API wording', () => {
    expect(issues({ ...validForm(), name: '' }).name).toMatch(/Required/);
    expect(issues({ ...validForm(), name: 'Bad_Name' }).name).toMatch(/^Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('validates hosts, wildcards allowed, IPs and ports refused', () => {
    expect(hostErrors('*.example.com')).toEqual([]);
    expect(hostErrors('')).toEqual([]);
    expect(hostErrors('bad_host')).not.toEqual([]);
    expect(hostErrors('10.0.0.1')).toEqual(['must be a DNS name, not an IP address']);
    expect(hostErrors('a.example.com:80')).not.toEqual([]);
    expect(hostErrors('*')).not.toEqual([]);
    const f = validForm();
    f.rules[0].host = 'Not A Host';
    expect(issues(f)['rules.0.host']).toMatch(/^Invalid value: "Not A Host"/);
  });

  it('refuses https without a TLS secret or without a host', () => {
    const f = validForm();
    f.rules[0].protocol = 'https';
    expect(issues(f)['rules.0.tlsSecret']).toMatch(/HTTPS needs a TLS secret/);
    f.rules[0].tlsSecret = 'echo-tls';
    expect(issues(f)).toEqual({});
    f.rules[0].host = '';
    expect(issues(f)['rules.0.host']).toMatch(/HTTPS needs a host/);
  });

  it('checks paths, services, ports and duplicates', () => {
    const f = validForm();
    f.rules[0].paths.push({ path: 'api', pathType: 'Prefix', service: '', port: '' });
    f.rules[0].paths.push({ path: '/', pathType: 'Prefix', service: 'echo', port: '99999' });
    const got = issues(f);
    expect(got['rules.0.paths.1.path']).toMatch(/absolute path/);
    expect(got['rules.0.paths.1.service']).toMatch(/choose a service/);
    expect(got['rules.0.paths.2.path']).toMatch(/Duplicate/);
    expect(got['rules.0.paths.2.port']).toMatch(/between 1 and 65535/);
    f.rules[0].paths = [{ path: '/', pathType: 'Prefix', service: 'echo', port: 'http' }];
    expect(issues(f)).toEqual({});
  });

  it('needs a default backend when there are no rules', () => {
    const f = { ...validForm(), rules: [] };
    expect(issues(f)['defaultBackend.service']).toMatch(/default backend/);
    f.defaultBackend = { service: 'echo', port: '' };
    expect(issues(f)['defaultBackend.port']).toMatch(/Required/);
    f.defaultBackend.port = '80';
    expect(issues(f)).toEqual({});
  });

  it('validates annotation keys and values from the gateway specs, refuses snippets', () => {
    const f = validForm();
    f.annotations = [
      { key: 'nginx.ingress.kubernetes.io/canary-weight', value: 'abc' },
      { key: 'bad key', value: 'x' },
      { key: 'nginx.ingress.kubernetes.io/server-snippet', value: 'x' },
      { key: '', value: '' },
    ];
    const got = issues(f);
    expect(got['annotations.0.value']).toBe('must be an integer 0-100');
    expect(got['annotations.1.key']).toMatch(/^Invalid value: "bad key"/);
    expect(got['annotations.2.key']).toMatch(/CVE-2025-1974/);
    expect(got['annotations.3.key']).toBeUndefined();
  });

  it('checks annotations against the real gateway list, canary weight within its total', async () => {
    const { SUPPORTED_ANNOTATIONS, isSnippetAnnotation } = await import('../routing/annotations');
    const real = makeIngressFormSchema({ annotations: SUPPORTED_ANNOTATIONS, isRefusedAnnotation: isSnippetAnnotation });
    const f = validForm();
    f.annotations = [{ key: 'nginx.ingress.kubernetes.io/canary-weight', value: '150' }];
    const r = real.safeParse(f);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['annotations', 0, 'value'], message: 'must be between 0 and 100 (canary-weight-total)' });
    f.annotations.push({ key: 'nginx.ingress.kubernetes.io/canary-weight-total', value: '1000' });
    expect(real.safeParse(f).success).toBe(true);
    f.annotations = [{ key: 'nginx.ingress.kubernetes.io/canary-weight', value: 'abc' }];
    expect(real.safeParse(f).success).toBe(false);
    f.annotations = [{ key: 'nginx.ingress.kubernetes.io/configuration-snippet', value: 'x' }];
    expect(real.safeParse(f).success).toBe(false);
  });

  it('validates labels as Kubernetes labels', () => {
    const f = validForm();
    f.labels = [
      { key: 'app', value: 'echo' },
      { key: 'app', value: 'x' },
      { key: 'tier', value: 'not valid!' },
      { key: '-bad', value: '' },
    ];
    const got = issues(f);
    expect(got['labels.1.key']).toMatch(/Duplicate/);
    expect(got['labels.2.value']).toMatch(/a valid label must be/);
    expect(got['labels.3.key']).toMatch(/name part/);
    expect(got['labels.0.key']).toBeUndefined();
  });
});

/**
 * The BackendTLSPolicy form: lossless mapping (targetRefs, options, a second CA ref survive),
 * System CAs vs a ConfigMap/Secret, SAN rows as Hostname or URI, the CRD's rules on the fields.
 */
import { describe, expect, it } from 'vitest';
import { validateObject } from '../k8s';
import { backendTlsFieldToFormField, backendTlsFormSchema, backendTlsToForm, emptyBackendTlsForm, formToBackendTls, newBackendTlsBase, type BackendTlsForm } from './backendtlspolicy-form';

const stored = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'BackendTLSPolicy',
  metadata: { name: 'api-tls', namespace: 'demo', resourceVersion: '3' },
  spec: {
    targetRefs: [{ group: '', kind: 'Service', name: 'api', sectionName: 'https' }],
    validation: {
      caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'api-ca' }, { group: '', kind: 'ConfigMap', name: 'old-ca' }],
      hostname: 'api.internal.example',
      subjectAltNames: [{ type: 'Hostname', hostname: 'api.svc.example' }, { type: 'URI', uri: 'spiffe://cluster/ns/demo/sa/api' }],
    },
    options: { 'example.com/x': 'y' },
  },
  status: { ancestors: [] },
};

const errorsOf = (f: BackendTlsForm) => {
  const r = backendTlsFormSchema.safeParse(f);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('BackendTLSPolicy form', () => {
  it('reads the CA, hostname and SANs; an untouched form gives back the identical object', () => {
    const f = backendTlsToForm(stored);
    expect(f).toEqual({ name: 'api-tls', caSource: 'ConfigMap', caName: 'api-ca', hostname: 'api.internal.example', sans: [{ value: 'api.svc.example' }, { value: 'spiffe://cluster/ns/demo/sa/api' }] });
    expect(formToBackendTls(f, stored)).toEqual(stored);
    expect(errorsOf(f)).toEqual({});
  });

  it('a new policy targets the Service; System CAs; SAN rows become Hostname or URI; valid for the API', () => {
    const f = { ...emptyBackendTlsForm('api'), hostname: 'api.internal.example', sans: [{ value: 'spiffe://x/y' }, { value: 'b.example' }] };
    const out = formToBackendTls(f, newBackendTlsBase('demo', 'api'));
    expect(out).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name: 'api-tls', namespace: 'demo' },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'api' }],
        validation: { wellKnownCACertificates: 'System', hostname: 'api.internal.example', subjectAltNames: [{ type: 'URI', uri: 'spiffe://x/y' }, { type: 'Hostname', hostname: 'b.example' }] },
      },
    });
    expect(validateObject(out)).toEqual([]);
    // switching to a Secret drops the well-known CAs (the CRD allows one or the other)
    const secret = formToBackendTls({ ...f, caSource: 'Secret', caName: 'api-ca' }, out) as { spec: { validation: Record<string, unknown> } };
    expect(secret.spec.validation).toMatchObject({ caCertificateRefs: [{ group: '', kind: 'Secret', name: 'api-ca' }] });
    expect(secret.spec.validation).not.toHaveProperty('wellKnownCACertificates');
  });

  it('checks the fields as the CRD does', () => {
    const e = errorsOf({ name: 'API', caSource: 'ConfigMap', caName: '', hostname: '*.example.com', sans: [{ value: '' }, { value: 'Not A Host' }] });
    expect(e.name).toMatch(/^Invalid value: "API": a lowercase RFC 1123 subdomain/);
    expect(e.caName).toBe('Required value: choose the ConfigMap that holds the CA certificate (ca.crt)');
    expect(e.hostname).toBe('Invalid value: "*.example.com": must be a precise DNS name (no wildcard, not an IP address)');
    expect(e['sans.0.value']).toBe('Required value: enter a name or remove the row');
    expect(e['sans.1.value']).toMatch(/^Invalid value: "Not A Host": should match/);
    expect(errorsOf({ ...emptyBackendTlsForm('api'), hostname: '' }).hostname).toMatch(/^Required value/);
  });

  it('maps API field paths to form fields', () => {
    expect(backendTlsFieldToFormField('spec.validation.hostname')).toBe('hostname');
    expect(backendTlsFieldToFormField('spec.validation.caCertificateRefs[0].name')).toBe('caName');
    expect(backendTlsFieldToFormField('spec.validation.subjectAltNames[1].hostname')).toBe('sans.1.value');
  });
});

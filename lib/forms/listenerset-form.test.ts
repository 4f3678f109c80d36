/**
 * The ListenerSet form: lossless mapping (unknown fields, allowedRoutes, TLS options survive),
 * its checks (hostname required on a shared Gateway, certificate for HTTPS, CRD patterns), and
 * that what it writes passes the dev cluster's ListenerSet validation.
 */
import { describe, expect, it } from 'vitest';
import { validateObject } from '../k8s';
import { emptySetListener, formToListenerSet, listenerSetFieldToFormField, listenerSetFormSchema, listenerSetToForm, newListenerSetBase, withProtocol, type ListenerSetForm } from './listenerset-form';

const stored = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'ListenerSet',
  metadata: { name: 'shop-tls', namespace: 'demo', resourceVersion: '9' },
  spec: {
    parentRef: { name: 'portico', namespace: 'portico-system', kind: 'Gateway', group: 'gateway.networking.k8s.io' },
    listeners: [
      { name: 'https', hostname: 'shop.demo.test', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: 'shop-cert' }], options: { x: 'y' } }, allowedRoutes: { namespaces: { from: 'Same' } } },
      { name: 'http', hostname: 'shop.demo.test', port: 80, protocol: 'HTTP' },
    ],
    future: true,
  },
  status: { conditions: [{ type: 'Accepted', status: 'True' }] },
};

const errorsOf = (f: ListenerSetForm) => {
  const r = listenerSetFormSchema.safeParse(f);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ListenerSet form', () => {
  it('reads parent and listeners, and an untouched form gives back the identical object', () => {
    const f = listenerSetToForm(stored, 'demo');
    expect(f.parent).toBe('portico-system/portico');
    expect(f.listeners.map((l) => [l.name, l.hostname, l.port, l.protocol, l.certificates.map((c) => c.name).join()])).toEqual([
      ['https', 'shop.demo.test', '443', 'HTTPS', 'shop-cert'],
      ['http', 'shop.demo.test', '80', 'HTTP', ''],
    ]);
    expect(formToListenerSet(f, stored, 'demo')).toEqual(stored);
    expect(errorsOf(f)).toEqual({});
  });

  it('a new set writes parentRef with the Gateway namespace and a valid HTTPS listener', () => {
    const f: ListenerSetForm = { name: 'mine', parent: 'portico-system/portico', listeners: [{ ...emptySetListener(), hostname: 'mine.demo.test', certificates: [{ name: 'mine-cert' }] }] };
    expect(errorsOf(f)).toEqual({});
    const out = formToListenerSet(f, newListenerSetBase('demo'), 'demo');
    expect(out).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: 'mine', namespace: 'demo' },
      spec: { parentRef: { name: 'portico', namespace: 'portico-system' }, listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: 'mine.demo.test', tls: { certificateRefs: [{ name: 'mine-cert' }] } }] },
    });
    expect(validateObject(out)).toEqual([]);
  });

  it('switching the protocol keeps the TLS block in step (HTTP has none, and moves to port 80)', () => {
    const http = withProtocol({ ...emptySetListener(), certificates: [{ name: 'c' }] }, 'HTTP');
    expect(http).toMatchObject({ protocol: 'HTTP', port: '80', tlsMode: '', certificates: [] });
    const out = formToListenerSet({ name: 'a', parent: 'portico-system/portico', listeners: [{ ...http, hostname: 'a.demo.test' }] }, newListenerSetBase('demo'), 'demo');
    expect(validateObject(out)).toEqual([]);
    expect(withProtocol(http, 'HTTPS')).toMatchObject({ port: '443', tlsMode: 'Terminate' });
  });

  it('says what is wrong, on the field', () => {
    const f = listenerSetToForm(stored, 'demo');
    f.name = 'Shop';
    f.parent = '';
    f.listeners[0].hostname = '';
    f.listeners[0].certificates = [];
    f.listeners[1].name = 'https';
    f.listeners[1].port = '70000';
    f.listeners[1].protocol = 'TCP';
    const e = errorsOf(f);
    expect(e.name).toMatch(/^Invalid value: "Shop": a lowercase RFC 1123 subdomain/);
    expect(e.parent).toBe('Required value: choose the shared Gateway to attach to');
    expect(e['listeners.0.hostname']).toBe("Required value: a project's listener on a shared Gateway needs its own hostname");
    expect(e['listeners.0.certificates']).toBe('Required value: choose the TLS Secret (certificate) this listener serves');
    expect(e['listeners.1.name']).toBe('Duplicate value: "https"');
    expect(e['listeners.1.port']).toBe('Invalid value: "70000": must be between 1 and 65535, inclusive');
    expect(e['listeners.1.protocol']).toBe('Unsupported value: "TCP": supported values: "HTTPS", "HTTP"');
    expect(errorsOf({ name: 'x', parent: 'a/b', listeners: [] })).toEqual({ listeners: 'Required value: add a listener' });
  });

  it('maps API field paths to form fields', () => {
    const f = listenerSetToForm(stored, 'demo');
    expect(listenerSetFieldToFormField('spec.listeners[0].hostname', f)).toBe('listeners.0.hostname');
    expect(listenerSetFieldToFormField('spec.listeners[1].tls.certificateRefs[0]', f)).toBe('listeners.1.certificates');
    expect(listenerSetFieldToFormField('spec.parentRef.name', f)).toBe('parent');
    expect(listenerSetFieldToFormField('metadata.name', f)).toBe('name');
  });
});

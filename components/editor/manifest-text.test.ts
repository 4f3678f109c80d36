import { describe, expect, it } from 'vitest';
import { locateField, manifestToText, parseManifest, splitFieldPath } from './manifest-text';

const yamlText = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: echo
  annotations:
    portico.dev/alias: Echo
spec:
  rules:
    - host: bad_host
      http:
        paths:
          - path: /
            pathType: Prefix
`;

describe('parseManifest', () => {
  it('parses YAML and JSON objects', () => {
    expect(parseManifest(yamlText, 'yaml')).toMatchObject({ ok: true, value: { kind: 'Ingress' } });
    expect(parseManifest('{"kind":"Ingress"}', 'json')).toEqual({ ok: true, value: { kind: 'Ingress' } });
  });
  it('reports syntax errors with a position', () => {
    const r = parseManifest('metadata:\n  name: [unclosed\n', 'yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/^Invalid YAML/);
    const j = parseManifest('{"kind": }', 'json');
    expect(j.ok).toBe(false);
    if (!j.ok) expect(j.problems[0].message).toMatch(/^Invalid JSON/);
  });
  it('refuses empty text, lists, scalars and duplicate keys', () => {
    expect(parseManifest('  ', 'yaml').ok).toBe(false);
    expect(parseManifest('- a\n- b\n', 'yaml').ok).toBe(false);
    expect(parseManifest('42', 'json').ok).toBe(false);
    expect(parseManifest('a: 1\na: 2\n', 'yaml').ok).toBe(false);
  });
  it('round-trips through text', () => {
    const v = { kind: 'Ingress', spec: { foo: [1, { b: 'x' }] } };
    for (const lang of ['yaml', 'json'] as const) {
      const r = parseManifest(manifestToText(v, lang), lang);
      expect(r).toEqual({ ok: true, value: v });
    }
  });
});

describe('field paths', () => {
  it('splits Kubernetes field paths', () => {
    expect(splitFieldPath('spec.rules[0].http.paths[1].backend')).toEqual(['spec', 'rules', 0, 'http', 'paths', 1, 'backend']);
    expect(splitFieldPath('metadata.annotations[portico.dev/alias]')).toEqual(['metadata', 'annotations', 'portico.dev/alias']);
  });
  it('locates a value in YAML', () => {
    const r = locateField(yamlText, 'spec.rules[0].host')!;
    expect(yamlText.slice(r.start, r.end)).toBe('bad_host');
    const a = locateField(yamlText, 'metadata.annotations[portico.dev/alias]')!;
    expect(yamlText.slice(a.start, a.end)).toBe('Echo');
  });
  it('falls back to the deepest existing ancestor', () => {
    const r = locateField(yamlText, 'spec.rules[0].http.paths[0].backend.service.name')!;
    expect(yamlText.slice(r.start, r.end)).toContain('path: /');
  });
  it('locates a value in JSON', () => {
    const text = manifestToText({ spec: { rules: [{ host: 'bad_host' }] } }, 'json');
    const r = locateField(text, 'spec.rules[0].host')!;
    expect(text.slice(r.start, r.end)).toBe('"bad_host"');
  });
});

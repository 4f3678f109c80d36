import { describe, expect, it } from 'vitest';
import { makeIngressJsonSchema } from './ingress-json-schema';

describe('Ingress JSON Schema for the editors', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const s = makeIngressJsonSchema([{ key: 'nginx.ingress.kubernetes.io/rewrite-target', description: 'rewrite', example: '/', validate: () => undefined }]) as any;
  const path = s.properties.spec.properties.rules.items.properties.http.properties.paths.items;
  it('comes from the lib/k8s zod schema (enums, required fields, unknown fields allowed)', () => {
    expect(s.properties.kind.const).toBe('Ingress');
    expect(path.properties.pathType.enum).toEqual(['Exact', 'Prefix', 'ImplementationSpecific']);
    expect(path.required).toContain('pathType');
    expect(s.properties.spec.additionalProperties).not.toBe(false);
  });
  it('has hover docs, port ranges and annotation keys for completion', () => {
    expect(s.properties.spec.properties.rules.items.properties.host.description).toMatch(/\*\.example\.com/);
    expect(path.properties.backend.properties.service.properties.port.properties.number).toMatchObject({ minimum: 1, maximum: 65535 });
    expect(Object.keys(s.properties.metadata.properties.annotations.properties)).toEqual([
      'portico.dev/alias',
      'portico.dev/description',
      'nginx.ingress.kubernetes.io/rewrite-target',
    ]);
    expect(s.$schema).toBeUndefined();
  });
});

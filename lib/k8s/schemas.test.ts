import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KINDS, apiVersionOf, kindInfo, kindInfoByResource, resourceKeyOf } from './kinds';
import { KIND_SCHEMAS } from './kind-schemas';
import { Deployment, Service } from './index';

describe('schemas', () => {
  it.each(KINDS.map((k) => [k.kind, k] as const))('%s converts to JSON Schema', (_, k) => {
    const schema = z.toJSONSchema(KIND_SCHEMAS[k.kind]) as { properties: Record<string, { const?: string }> };
    expect(schema.properties.kind.const).toBe(k.kind);
    expect(schema.properties.apiVersion.const).toBe(apiVersionOf(k));
  });

  it('keeps unknown fields', () => {
    const parsed = Service.parse({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'a', extra: 1 },
      spec: { ports: [{ port: 80, future: true }] },
      other: 'x',
    });
    expect(parsed).toMatchObject({
      other: 'x',
      metadata: { extra: 1 },
      spec: { ports: [{ future: true }] },
    });
  });

  it('rejects wrong types', () => {
    expect(
      Deployment.safeParse({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {},
        spec: { replicas: 'x', selector: {}, template: { spec: { containers: [] } } },
      }).success,
    ).toBe(false);
  });

  it('looks kinds up by apiVersion/kind and by resource key', () => {
    expect(kindInfo('apps/v1', 'Deployment')?.plural).toBe('deployments');
    expect(kindInfo('gateway.networking.k8s.io/v1beta1', 'HTTPRoute')?.kind).toBe('HTTPRoute');
    expect(kindInfo('v1', 'Widget')).toBeUndefined();
    expect(kindInfoByResource('endpointslices.discovery.k8s.io')?.kind).toBe('EndpointSlice');
    expect(new Set(KINDS.map(resourceKeyOf)).size).toBe(KINDS.length);
  });
});

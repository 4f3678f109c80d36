import { describe, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState } from '.';
import { parsePipelineAnnotation } from './upstream-pipeline-annotation';

const A = 'portico.dev/upstream-pipeline';

describe('portico.dev/upstream-pipeline', () => {
  it('parses 1-64, refuses the rest naming the rule', () => {
    expect(parsePipelineAnnotation(undefined)).toBeUndefined();
    expect(parsePipelineAnnotation({ [A]: ' 8 ' })).toBe(8);
    expect(parsePipelineAnnotation({ [A]: '1' })).toBe(1);
    expect(parsePipelineAnnotation({ [A]: '64' })).toBe(64);
    for (const bad of ['0', '65', '-1', '8.5', 'yes', '', '1e1']) expect(parsePipelineAnnotation({ [A]: bad })).toEqual({ error: expect.stringContaining(`from 1 (no pipelining) to 64, got "${bad}"`) });
    expect((parsePipelineAnnotation({ [A]: 'x'.repeat(10_000) }) as { error: string }).error.length).toBeLessThan(200);
  });

  it('carried on the BackendRef of the annotated Service only; an invalid one is a diagnostic on the Service, every build', () => {
    const svc = (name: string, v?: string) => ({ metadata: { name, namespace: 'ns', ...(v !== undefined ? { annotations: { [A]: v } } : {}) }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    const ing = (name: string) => ({ metadata: { name, namespace: 'ns' }, spec: { ingressClassName: 'portico', rules: [{ host: `${name}.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }] } }] } });
    const state = { services: [svc('a', '16'), svc('b'), svc('c', 'many')], ingresses: [ing('a'), ing('b'), ing('c')] } as unknown as ClusterState;
    const pipelineOf = (s: ReturnType<typeof buildSnapshot>, host: string) => {
      const r = s.match({ method: 'GET', host, path: '/', port: 8080, scheme: 'http', headers: {} } as never);
      return r.kind === 'route' && r.action.type === 'forward' ? r.action.backends[0].pipeline : 'no route';
    };
    const s1 = buildSnapshot(state, { httpPort: 8080, httpsPort: 8443 });
    expect([pipelineOf(s1, 'a.test'), pipelineOf(s1, 'b.test'), pipelineOf(s1, 'c.test')]).toEqual([16, undefined, undefined]);
    const diag = { object: { kind: 'Service', namespace: 'ns', name: 'c' }, reason: 'InvalidAnnotation', field: `metadata.annotations["${A}"]` };
    expect(s1.diagnostics).toEqual([expect.objectContaining(diag)]);
    // the compiled Ingresses are reused by the next build: the diagnostic is not lost
    const s2 = buildSnapshot({ ...state, ingresses: [...state.ingresses!] }, { httpPort: 8080, httpsPort: 8443 });
    expect(s2.diagnostics).toEqual([expect.objectContaining(diag)]);
  });
});

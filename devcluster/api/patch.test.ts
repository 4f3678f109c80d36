import { describe, expect, it } from 'vitest';
import { applyConfiguration, applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch';
import { parseLabelSelector } from './selectors';
import type { KubeObject } from '../store/registry';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', finalizers: ['a', 'b'] },
  spec: {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'app:1', ports: [{ containerPort: 80 }, { containerPort: 81 }], env: [{ name: 'A', value: '1' }] },
          { name: 'side', image: 'side:1' },
        ],
      },
    },
  },
});
const containers = (o: KubeObject) => (o.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers;

describe('strategic merge patch', () => {
  it('merges containers by name, ports by containerPort, env by name', () => {
    const out = applyStrategicMergePatch(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2', ports: [{ containerPort: 82 }], env: [{ name: 'B', value: '2' }] }] } } },
    });
    const [app, side] = containers(out);
    expect(app.image).toBe('app:2');
    expect((app.ports as unknown[]).length).toBe(3);
    expect(app.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(side.image).toBe('side:1');
  });

  it('honours $patch delete/replace, $retainKeys, $deleteFromPrimitiveList and $setElementOrder', () => {
    const out = applyStrategicMergePatch(deployment(), {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }], containers: [{ name: 'app', ports: [{ $patch: 'replace' }, { containerPort: 9 }] }] } },
      },
    });
    expect(out.metadata.finalizers).toEqual(['b']);
    expect(out.spec).toMatchObject({ strategy: { type: 'Recreate' } });
    expect((out.spec as { strategy: object }).strategy).not.toHaveProperty('rollingUpdate');
    expect(containers(out).map((c) => c.name)).toEqual(['side', 'app']);
    expect(containers(out)[1].ports).toEqual([{ containerPort: 9 }]);
    const deleted = applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'side' }] } } } });
    expect(containers(deleted).map((c) => c.name)).toEqual(['app']);
  });

  it("reproduces kubectl apply's port change on a Service", () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] } };
    const out = applyStrategicMergePatch(svc, {
      spec: { '$setElementOrder/ports': [{ port: 81 }], ports: [{ name: 'http', port: 81, targetPort: 8080 }, { $patch: 'delete', port: 80 }] },
    });
    expect((out.spec as { ports: unknown[] }).ports).toEqual([{ name: 'http', port: 81, targetPort: 8080 }]);
  });

  it('refuses unknown directives', () => {
    expect(() => applyStrategicMergePatch(deployment(), { spec: { $weird: 1 } })).toThrow(/\$weird/);
  });
});

describe('json and merge patch', () => {
  it('applies RFC 6902 atomically and RFC 7386 with null deletes', () => {
    const d = deployment();
    expect(() => applyJsonPatch(d, [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }, { op: 'test', path: '/metadata/name', value: 'other' }])).toThrow();
    expect(d.metadata.labels).toBeUndefined();
    const merged = applyMergePatch(d, { metadata: { finalizers: null, labels: { x: 'y' } } });
    expect(merged.metadata).toEqual({ name: 'd', labels: { x: 'y' } });
  });

  it('server-side apply merges keyed lists and keeps unrelated fields', () => {
    const out = applyConfiguration(deployment(), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { l: '1' } }, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:3' }] } } } });
    expect(containers(out)).toHaveLength(1);
    expect(containers(out)[0]).toMatchObject({ name: 'app', image: 'app:3', env: [{ name: 'A', value: '1' }] });
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
  });
});

describe('label selectors', () => {
  it('supports the full syntax', () => {
    const m = parseLabelSelector('app=web,tier in (a, b),!canary,env!=dev,version');
    expect(m({ app: 'web', tier: 'b', version: '1' })).toBe(true);
    expect(m({ app: 'web', tier: 'c', version: '1' })).toBe(false);
    expect(m({ app: 'web', tier: 'a', version: '1', canary: 'x' })).toBe(false);
    expect(parseLabelSelector('n>3')({ n: '4' })).toBe(true);
    expect(() => parseLabelSelector('a in (b')).toThrow(/labelSelector/);
    expect(() => parseLabelSelector('bad key!=x')).toThrow();
  });
});

/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke into defaulted objects */
import { describe, expect, it } from 'vitest';
import { applyDefaults } from './defaults';

describe('applyDefaults', () => {
  it('defaults a Service like the API server', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }, { port: 81, targetPort: 'http' }] },
    };
    const out = applyDefaults(input);
    expect(out.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 81, protocol: 'TCP', targetPort: 'http' },
      ],
    });
    expect(input.spec.ports[0]).toEqual({ port: 80 }); // input untouched
  });

  it('defaults a Deployment and its pod template', () => {
    const out = applyDefaults({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'a', image: 'echo', ports: [{ containerPort: 8080 }] }] },
        },
      },
    }) as any;
    expect(out.metadata).toEqual({ name: 'web' });
    expect(out.spec).toMatchObject({
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(out.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    });
    expect(out.spec.template.spec.containers[0]).toMatchObject({
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'Always',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    expect(applyDefaults(out)).toEqual(out); // idempotent
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/app', 'Always'],
    ['registry:5000/app:2', 'IfNotPresent'],
  ])('imagePullPolicy for %s is %s', (image, policy) => {
    const pod = applyDefaults({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image }] },
    }) as any;
    expect(pod.spec.containers[0].imagePullPolicy).toBe(policy);
  });

  it('folds Secret stringData into base64 data', () => {
    const out = applyDefaults({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==' },
      stringData: { b: 'héllo', a: 'z' },
    }) as any;
    expect(out.type).toBe('Opaque');
    expect(out.stringData).toBeUndefined();
    expect(out.data).toEqual({ a: 'eg==', b: Buffer.from('héllo').toString('base64') });
  });

  it('marks a Namespace Active with its name label', () => {
    const out = applyDefaults({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'demo', labels: { team: 'a' } },
    }) as any;
    expect(out.status.phase).toBe('Active');
    expect(out.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'demo' });
  });

  it('defaults HTTPRoute parents, matches and backends', () => {
    const out = applyDefaults({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r' },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          { backendRefs: [{ name: 'web', port: 80 }] },
          { matches: [{ headers: [{ name: 'x', value: 'y' }] }] },
        ],
      },
    }) as any;
    expect(out.spec.parentRefs[0]).toEqual({
      name: 'gw',
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
    });
    expect(out.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(out.spec.rules[0].backendRefs[0]).toEqual({
      name: 'web',
      port: 80,
      group: '',
      kind: 'Service',
      weight: 1,
    });
    expect(out.spec.rules[1].matches[0]).toEqual({
      path: { type: 'PathPrefix', value: '/' },
      headers: [{ name: 'x', value: 'y', type: 'Exact' }],
    });
  });

  it('defaults Gateway listeners allowedRoutes to Same', () => {
    const out = applyDefaults({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'g' },
      spec: { gatewayClassName: 'portico', listeners: [{ name: 'h', port: 80, protocol: 'HTTP' }] },
    }) as any;
    expect(out.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
  });

  it('leaves unknown kinds as they are', () => {
    const cr = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { x: null },
    };
    expect(applyDefaults(cr)).toEqual(cr);
    expect(applyDefaults(cr)).not.toBe(cr);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClusterRegistry } from './cluster-registry';
import { SqliteStore } from './sqlite-store';
import { k8sSchema } from './schema';
import { bootstrapNamespaces } from './bootstrap';
import { ApiError } from './errors';
import type { KubeObject, WatchEvent } from './registry';

let dir: string;
let store: SqliteStore;
let reg: ClusterRegistry;
const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'registry-test-'));
  store = new SqliteStore(path.join(dir, 'db'), { eventLimit: 50 });
  reg = new ClusterRegistry(store, { schema: k8sSchema });
  bootstrapNamespaces(reg);
});
afterEach(() => {
  reg.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ClusterRegistry', () => {
  it('does not store a no-op update (resourceVersion unchanged, no event)', () => {
    const a = reg.create('configmaps', 'default', cm('a', { x: '1' }));
    const events: WatchEvent[] = [];
    const stop = reg.watch('configmaps', { namespace: 'default' }, (e) => events.push(e));
    const same = reg.update('configmaps', 'default', { ...a, metadata: { ...a.metadata } });
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(events).toEqual([]);
    reg.update('configmaps', 'default', { ...a, data: { x: '2' } });
    expect(events.map((e) => e.type)).toEqual(['MODIFIED']);
    stop();
  });

  it('delivers events in order to every watcher even when a watcher writes from its callback', () => {
    const seenA: string[] = [];
    const seenB: string[] = [];
    reg.watch('configmaps', {}, (e) => {
      seenA.push(`${e.type}:${e.object.metadata.name}:${e.object.metadata.resourceVersion}`);
      if (e.type === 'ADDED' && e.object.metadata.name === 'first') reg.create('configmaps', 'default', cm('second'));
    });
    reg.watch('configmaps', {}, (e) => seenB.push(`${e.type}:${e.object.metadata.name}:${e.object.metadata.resourceVersion}`));
    reg.create('configmaps', 'default', cm('first'));
    expect(seenA).toEqual(seenB);
    expect(seenA.map((s) => s.split(':')[1])).toEqual(['first', 'second']);
  });

  it('replays from a resourceVersion and refuses one older than the retained log with 410', () => {
    const first = reg.create('configmaps', 'default', cm('r0'));
    for (let i = 1; i < 5; i++) reg.create('configmaps', 'default', cm(`r${i}`));
    const replayed: string[] = [];
    reg.watch('configmaps', { resourceVersion: first.metadata.resourceVersion }, (e) => replayed.push(e.object.metadata.name!));
    expect(replayed).toEqual(['r1', 'r2', 'r3', 'r4']);
    for (let i = 0; i < 120; i++) reg.create('configmaps', 'default', cm(`fill-${i}`));
    let err: unknown;
    try {
      reg.watch('configmaps', { resourceVersion: first.metadata.resourceVersion }, () => {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(410);
  });

  it('runs admission hooks inside the write, after defaulting and before validation', () => {
    const ops: string[] = [];
    reg.registerAdmission('services', (req) => {
      ops.push(req.operation);
      if (req.operation === 'DELETE') return undefined;
      const obj = req.object!;
      (obj.spec as Record<string, unknown>).clusterIP = '10.96.0.10';
      expect((obj.spec as { type?: string }).type).toBe('ClusterIP'); // defaulted already
      return obj;
    });
    const svc = reg.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
    expect((svc.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    reg.delete('services', 'default', 's');
    expect(ops).toEqual(['CREATE', 'DELETE']);
    expect(() => reg.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 0 }] } })).toThrow(/spec.ports\[0\].port/);
  });

  it('keeps status on main writes and takes only status on /status writes', () => {
    const ns = reg.get('namespaces', undefined, 'default')!;
    expect((ns.status as { phase: string }).phase).toBe('Active');
    const d = reg.create('deployments.apps', 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
      status: { replicas: 99 },
    });
    expect(d.status).toBeUndefined();
    const s = reg.update('deployments.apps', 'default', { ...d, status: { replicas: 1 }, metadata: { ...d.metadata, labels: { ignored: 'yes' } } }, { subresource: 'status' });
    expect(s.status).toEqual({ replicas: 1 });
    expect(s.metadata.labels).toBeUndefined();
    expect(s.metadata.generation).toBe(1);
    const m = reg.update('deployments.apps', 'default', { ...s, status: { replicas: 5 } });
    expect(m.status).toEqual({ replicas: 1 });
  });

  it('survives reopening: objects, resourceVersion and the event log', () => {
    const a = reg.create('configmaps', 'default', cm('persist', { k: 'v' }));
    reg.close();
    store.close();
    store = new SqliteStore(path.join(dir, 'db'), { eventLimit: 50 });
    reg = new ClusterRegistry(store, { schema: k8sSchema });
    expect(reg.get('configmaps', 'default', 'persist')?.data).toEqual({ k: 'v' });
    const replay: string[] = [];
    const before = String(Number(a.metadata.resourceVersion) - 1);
    reg.watch('configmaps', { resourceVersion: before }, (e) => replay.push(`${e.type}:${e.object.metadata.name}`));
    expect(replay).toEqual(['ADDED:persist']);
    const b = reg.create('configmaps', 'default', cm('next'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
  });
});

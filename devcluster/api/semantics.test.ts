import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatch, request, startTestCluster, waitFor, type TestCluster } from '../testing/harness';

let c: TestCluster;
const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { a: '1' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});
const CMS = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  c = await startTestCluster({ bookmarkIntervalMs: 200 });
});
afterAll(async () => {
  await c?.cleanup();
});

describe('dev cluster API semantics', () => {
  it('serves discovery, version and openapi', async () => {
    expect((await request(c, 'GET', '/version')).json.major).toBe('1');
    const api = await request(c, 'GET', '/api');
    expect(api.json.versions).toEqual(['v1']);
    const v1 = await request(c, 'GET', '/api/v1');
    const svc = v1.json.resources.find((r: { name: string }) => r.name === 'services');
    expect(svc).toMatchObject({ namespaced: true, kind: 'Service', shortNames: ['svc'], categories: ['all'], singularName: 'service' });
    const apps = await request(c, 'GET', '/apis/apps/v1');
    expect(apps.json.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['deployments', 'deployments/status', 'deployments/scale']));
    const groups = await request(c, 'GET', '/apis');
    const gw = groups.json.groups.find((g: { name: string }) => g.name === 'gateway.networking.k8s.io');
    expect(gw.preferredVersion.version).toBe('v1');
    const proto = await request(c, 'GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(proto.headers['content-type']).toBe('application/octet-stream');
    expect(proto.text).toContain('x-kubernetes-group-version-kind');
    const json = await request(c, 'GET', '/openapi/v2');
    expect(json.json.paths['/api/v1/namespaces/{namespace}/services/{name}'].patch['x-kubernetes-group-version-kind'].kind).toBe('Service');
    expect((await request(c, 'GET', '/apis/nope.example/v1')).status).toBe(404);
  });

  it('refuses requests without a valid token with a 401 Status', async () => {
    const none = await request(c, 'GET', '/api/v1/namespaces', { token: null });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await request(c, 'GET', '/api/v1/namespaces', { token: 'wrong' })).status).toBe(401);
  });

  it('creates with uid, creationTimestamp, increasing resourceVersion and generateName', async () => {
    const a = await request(c, 'POST', CMS, { body: cm('sem-a') });
    expect(a.status).toBe(201);
    expect(a.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.json.metadata.creationTimestamp).toMatch(/Z$/);
    const b = await request(c, 'POST', CMS, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } } });
    expect(b.status).toBe(201);
    expect(b.json.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(Number(b.json.metadata.resourceVersion)).toBeGreaterThan(Number(a.json.metadata.resourceVersion));
    const dup = await request(c, 'POST', CMS, { body: cm('sem-a') });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ reason: 'AlreadyExists', details: { name: 'sem-a', kind: 'configmaps' } });
    const noNs = await request(c, 'POST', '/api/v1/namespaces/missing/configmaps', { body: cm('x') });
    expect(noNs.status).toBe(404);
    expect(noNs.json.message).toBe('namespaces "missing" not found');
  });

  it('enforces optimistic concurrency and bumps generation only on spec changes', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gen' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'gen' } }, template: { metadata: { labels: { app: 'gen' } }, spec: { containers: [{ name: 'c', image: 'echo' }] } } },
    };
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const created = await request(c, 'POST', path, { body: dep });
    expect(created.status).toBe(201);
    expect(created.json.metadata.generation).toBe(1);
    const labeled = await request(c, 'PATCH', `${path}/gen`, { body: { metadata: { labels: { x: 'y' } } }, contentType: 'application/merge-patch+json' });
    expect(labeled.json.metadata.generation).toBe(1);
    const scaled = await request(c, 'PATCH', `${path}/gen`, { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    expect(scaled.json.metadata.generation).toBe(2);
    const stale = await request(c, 'PUT', `${path}/gen`, { body: { ...created.json, spec: { ...created.json.spec, replicas: 5 } } });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toContain('the object has been modified');
    // status is kept on main-resource writes and written only through /status
    const st = await request(c, 'PUT', `${path}/gen/status`, { body: { ...scaled.json, status: { replicas: 3, readyReplicas: 3 }, spec: { replicas: 9 } } });
    expect(st.status).toBe(200);
    expect(st.json.status.readyReplicas).toBe(3);
    expect(st.json.spec.replicas).toBe(3);
    const put = await request(c, 'PUT', `${path}/gen`, { body: { ...st.json, status: { replicas: 0 } } });
    expect(put.json.status.readyReplicas).toBe(3);
    const scale = await request(c, 'GET', `${path}/gen/scale`);
    expect(scale.json).toMatchObject({ kind: 'Scale', spec: { replicas: 3 }, status: { selector: 'app=gen' } });
    const scaledTo = await request(c, 'PATCH', `${path}/gen/scale`, { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    expect(scaledTo.json.spec.replicas).toBe(4);
  });

  it('lists with label and field selectors, and refuses unsupported fields', async () => {
    for (const [n, l] of [['sel-1', { tier: 'web', env: 'prod' }], ['sel-2', { tier: 'db', env: 'prod' }], ['sel-3', { tier: 'web' }]] as const) {
      expect((await request(c, 'POST', CMS, { body: cm(n, l) })).status).toBe(201);
    }
    const names = async (q: string) => (await request(c, 'GET', `${CMS}?${q}`)).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names('labelSelector=' + encodeURIComponent('tier=web,env'))).toEqual(['sel-1']);
    expect(await names('labelSelector=' + encodeURIComponent('tier in (web,db),!missing,env!=dev'))).toEqual(['sel-1', 'sel-2', 'sel-3']);
    expect(await names('labelSelector=' + encodeURIComponent('tier notin (web)'))).not.toContain('sel-1');
    expect(await names('fieldSelector=metadata.name%3Dsel-2')).toEqual(['sel-2']);
    const bad = await request(c, 'GET', `${CMS}?fieldSelector=spec.foo%3Dbar`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('field label not supported: spec.foo');
    const badLabel = await request(c, 'GET', `${CMS}?labelSelector=${encodeURIComponent('a in (b')}`);
    expect(badLabel.status).toBe(400);
    const all = await request(c, 'GET', '/api/v1/configmaps');
    expect(all.json.kind).toBe('ConfigMapList');
    expect(Array.isArray(all.json.items)).toBe(true);
  });

  it('filters lists and watches with Gt/Lt label requirements through the shared matcher', async () => {
    for (const [n, rank] of [['rank-1', '1'], ['rank-5', '5'], ['rank-x', 'x']] as const) {
      expect((await request(c, 'POST', CMS, { body: cm(n, { rank }) })).status).toBe(201);
    }
    const names = async (sel: string) =>
      (await request(c, 'GET', `${CMS}?labelSelector=${encodeURIComponent(sel)}`)).json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    // Non-integer values never match Gt/Lt; keys without the label do not either.
    expect(await names('rank>2')).toEqual(['rank-5']);
    expect(await names('rank<2')).toEqual(['rank-1']);
    expect(await names('rank>-1,rank<5')).toEqual(['rank-1']);
    const bad = await request(c, 'GET', `${CMS}?labelSelector=${encodeURIComponent('rank>two')}`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain("for 'Gt', 'Lt' operators, the value must be an integer");
  });

  it('paginates consistently with limit/continue, and expires bad tokens', async () => {
    await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } } });
    for (let i = 0; i < 7; i++) await request(c, 'POST', '/api/v1/namespaces/paging/configmaps', { body: cm(`p-${i}`) });
    const first = await request(c, 'GET', '/api/v1/namespaces/paging/configmaps?limit=3');
    expect(first.json.items).toHaveLength(3);
    expect(first.json.metadata.continue).toBeTruthy();
    // Changes after the first page do not show up in later pages of the same list.
    await request(c, 'POST', '/api/v1/namespaces/paging/configmaps', { body: cm('p-9') });
    await request(c, 'DELETE', '/api/v1/namespaces/paging/configmaps/p-5');
    const seen = first.json.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    let token = first.json.metadata.continue;
    while (token) {
      const page = await request(c, 'GET', `/api/v1/namespaces/paging/configmaps?limit=3&continue=${token}`);
      expect(page.json.metadata.resourceVersion).toBe(first.json.metadata.resourceVersion);
      seen.push(...page.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      token = page.json.metadata.continue;
    }
    expect(seen).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6']);
    expect((await request(c, 'GET', '/api/v1/namespaces/paging/configmaps?limit=3&continue=garbage')).status).toBe(400);
  });

  it('lists as of an exact resourceVersion (resourceVersionMatch=Exact)', async () => {
    const before = await request(c, 'POST', CMS, { body: cm('exact-1') });
    const rv = before.json.metadata.resourceVersion;
    await request(c, 'POST', CMS, { body: cm('exact-2') });
    await request(c, 'DELETE', `${CMS}/exact-1`);
    const names = (r: { json: { items: Array<{ metadata: { name: string } }> } }) => r.json.items.map((i) => i.metadata.name).filter((n) => n.startsWith('exact-'));
    const then = await request(c, 'GET', `${CMS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(then.json.metadata.resourceVersion).toBe(rv);
    expect(names(then)).toEqual(['exact-1']);
    expect(names(await request(c, 'GET', CMS))).toEqual(['exact-2']);
    expect((await request(c, 'GET', `${CMS}?resourceVersionMatch=Exact`)).status).toBe(400);
  });

  it('watches: synthetic ADDED, resume from resourceVersion, selector transitions, bookmarks', async () => {
    const base = await request(c, 'POST', CMS, { body: cm('w-1', { watch: 'yes' }) });
    const rv = base.json.metadata.resourceVersion;
    await request(c, 'POST', CMS, { body: cm('w-2', { watch: 'yes' }) });
    const fromZero = openWatch(c, `${CMS}?watch=true&labelSelector=watch%3Dyes`);
    expect(await fromZero.opened).toBe(200);
    await waitFor(() => fromZero.events.length >= 2, 'synthetic ADDED');
    expect(fromZero.events.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'w-1'], ['ADDED', 'w-2']]);
    // Python sends watch=True; resume from rv replays what happened after it.
    const resumed = openWatch(c, `${CMS}?watch=True&resourceVersion=${rv}&labelSelector=watch%3Dyes&allowWatchBookmarks=true`);
    await resumed.opened;
    await waitFor(() => resumed.events.some((e) => e.object.metadata.name === 'w-2'), 'replayed w-2');
    expect(resumed.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w-2' } } });
    // An object that stops matching is DELETED for the watcher, one that starts matching is ADDED.
    await request(c, 'PATCH', `${CMS}/w-1`, { body: { metadata: { labels: { watch: 'no' } } }, contentType: 'application/merge-patch+json' });
    await waitFor(() => fromZero.events.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'w-1'), 'DELETED on label change');
    await request(c, 'PATCH', `${CMS}/w-1`, { body: { metadata: { labels: { watch: 'yes' } } }, contentType: 'application/merge-patch+json' });
    await waitFor(() => fromZero.events.filter((e) => e.type === 'ADDED' && e.object.metadata.name === 'w-1').length === 2, 'ADDED on label match');
    await waitFor(() => resumed.events.some((e) => e.type === 'BOOKMARK'), 'bookmark');
    const rvs = fromZero.events.filter((e) => e.type !== 'BOOKMARK').map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    fromZero.close();
    resumed.close();
  });

  it('supports watch-list (sendInitialEvents) with an initial-events-end bookmark', async () => {
    const w = openWatch(c, `${CMS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=watch%3Dyes`);
    await w.opened;
    await waitFor(() => w.events.some((e) => e.type === 'BOOKMARK'), 'initial-events-end bookmark');
    const end = w.events.findIndex((e) => e.type === 'BOOKMARK');
    expect(w.events[end].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    expect(w.events.slice(0, end).every((e) => e.type === 'ADDED')).toBe(true);
    expect(end).toBeGreaterThanOrEqual(2);
    w.close();
  });

  it('closes a watch after timeoutSeconds and answers a too-old resourceVersion with a 410 ERROR event', async () => {
    const w = openWatch(c, `${CMS}?watch=1&resourceVersion=${(await request(c, 'GET', CMS)).json.metadata.resourceVersion}&timeoutSeconds=1`);
    expect(await w.opened).toBe(200);
    await waitFor(() => w.ended, 'watch timeout', 5000);
    const old = await startTestCluster();
    try {
      // Fill a small log then ask for the beginning.
      const store = old.registry.store as unknown as { compactedRv: number };
      store.compactedRv = 50;
      const expired = openWatch(old, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3');
      await expired.opened;
      await waitFor(() => expired.ended, 'expired watch closes');
      expect(expired.events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) }]);
    } finally {
      await old.cleanup();
    }
  });

  it('finalizers hold deletion until removed; namespaces terminate and delete their contents', async () => {
    await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } });
    const created = await request(c, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: { ...cm('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    expect(created.status).toBe(201);
    await request(c, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('plain') });
    const w = openWatch(c, '/api/v1/namespaces/doomed/configmaps?watch=true');
    await w.opened;
    const del = await request(c, 'DELETE', '/api/v1/namespaces/doomed');
    expect(del.json.status.phase).toBe('Terminating');
    expect(del.json.metadata.deletionTimestamp).toBeTruthy();
    await waitFor(() => w.events.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'plain'), 'content deleted');
    const forbidden = await request(c, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: cm('late') });
    expect(forbidden.status).toBe(403);
    const held = await request(c, 'GET', '/api/v1/namespaces/doomed/configmaps/held');
    expect(held.json.metadata.deletionTimestamp).toBeTruthy();
    expect((await request(c, 'GET', '/api/v1/namespaces/doomed')).status).toBe(200);
    await request(c, 'PATCH', '/api/v1/namespaces/doomed/configmaps/held', { body: [{ op: 'remove', path: '/metadata/finalizers' }], contentType: 'application/json-patch+json' });
    await waitFor(async () => (await request(c, 'GET', '/api/v1/namespaces/doomed')).status === 404, 'namespace removed');
    expect((await request(c, 'GET', '/api/v1/namespaces/doomed/configmaps/held')).status).toBe(404);
    w.close();
  });

  it('dryRun=All stores nothing and emits nothing', async () => {
    const before = (await request(c, 'GET', CMS)).json.metadata.resourceVersion;
    const w = openWatch(c, `${CMS}?watch=true&resourceVersion=${before}`);
    await w.opened;
    const r = await request(c, 'POST', `${CMS}?dryRun=All`, { body: cm('dry') });
    expect(r.status).toBe(201);
    expect((await request(c, 'GET', `${CMS}/dry`)).status).toBe(404);
    expect((await request(c, 'DELETE', `${CMS}/sem-a?dryRun=All`)).status).toBe(200);
    expect((await request(c, 'GET', `${CMS}/sem-a`)).status).toBe(200);
    expect((await request(c, 'GET', CMS)).json.metadata.resourceVersion).toBe(before);
    await new Promise((res) => setTimeout(res, 100));
    expect(w.events).toEqual([]);
    w.close();
  });

  it('applies strategic merge patches with merge keys and directives', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'smp' }, spec: { selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const p = '/api/v1/namespaces/default/services';
    expect((await request(c, 'POST', p, { body: svc })).status).toBe(201);
    const r = await request(c, 'PATCH', `${p}/smp`, {
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { '$setElementOrder/ports': [{ port: 81 }], ports: [{ name: 'http', port: 81, targetPort: 8080 }, { $patch: 'delete', port: 80 }] } },
    });
    expect(r.status).toBe(200);
    expect(r.json.spec.ports.map((x: { port: number }) => x.port)).toEqual([81]);
    const gw = await request(c, 'PATCH', '/apis/gateway.networking.k8s.io/v1/namespaces/default/gateways/x', { contentType: 'application/strategic-merge-patch+json', body: {} });
    expect(gw.status).toBe(415);
    const ssaNoManager = await request(c, 'PATCH', `${p}/ssa`, { contentType: 'application/apply-patch+yaml', raw: 'apiVersion: v1\nkind: Service\nmetadata: {name: ssa}\nspec: {ports: [{port: 80}]}\n' });
    expect(ssaNoManager.status).toBe(422);
    const ssa = await request(c, 'PATCH', `${p}/ssa?fieldManager=test`, { contentType: 'application/apply-patch+yaml', raw: 'apiVersion: v1\nkind: Service\nmetadata: {name: ssa}\nspec: {ports: [{port: 80}]}\n' });
    expect(ssa.status).toBe(201);
    expect(ssa.json.spec.ports[0]).toMatchObject({ port: 80, protocol: 'TCP' });
  });

  it('server-side apply records managedFields, removes fields the manager stopped applying, and is a no-op when unchanged', async () => {
    const p = '/api/v1/namespaces/default/configmaps/owned?fieldManager=me';
    const apply = (yaml: string) => request(c, 'PATCH', p, { contentType: 'application/apply-patch+yaml', raw: yaml });
    const first = await apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, labels: {a: "1", b: "2"}}\ndata: {x: "1", y: "2"}\n');
    expect(first.status).toBe(201);
    expect(first.json.metadata.managedFields[0]).toMatchObject({ manager: 'me', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {}, 'f:y': {} } } });
    // Another writer adds a field the manager does not own: it survives the re-apply.
    await request(c, 'PATCH', '/api/v1/namespaces/default/configmaps/owned', { contentType: 'application/merge-patch+json', body: { data: { other: 'keep' } } });
    const second = await apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, labels: {a: "1"}}\ndata: {x: "1"}\n');
    expect(second.json.data).toEqual({ x: '1', other: 'keep' });
    expect(second.json.metadata.labels).toEqual({ a: '1' });
    const third = await apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: owned, labels: {a: "1"}}\ndata: {x: "1"}\n');
    expect(third.json.metadata.resourceVersion).toBe(second.json.metadata.resourceVersion);
  });

  it('renders Table output for kubectl', async () => {
    const t = await request(c, 'GET', '/api/v1/namespaces/default/services', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(t.json.kind).toBe('Table');
    expect(t.json.columnDefinitions.map((d: { name: string }) => d.name)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
    expect(t.json.rows[0].object.kind).toBe('PartialObjectMetadata');
  });
});

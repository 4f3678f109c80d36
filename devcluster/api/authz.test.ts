/** The pluggable authorizer: refused requests get 403, and self-reviews report the same verdicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, type TestCluster } from '../testing/harness';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ authorize: (a) => (a.verb === 'delete' && a.resource === 'configmaps' ? 'deleting configmaps is not allowed here' : true) });
});
afterAll(async () => {
  await c?.cleanup();
});

describe('authorization hook', () => {
  it('refuses with 403 and answers access reviews consistently', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' } };
    expect((await request(c, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm })).status).toBe(201);
    const del = await request(c, 'DELETE', '/api/v1/namespaces/default/configmaps/keep');
    expect(del.status).toBe(403);
    expect(del.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'deleting configmaps is not allowed here' });
    const review = (verb: string) =>
      request(c, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'default', verb, resource: 'configmaps' } } },
      });
    expect((await review('delete')).json.status).toEqual({ allowed: false, reason: 'deleting configmaps is not allowed here' });
    expect((await review('get')).json.status).toEqual({ allowed: true });
    const who = await request(c, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(who.json.status.userInfo.username).toBe('portico-admin');
    expect((await request(c, 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).status).toBe(405);
  });
});

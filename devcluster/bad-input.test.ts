/**
 * Malformed requests each get the right status code, a Status body, and a message that
 * names the field or parameter; none of them changes anything stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, type RequestOptions, type TestCluster } from './testing/harness';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ok' }, spec: { ports: [{ port: 80 }] } };
  expect((await request(c, 'POST', '/api/v1/namespaces/default/services', { body: svc })).status).toBe(201);
  const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: {} };
  expect((await request(c, 'POST', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes', { body: route })).status).toBe(201);
});
afterAll(async () => {
  await c?.cleanup();
});

const SVC = '/api/v1/namespaces/default/services';
const svc = (spec: object, name = 'bad') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const deployment = (templateLabels: object) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'c', image: 'echo' }] } } },
});
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const aliasBomb = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: ok}',
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

type Case = [name: string, method: string, path: string, opts: RequestOptions, status: number, mentions: string];

const CASES: Case[] = [
  ['invalid Service name', 'POST', SVC, { body: svc({ ports: [{ port: 80 }] }, 'Bad_Name') }, 422, 'metadata.name'],
  ['Service port above 65535', 'POST', SVC, { body: svc({ ports: [{ port: 70000 }] }) }, 422, 'spec.ports[0].port'],
  ['Service port 0', 'POST', SVC, { body: svc({ ports: [{ port: 0 }] }) }, 422, 'spec.ports[0].port'],
  ['Service unknown type', 'POST', SVC, { body: svc({ type: 'Weird', ports: [{ port: 80 }] }) }, 422, 'spec.type'],
  ['Service ports of the wrong type', 'POST', SVC, { body: svc({ ports: 'eighty' }) }, 422, 'spec.ports'],
  ['Namespace name too long', 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n'.repeat(64) } } }, 422, 'metadata.name'],
  ['missing name', 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } }, 422, 'metadata.name'],
  ['invalid label value', 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l', labels: { app: 'no spaces!' } } } }, 422, 'metadata.labels'],
  ['Deployment selector not matching template', 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment({ app: 'b' }) }, 422, 'spec.template.metadata.labels'],
  [
    'Ingress path without pathType',
    'POST',
    '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    { body: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] } } },
    422,
    'pathType',
  ],
  [
    'TLS Secret without tls.key',
    'POST',
    '/api/v1/namespaces/default/secrets',
    { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0' } } },
    422,
    'tls.key',
  ],
  ['body that is not JSON', 'POST', SVC, { raw: '{"apiVersion": "v1", kind', contentType: 'application/json' }, 400, 'JSON'],
  ['body that is a JSON array', 'POST', SVC, { raw: '[1,2]' }, 400, 'object'],
  ['body over 3 MiB', 'POST', '/api/v1/namespaces/default/configmaps', { raw: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'x'.repeat(3 * 1024 * 1024 + 10) } }) }, 413, 'too large'],
  ['JSON nested 500 levels deep', 'POST', SVC, { raw: nested(500) }, 400, 'nested too deeply'],
  ['kind that does not match the URL', 'POST', SVC, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } } }, 400, 'kind'],
  ['namespace that does not match the URL', 'POST', SVC, { body: { ...svc({ ports: [{ port: 80 }] }, 'x'), metadata: { name: 'x', namespace: 'other' } } }, 400, 'namespace'],
  ['protobuf body of an unsupported kind', 'POST', SVC, { raw: 'k8s\u0000', contentType: 'application/vnd.kubernetes.protobuf' }, 415, 'protobuf'],
  ['truncated protobuf body', 'POST', SVC, { raw: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x50, 0x01]), contentType: 'application/vnd.kubernetes.protobuf' }, 400, 'protobuf'],
  ['unsupported dryRun value', 'POST', `${SVC}?dryRun=Bogus`, { body: svc({ ports: [{ port: 80 }] }, 'dry') }, 400, 'dryRun'],
  ['unsupported fieldValidation value', 'POST', `${SVC}?fieldValidation=Loose`, { body: svc({ ports: [{ port: 80 }] }, 'fv') }, 400, 'fieldValidation'],
  ['PUT whose name differs from the URL', 'PUT', `${SVC}/ok`, { body: svc({ ports: [{ port: 80 }] }, 'other') }, 400, 'name'],
  ['PUT with an invalid port', 'PUT', `${SVC}/ok`, { body: svc({ ports: [{ port: -1 }] }, 'ok') }, 422, 'spec.ports[0].port'],
  ['JSON patch that is not a list', 'PATCH', `${SVC}/ok`, { body: { op: 'add' }, contentType: 'application/json-patch+json' }, 400, 'jsonpatch'],
  ['JSON patch with an unknown op', 'PATCH', `${SVC}/ok`, { body: [{ op: 'frobnicate', path: '/spec' }], contentType: 'application/json-patch+json' }, 400, 'frobnicate'],
  ['JSON patch path that does not exist', 'PATCH', `${SVC}/ok`, { body: [{ op: 'replace', path: '/spec/nothing/here', value: 1 }], contentType: 'application/json-patch+json' }, 422, '/spec/nothing/here'],
  ['merge patch producing an invalid port', 'PATCH', `${SVC}/ok`, { body: { spec: { ports: [{ port: 99999 }] } }, contentType: 'application/merge-patch+json' }, 422, 'spec.ports[0].port'],
  ['unknown patch content type', 'PATCH', `${SVC}/ok`, { raw: 'x', contentType: 'text/plain' }, 415, 'application/merge-patch+json'],
  ['strategic merge patch on a Gateway API kind', 'PATCH', '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/r', { body: { spec: {} }, contentType: 'application/strategic-merge-patch+json' }, 415, 'media types'],
  ['strategic merge patch with an unknown directive', 'PATCH', `${SVC}/ok`, { body: { spec: { $frob: 1 } }, contentType: 'application/strategic-merge-patch+json' }, 400, '$frob'],
  ['apply without fieldManager', 'PATCH', `${SVC}/ok`, { raw: 'apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n', contentType: 'application/apply-patch+yaml' }, 422, 'fieldManager'],
  ['apply with a YAML alias bomb', 'PATCH', `${SVC}/ok?fieldManager=t`, { raw: aliasBomb, contentType: 'application/apply-patch+yaml' }, 400, 'YAML'],
  ['malformed label selector', 'GET', `${SVC}?labelSelector=${encodeURIComponent('app in (a')}`, {}, 400, 'label'],
  ['unsupported field selector', 'GET', `${SVC}?fieldSelector=spec.clusterIP%3D1.2.3.4`, {}, 400, 'spec.clusterIP'],
  ['non-numeric limit', 'GET', `${SVC}?limit=-1`, {}, 400, 'limit'],
  ['watch from a non-numeric resourceVersion', 'GET', `${SVC}?watch=true&resourceVersion=abc`, {}, 400, 'resource version'],
  ['invalid watch boolean', 'GET', `${SVC}?watch=maybe`, {}, 400, 'watch'],
  ['bad propagationPolicy', 'DELETE', `${SVC}/ok`, { body: { propagationPolicy: 'Sideways' } }, 400, 'propagationPolicy'],
  ['POST on a single object', 'POST', `${SVC}/ok`, { body: svc({ ports: [{ port: 80 }] }, 'ok') }, 405, 'POST'],
  ['unknown field under fieldValidation=Strict', 'POST', `${SVC}?fieldValidation=Strict`, { body: { ...svc({ ports: [{ port: 80 }] }, 'strict'), spce: {} } }, 400, 'unknown field "spce"'],
  ['unknown metadata field under fieldValidation=Strict', 'POST', `${SVC}?fieldValidation=Strict`, { body: { ...svc({ ports: [{ port: 80 }] }, 'strict'), metadata: { name: 'strict', lables: {} } } }, 400, 'metadata.lables'],
  ['malformed percent-encoding in the path', 'GET', '/api/v1/namespaces/%E0%A4%A/pods', {}, 400, 'percent-encoding'],
  ['unknown resource', 'GET', '/api/v1/namespaces/default/widgets', {}, 404, 'not find'],
];

describe('bad input', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)('%s -> %s %s gets the right Status', async (_name, method, path, opts, status, mentions) => {
    const r = await request(c, method, path, opts);
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', code: status });
    const text = `${r.json.message} ${JSON.stringify(r.json.details?.causes ?? [])}`;
    expect(text).toContain(mentions);
  });

  it('changed nothing stored', async () => {
    const svcs = await request(c, 'GET', SVC);
    expect(svcs.json.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['ok']);
    expect(svcs.json.items[0].spec.ports[0].port).toBe(80);
    expect((await request(c, 'GET', '/api/v1/namespaces/default/configmaps')).json.items).toEqual([]);
    expect((await request(c, 'GET', '/apis/apps/v1/deployments')).json.items).toEqual([]);
  });
});

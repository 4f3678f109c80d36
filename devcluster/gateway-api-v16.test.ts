/**
 * Gateway API v1.6 kinds and versions as the dev cluster serves them, through real clients:
 * kubectl (discovery, apply, get by plural, short name and older version) and
 * @kubernetes/client-node (CustomObjectsApi list/get at each served version, a watch at an
 * older version). The CRD validation rules are checked on the 422s' causes.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, type TestCluster } from './testing/harness';

const run = promisify(execFile);
const GW = 'gateway.networking.k8s.io';
const NS = 'gwapi16';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
  await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
});
afterAll(async () => {
  await c?.cleanup();
});

const k = async (...args: string[]) => (await run('kubectl', ['--kubeconfig', c.kubeconfigPath, '--cache-dir', path.join(c.dataDir, 'cache-gw16'), ...args], { timeout: 20_000 })).stdout;
const kFail = async (...args: string[]) => {
  try {
    await k(...args);
  } catch (err) {
    return String((err as { stderr?: string }).stderr);
  }
  throw new Error(`kubectl ${args.join(' ')} unexpectedly succeeded`);
};
const file = (name: string, text: string) => {
  const f = path.join(c.dataDir, `gw16-${name}.yaml`);
  writeFileSync(f, text);
  return f;
};

const ALL = `apiVersion: ${GW}/v1
kind: ListenerSet
metadata: {name: team-a, namespace: ${NS}}
spec:
  parentRef: {name: portico, namespace: portico-system}
  listeners:
  - {name: https, port: 443, protocol: HTTPS, hostname: a.example.test, tls: {certificateRefs: [{name: a-cert}]}}
---
apiVersion: ${GW}/v1
kind: BackendTLSPolicy
metadata: {name: api-tls, namespace: ${NS}}
spec:
  targetRefs: [{group: "", kind: Service, name: api}]
  validation: {wellKnownCACertificates: System, hostname: api.example.test}
---
apiVersion: ${GW}/v1
kind: UDPRoute
metadata: {name: dns, namespace: ${NS}}
spec:
  parentRefs: [{name: portico, namespace: portico-system}]
  rules: [{backendRefs: [{name: dns, port: 53}]}]
---
apiVersion: ${GW}/v1
kind: TCPRoute
metadata: {name: db, namespace: ${NS}}
spec:
  parentRefs: [{name: portico, namespace: portico-system}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
---
apiVersion: ${GW}/v1
kind: TLSRoute
metadata: {name: tls, namespace: ${NS}}
spec:
  hostnames: [tls.example.test]
  rules: [{backendRefs: [{name: tls, port: 443}]}]
---
apiVersion: ${GW}/v1
kind: ReferenceGrant
metadata: {name: grant, namespace: ${NS}}
spec:
  from: [{group: ${GW}, kind: HTTPRoute, namespace: other}]
  to: [{group: "", kind: Service}]
---
apiVersion: ${GW}/v1
kind: HTTPRoute
metadata: {name: web, namespace: ${NS}}
spec:
  rules:
  - name: api
    filters:
    - type: CORS
      cors: {allowOrigins: ["https://app.example.test"], allowMethods: [GET, PUT]}
    - type: RequestMirror
      requestMirror: {backendRef: {name: shadow, port: 80}, fraction: {numerator: 1}}
    retry: {codes: [503], attempts: 2, backoff: 100ms}
    sessionPersistence: {sessionName: sid, type: Header}
    backendRefs: [{name: web, port: 80}]
`;

describe('Gateway API v1.6 in the dev cluster', () => {
  it('kubectl: discovery lists every kind at v1 (preferred) and the older versions the CRDs still serve', async () => {
    const resources = await k('api-resources', `--api-group=${GW}`, '-o', 'wide');
    for (const [plural, short, kind] of [
      ['gatewayclasses', 'gc', 'GatewayClass'],
      ['gateways', 'gtw', 'Gateway'],
      ['httproutes', '', 'HTTPRoute'],
      ['grpcroutes', '', 'GRPCRoute'],
      ['listenersets', 'lset', 'ListenerSet'],
      ['tlsroutes', '', 'TLSRoute'],
      ['tcproutes', '', 'TCPRoute'],
      ['udproutes', '', 'UDPRoute'],
      ['referencegrants', 'refgrant', 'ReferenceGrant'],
      ['backendtlspolicies', 'btlspolicy', 'BackendTLSPolicy'],
    ])
      expect(resources).toMatch(new RegExp(`^${plural}\\s+${short}\\s+${GW}/v1\\s+${kind === 'GatewayClass' ? 'false' : 'true'}\\s+${kind}\\s`, 'm'));
    const versions = await k('api-versions');
    for (const v of ['v1', 'v1beta1', 'v1alpha2', 'v1alpha3']) expect(versions).toContain(`${GW}/${v}\n`);
    const group = JSON.parse(await k('get', '--raw', `/apis/${GW}`));
    expect(group.preferredVersion.version).toBe('v1');
    const old = JSON.parse(await k('get', '--raw', `/apis/${GW}/v1alpha2`));
    expect(old.resources.map((r: { name: string }) => r.name).filter((n: string) => !n.includes('/')).sort()).toEqual(['tcproutes', 'tlsroutes', 'udproutes']);
  });

  it('kubectl: applies the new kinds, gets them by name and short name, and reads them at an older version', async () => {
    const out = await k('apply', '-f', file('all', ALL));
    for (const what of ['listenerset', 'backendtlspolicy', 'udproute', 'tcproute', 'tlsroute', 'referencegrant', 'httproute'])
      expect(out).toContain(`${what}.${GW}/`);
    expect(await k('get', 'lset', '-n', NS)).toMatch(/team-a/);
    expect(await k('get', 'btlspolicy', 'api-tls', '-n', NS, '-o', 'jsonpath={.spec.validation.hostname}')).toBe('api.example.test');
    const route = JSON.parse(await k('get', 'httproute', 'web', '-n', NS, '-o', 'json'));
    expect(route.apiVersion).toBe(`${GW}/v1`);
    // CRD defaults: CORS maxAge 5, fraction denominator 100
    expect(route.spec.rules[0].filters[0].cors.maxAge).toBe(5);
    expect(route.spec.rules[0].filters[1].requestMirror.fraction).toEqual({ numerator: 1, denominator: 100 });
    const lset = JSON.parse(await k('get', 'listenerset', 'team-a', '-n', NS, '-o', 'json'));
    expect(lset.spec.parentRef).toMatchObject({ group: GW, kind: 'Gateway' });
    // the same object at an older served version: only apiVersion differs
    const old = JSON.parse(await k('get', `tcproutes.v1alpha2.${GW}`, 'db', '-n', NS, '-o', 'json'));
    expect(old.apiVersion).toBe(`${GW}/v1alpha2`);
    const v1 = JSON.parse(await k('get', 'tcproute', 'db', '-n', NS, '-o', 'json'));
    expect({ ...old, apiVersion: v1.apiVersion }).toEqual(v1);
    const grants = JSON.parse(await k('get', '--raw', `/apis/${GW}/v1beta1/namespaces/${NS}/referencegrants`));
    expect(grants.apiVersion).toBe(`${GW}/v1beta1`);
    expect(grants.items.map((g: { apiVersion: string }) => g.apiVersion)).toEqual([`${GW}/v1beta1`]);
  });

  it('kubectl: a manifest at an older version is stored once, at v1, and keeps being served at both', async () => {
    const out = await k('apply', '-f', file('old', `apiVersion: ${GW}/v1alpha2\nkind: TLSRoute\nmetadata: {name: legacy, namespace: ${NS}}\nspec:\n  hostnames: [legacy.example.test]\n  rules: [{backendRefs: [{name: tls, port: 443}]}]\n`));
    expect(out).toContain(`tlsroute.${GW}/legacy created`);
    expect(JSON.parse(await k('get', 'tlsroute', 'legacy', '-n', NS, '-o', 'json')).apiVersion).toBe(`${GW}/v1`);
    expect(JSON.parse(await k('get', `tlsroutes.v1alpha3.${GW}`, 'legacy', '-n', NS, '-o', 'json')).apiVersion).toBe(`${GW}/v1alpha3`);
    // a body whose apiVersion is not served for the kind is refused
    const wrong = await request(c, 'POST', `/apis/${GW}/v1/namespaces/${NS}/tlsroutes`, { body: { apiVersion: `${GW}/v9`, kind: 'TLSRoute', metadata: { name: 'x' }, spec: { rules: [{ backendRefs: [{ name: 'a', port: 1 }] }] } } });
    expect(wrong.status).toBe(400);
    // the body names the URL's version, as kube-apiserver requires (an older one at the v1 URL: 400)
    const mixed = await request(c, 'POST', `/apis/${GW}/v1/namespaces/${NS}/tlsroutes`, { body: { apiVersion: `${GW}/v1alpha2`, kind: 'TLSRoute', metadata: { name: 'mixed' }, spec: { rules: [{ backendRefs: [{ name: 'a', port: 1 }] }] } } });
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body)).toContain('does not match the expected API version');
  });

  it('refuses what the v1.6 CRDs refuse, naming the field and the rule', async () => {
    const bad = `apiVersion: ${GW}/v1
kind: HTTPRoute
metadata: {name: bad, namespace: ${NS}}
spec:
  rules:
  - name: Not_A_Name
    filters:
    - type: CORS
      cors: {allowOrigins: ["*", "https://a.example.test"], allowMethods: [FETCH]}
    - type: RequestMirror
      requestMirror: {backendRef: {name: s, port: 80}, percent: 10, fraction: {numerator: 3, denominator: 2}}
    retry: {codes: [200], attempts: 0, backoff: soon}
    sessionPersistence: {type: Header, cookieConfig: {lifetimeType: Permanent}}
`;
    const err = await kFail('apply', '-f', file('bad', bad));
    for (const msg of [
      'spec.rules[0].name: Invalid value',
      "AllowOrigins cannot contain '*' alongside other origins",
      'spec.rules[0].filters[0].cors.allowMethods[0]: Unsupported value: "FETCH"',
      'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter',
      'numerator must be less than or equal to denominator',
      'spec.rules[0].retry.codes[0]: Invalid value: 200: must be between 400 and 599, inclusive',
      'spec.rules[0].retry.attempts: Invalid value: 0',
      'spec.rules[0].retry.backoff: Invalid value: "soon"',
      'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent',
      'cookieConfig can only be set with type Cookie',
    ])
      expect(err).toContain(msg);
    const btls = await kFail('apply', '-f', file('btls', `apiVersion: ${GW}/v1\nkind: BackendTLSPolicy\nmetadata: {name: b, namespace: ${NS}}\nspec:\n  targetRefs: [{group: "", kind: Service, name: api}]\n  validation:\n    hostname: "*.example.test"\n    wellKnownCACertificates: System\n    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]\n    subjectAltNames: [{type: URI, hostname: a.example.test}]\n`));
    expect(btls).toContain('must not contain both CACertificateRefs and WellKnownCACertificates');
    expect(btls).toContain('spec.validation.hostname: Invalid value: "*.example.test"');
    expect(btls).toContain('SubjectAltName element must contain URI, if Type is set to URI');
    const lset = await kFail('apply', '-f', file('lset', `apiVersion: ${GW}/v1\nkind: ListenerSet\nmetadata: {name: l, namespace: ${NS}}\nspec:\n  parentRef: {name: portico, kind: Service}\n  listeners:\n  - {name: a, port: 9000, protocol: TLS, tls: {}}\n  - {name: a, port: 9001, protocol: UDP, hostname: x.example.test}\n`));
    expect(lset).toContain('spec.parentRef.kind: Unsupported value: "Service"');
    expect(lset).toContain('Listener name must be unique within the Gateway');
    expect(lset).toContain("hostname must not be specified for protocols ['TCP', 'UDP']");
  });

  it('client-node: CustomObjectsApi lists and gets each kind at every served version; a watch at an older version sees that version', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(c.kubeconfigPath);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const cases: Array<[string, string, string]> = [
      ['listenersets', 'v1', 'team-a'],
      ['backendtlspolicies', 'v1', 'api-tls'],
      ['backendtlspolicies', 'v1alpha3', 'api-tls'],
      ['udproutes', 'v1', 'dns'],
      ['udproutes', 'v1alpha2', 'dns'],
      ['tcproutes', 'v1alpha2', 'db'],
      ['tlsroutes', 'v1alpha3', 'tls'],
      ['referencegrants', 'v1beta1', 'grant'],
      ['httproutes', 'v1beta1', 'web'],
    ];
    for (const [plural, version, name] of cases) {
      const list = (await custom.listNamespacedCustomObject({ group: GW, version, namespace: NS, plural })) as { apiVersion: string; items: Array<{ metadata: { name: string }; apiVersion: string }> };
      expect(list.apiVersion).toBe(`${GW}/${version}`);
      expect(list.items.map((i) => i.metadata.name)).toContain(name);
      expect(new Set(list.items.map((i) => i.apiVersion))).toEqual(new Set([`${GW}/${version}`]));
      const one = (await custom.getNamespacedCustomObject({ group: GW, version, namespace: NS, plural, name })) as { apiVersion: string };
      expect(one.apiVersion).toBe(`${GW}/${version}`);
    }
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch(`/apis/${GW}/v1alpha2/namespaces/${NS}/udproutes`, {}, (type, obj: { apiVersion: string; metadata: { name: string } }) => seen.push(`${type} ${obj.metadata.name} ${obj.apiVersion}`), () => {});
    await custom.patchNamespacedCustomObject({ group: GW, version: 'v1', namespace: NS, plural: 'udproutes', name: 'dns', body: { metadata: { labels: { x: 'y' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const deadline = Date.now() + 5000;
    while (!seen.some((s) => s.startsWith('MODIFIED')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    req.abort();
    expect(seen).toContain(`ADDED dns ${GW}/v1alpha2`);
    expect(seen).toContain(`MODIFIED dns ${GW}/v1alpha2`);
  });
});

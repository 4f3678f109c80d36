// The gateway as the image ships it (deploy/bundle-gateway.mjs): an entry file and a chunks/
// folder. What it loads on first use is in chunks of its own and still works from there: yaml
// (a YAML static config here) and undici (a RequestMirror: the mirror request goes through
// undici). Run with nothing of the repository around it, as in the image.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersionOf } from '../lib/k8s/kinds';
import { bundleGateway, gatewayYaml, serviceYaml, startBackend, startBundledGateway, waitFor, waitForAnswer, type Backend, type TestGateway } from '../testing/harness';

let dir: string;
let gw: TestGateway | undefined;
let app: Backend;
let mirror: Backend;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-bundle-'));
  bundleGateway(dir);
  [app, mirror] = await Promise.all([startBackend('app', '127.0.0.1', 0), startBackend('mirror', '127.0.0.1', 0)]);
  const config = path.join(dir, 'routes.yaml');
  writeFileSync(
    config,
    [
      `apiVersion: ${apiVersionOf('GatewayClass')}\nkind: GatewayClass\nmetadata: {name: portico}\nspec: {controllerName: portico.dev/gateway-controller}\n`,
      gatewayYaml('shop', 'web', ['{name: http, port: 80, protocol: HTTP}']),
      serviceYaml('shop', 'app', [{ address: '127.0.0.1', port: app.port }]),
      serviceYaml('shop', 'mirror', [{ address: '127.0.0.1', port: mirror.port }]),
      `apiVersion: ${apiVersionOf('HTTPRoute')}
kind: HTTPRoute
metadata: {name: mirrored, namespace: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: mirror, port: 80}}}]
    backendRefs: [{name: app, port: 80}]
`,
    ].join('---\n'),
  );
  gw = await startBundledGateway(dir, { GATEWAY_STATIC_CONFIG: config, GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32' });
}, 120_000);

afterAll(async () => {
  await gw?.stop();
  await Promise.all([app?.close(), mirror?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the bundled gateway', () => {
  it('keeps undici and yaml out of the entry file, in chunks beside it', () => {
    const chunks = readdirSync(path.join(dir, 'chunks'));
    const entry = readFileSync(path.join(dir, 'gateway.mjs'), 'utf8');
    const chunkText = chunks.map((c) => readFileSync(path.join(dir, 'chunks', c), 'utf8')).join('\n');
    // classes only undici and yaml define
    for (const marker of ['RedirectHandler', 'YAMLParseError']) {
      expect(entry.includes(marker), marker).toBe(false);
      expect(chunkText.includes(marker), marker).toBe(true);
    }
    // the entry is what every gateway holds in its heap: well under the 1.6 MB of one file
    expect(statSync(path.join(dir, 'gateway.mjs')).size).toBeLessThan(1_000_000);
  });

  it('serves a YAML static config and mirrors through undici, both loaded from their chunks', async () => {
    const before = mirror.hits;
    const r = await waitForAnswer({ port: gw!.httpPort, host: 'shop.example.com', path: '/cart?id=7' }, (x) => x.status === 200);
    expect(JSON.parse(r.body)).toMatchObject({ name: 'app', path: '/cart?id=7' });
    await waitFor(() => mirror.hits > before, 'the mirrored request at the mirror backend', 10_000);
  });
});

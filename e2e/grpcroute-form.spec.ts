/**
 * GRPCRoute, TLSRoute and TCPRoute forms, as the demo project's operator. A GRPCRoute made with
 * the form on the seeded shared Gateway (portico-system/portico, HTTP :80) carries a real gRPC
 * call (python grpcio client and server, testing/grpc_peer.py) through the gateway to a backend
 * the dev cluster knows as pod endpoints (a selectorless Service with an EndpointSlice at an
 * address of the node's pod range); the test asserts what the server received. The TLSRoute
 * and TCPRoute forms switch Form -> YAML -> Form without losing a field.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { runAs } from './support/personas';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
runAs('operator');

const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'testing', 'grpc_peer.py');
const GATEWAY_HTTP_PORT = process.env.GATEWAY_HTTP_PORT ?? '19080';
const SERVICE = `grpc-echo-${uniq()}`;
let server: { child: ChildProcess; port: number; calls: Array<{ method: string; metadata: Array<[string, string]>; hex: string | null }> };

/** An address near the top of the node's pod CIDR (the dev cluster hands pod IPs out from the bottom). */
function podAddress(podCIDR: string): string {
  const [ip, bits] = podCIDR.split('/');
  const size = 2 ** (32 - Number(bits));
  const base = Math.floor(ip.split('.').reduce((a, p) => a * 256 + Number(p), 0) / size) * size;
  const x = base + size - 12;
  return [24, 16, 8, 0].map((sh) => Math.floor(x / 2 ** sh) % 256).join('.');
}

function startGrpcServer(address: string): Promise<typeof server> {
  const child = spawn('/usr/bin/python3', [PEER, 'server', address], { stdio: ['pipe', 'pipe', 'pipe'] });
  const calls: (typeof server)['calls'] = [];
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`grpc server did not start: ${err}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`grpc server exited ${code}: ${err}`)));
    child.stdout.on('data', (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^listening (\d+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ child, port: Number(m[1]), calls });
        } else if (line.startsWith('{')) calls.push(JSON.parse(line));
      }
    });
  });
}

/** One unary call through the gateway's HTTP port (h2c) with the python client. */
function grpcUnary(authority: string, message: string): Promise<{ code: string; details: string; response: string | null }> {
  const child = spawn('/usr/bin/python3', [PEER, 'client', `127.0.0.1:${GATEWAY_HTTP_PORT}`, authority, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.end(JSON.stringify({ method: 'Unary', messages: [Buffer.from(message).toString('hex')], metadata: [['x-e2e', 'form']] }) + '\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`grpc client exited ${code}: ${err}${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

test.beforeAll(async () => {
  await waitForDemo();
  const cidr = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].spec.podCIDR}']).trim();
  const address = podAddress(cidr);
  server = await startGrpcServer(address);
  // The backend as the dev cluster knows it: a Service whose endpoints are the server's address.
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: SERVICE, namespace: 'demo' }, spec: { ports: [{ name: 'grpc', port: 80, targetPort: server.port, appProtocol: 'kubernetes.io/h2c' }] } },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${SERVICE}-manual`, namespace: 'demo', labels: { 'kubernetes.io/service-name': SERVICE } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [address], conditions: { ready: true } }],
        ports: [{ name: 'grpc', port: server.port, protocol: 'TCP' }],
      },
    ],
  }));
});

test.afterAll(() => {
  server?.child.kill();
  kubectl(['delete', 'service', SERVICE, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'endpointslice', `${SERVICE}-manual`, '-n', 'demo', '--ignore-not-found']);
});

async function pick(page: Page, label: string, option: string | RegExp) {
  // A picker can move while a message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

test('an operator creates a GRPCRoute with the form on the shared Gateway and a gRPC call reaches the backend', async ({ page }, info) => {
  const name = `grpc-${uniq()}`;
  const host = `${name}.grpc.example.test`;
  await page.goto('/projects/demo/grpcroutes');
  await page.getByRole('link', { name: 'Create GRPCRoute' }).click();
  await expect(page.getByRole('heading', { name: 'Create GRPCRoute' })).toBeVisible();
  await expect(page.getByTestId('grpcroutes-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await pick(page, 'Gateway 1', /portico-system\/portico\b/);
  await pick(page, 'Gateway 1 listener', /^http\b/);
  await page.getByRole('button', { name: 'Add hostname' }).click();
  await page.getByLabel('Hostname 1', { exact: true }).fill(host);
  await page.getByLabel('Rule 1 match 1 service', { exact: true }).fill('portico.test.Echo');
  await page.getByLabel('Rule 1 match 1 method', { exact: true }).fill('Unary');
  await page.getByRole('button', { name: 'Header condition' }).click();
  await page.getByLabel('Rule 1 match 1 header 1 name', { exact: true }).fill('x-e2e');
  await page.getByLabel('Rule 1 match 1 header 1 value', { exact: true }).fill('form');
  await pick(page, 'Rule 1 backend 1 service', new RegExp(`^${SERVICE}\\b`));
  await expect(page.getByRole('combobox', { name: 'Rule 1 backend 1 port', exact: true })).toContainText('80');
  await page.screenshot({ path: info.outputPath('grpcroute-form.png'), fullPage: true });

  // Form -> YAML shows the manifest the form makes; back to the form keeps every field.
  await page.getByRole('tab', { name: 'YAML' }).click();
  const yaml = page.locator('.monaco-editor .view-lines').first();
  await expect(yaml).toContainText('service: portico.test.Echo', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Rule 1 match 1 method', { exact: true })).toHaveValue('Unary');

  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/grpcroutes/${name}`, { timeout: 60_000 });
  const stored = kubectlJson(['get', 'grpcroutes', name, '-n', 'demo']);
  expect(stored.spec.parentRefs).toMatchObject([{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }]);
  expect(stored.spec.hostnames).toEqual([host]);
  expect(stored.spec.rules).toMatchObject([
    { matches: [{ method: { service: 'portico.test.Echo', method: 'Unary' }, headers: [{ name: 'x-e2e', value: 'form' }] }], backendRefs: [{ name: SERVICE, port: 80 }] },
  ]);
  const statusCard = page.getByLabel('Status', { exact: true });
  await expect(statusCard.getByText('Accepted: yes')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: info.outputPath('grpcroute-detail.png'), fullPage: true });

  // A real gRPC call through the gateway reaches the server, which saw the message and header.
  let result: Awaited<ReturnType<typeof grpcUnary>> | undefined;
  let last = '';
  await expect(async () => {
    result = await grpcUnary(host, `hello ${name}`);
    last = JSON.stringify(result);
    expect(result.code).toBe('OK');
  }).toPass({ timeout: 60_000 });
  expect(result?.response, last).toBe(Buffer.from(`echo:hello ${name}`).toString('hex'));
  const call = server.calls.find((c) => c.hex === Buffer.from(`hello ${name}`).toString('hex'));
  expect(call?.method).toBe('Unary');
  expect(call?.metadata).toContainEqual(['x-e2e', 'form']);

  // The Edit tab opens the same form on the stored route.
  await page.getByRole('tab', { name: 'Edit' }).click();
  await expect(page.getByLabel('Rule 1 match 1 service', { exact: true })).toHaveValue('portico.test.Echo');
  await page.screenshot({ path: info.outputPath('grpcroute-edit.png'), fullPage: true });
  kubectl(['delete', 'grpcroutes', name, '-n', 'demo', '--ignore-not-found']);
});

test('the TLSRoute and TCPRoute forms switch to YAML and back without losing a field', async ({ page }, info) => {
  for (const k of [{ resource: 'tlsroutes', kind: 'TLSRoute' }, { resource: 'tcproutes', kind: 'TCPRoute' }] as const) {
    const name = `${k.resource.slice(0, 3)}-${uniq()}`;
    await page.goto(`/projects/demo/${k.resource}/new`);
    await expect(page.getByTestId(`${k.resource}-editor`)).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await page.getByLabel('Name', { exact: true }).fill(name);
    if (k.kind === 'TLSRoute') await page.getByLabel('Hostname 1', { exact: true }).fill(`${name}.tls.example.test`);
    await pick(page, 'Rule 1 backend 1 service', /^echo\b/);
    await page.getByLabel('Rule 1 backend 1 weight', { exact: true }).fill('7');
    await page.screenshot({ path: info.outputPath(`${k.resource}-form.png`), fullPage: true });
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = page.locator('.monaco-editor .view-lines').first();
    await expect(yaml).toContainText(`kind: ${k.kind}`, { timeout: 60_000 });
    await expect(yaml).toContainText('weight: 7');
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect(page.getByLabel('Rule 1 backend 1 weight', { exact: true })).toHaveValue('7');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  }
});

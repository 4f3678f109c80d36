/**
 * Manual endpoints (issue 16 points 3 and 7), as the project operator: add endpoints to a
 * selectorless Service on its page, reach them through a route via the gateway, and see the
 * one that does not answer drawn as ejected in the topology.
 *
 * Addresses: the dev cluster admits endpoint addresses in its pod CIDR only (as kube-apiserver
 * refuses loopback), and `npm start` lets the gateway reach that range. The live endpoint is an
 * echo pod's own address (the seed's echo listens on 8080 there); the dead one is the last
 * address of the pod CIDR, which no pod gets.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');

const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
const name = `legacy-${uniq()}`;
const host = `${name}.example.test`;

/** The last host address of the Node's pod CIDR (e.g. 127.1.255.254 for 127.1.0.0/16). */
function unusedPodAddress(): string {
  const cidr = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].spec.podCIDR}']).trim();
  const [base, bits] = cidr.split('/');
  const n = base!.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const last = n + 2 ** (32 - Number(bits)) - 2;
  return [24, 16, 8, 0].map((s) => Math.floor(last / 2 ** s) % 256).join('.');
}

async function readyEchoPod(): Promise<{ name: string; ip: string }> {
  await waitForDemo();
  for (let i = 0; i < 60; i++) {
    type P = { metadata: { name: string; deletionTimestamp?: string }; status?: { podIP?: string; conditions?: { type: string; status: string }[] } };
    const pods = kubectlJson<{ items: P[] }>(['get', 'pods', '-n', 'demo', '-l', 'app=echo']).items;
    const p = pods.find((x) => !x.metadata.deletionTimestamp && x.status?.podIP && x.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    if (p) return { name: p.metadata.name, ip: p.status!.podIP! };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no ready echo pod in demo');
}

async function gatewayGet(request: APIRequestContext, path: string) {
  return request.get(`${GATEWAY_HTTP}${path}`, { headers: { host }, failOnStatusCode: false });
}

async function addEndpoint(page: Page, address: string, port: string) {
  const panel = page.getByRole('region', { name: 'Service endpoints' });
  await panel.getByRole('button', { name: 'Add endpoint' }).click();
  const dialog = page.getByRole('dialog', { name: `Add an endpoint to ${name}` });
  await dialog.getByLabel('Address').fill(address);
  await dialog.getByLabel('Port for Service port http (TCP)').fill(port);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  return dialog;
}

test.beforeAll(() => {
  kubectl(
    ['apply', '-f', '-'],
    `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: demo}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: demo}
spec:
  ingressClassName: portico
  rules: [{host: ${host}, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {number: 80}}}}]}}]
`,
  );
});

test.afterAll(() => {
  for (const kind of ['ingress', 'service']) kubectl(['delete', kind, name, '-n', 'demo', '--ignore-not-found', '--wait=false']);
  kubectl(['delete', 'endpointslices', '-n', 'demo', '-l', `kubernetes.io/service-name=${name}`, '--ignore-not-found']);
});

test('an operator adds manual endpoints, reaches them through the gateway, and sees the dead one ejected in the topology', async ({ page, request }) => {
  test.setTimeout(150_000);
  const pod = await readyEchoPod();
  const dead = unusedPodAddress();

  await page.goto(`/projects/demo/services/${name}`);
  const panel = page.getByRole('region', { name: 'Service endpoints' });
  await expect(panel).toContainText('This Service has no selector', { timeout: 30_000 });

  // A link-local address: the cluster refuses it, and the dialog says so on the Address field.
  const refused = await addEndpoint(page, '169.254.169.254', '8080');
  await expect(refused.getByRole('alert')).toContainText('may not be in the link-local range');
  await expect(refused.getByLabel('Address')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: test.info().outputPath('endpoint-refused.png') });
  await refused.getByRole('button', { name: 'Cancel' }).click();

  // The echo pod's address, then one where nothing listens.
  await addEndpoint(page, pod.ip, '8080');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await addEndpoint(page, dead, '8080');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const table = panel.getByRole('table', { name: 'Endpoints' });
  await expect(table.getByRole('row')).toHaveCount(3); // header + 2
  for (const address of [pod.ip, dead]) await expect(table.getByRole('row', { name: new RegExp(address.replaceAll('.', '\\.')) })).toContainText('ready');
  await expect(table).toContainText('manual');
  await page.screenshot({ path: test.info().outputPath('service-endpoints.png'), fullPage: true });

  // What the cluster stored: one slice for the Service, kept by the console.
  const slices = kubectlJson<{ items: { metadata: { labels: Record<string, string> }; endpoints: { addresses: string[] }[] }[] }>(['get', 'endpointslices', '-n', 'demo', '-l', `kubernetes.io/service-name=${name}`]).items;
  expect(slices).toHaveLength(1);
  expect(slices[0]!.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('console.portico.dev');
  expect(slices[0]!.endpoints.map((e) => e.addresses[0]).sort()).toEqual([pod.ip, dead].sort());

  // Through the gateway: the echo pod answers (the dead address costs a retry or an ejection).
  await expect(async () => {
    const res = await gatewayGet(request, '/via-manual');
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ pod: pod.name, namespace: 'demo', path: '/via-manual', host });
  }).toPass({ timeout: 30_000 });

  // The topology draws both endpoints; requests get the dead one ejected, and the graph shows it.
  await page.goto('/projects/demo/topology');
  const graph = page.getByRole('region', { name: 'Topology graph' });
  await expect(graph.locator(`[aria-label^="Endpoint ${pod.ip} "]`)).toHaveCount(1, { timeout: 30_000 });
  const deadNode = graph.locator(`[aria-label="Endpoint ${dead} ejected"]`);
  await expect(async () => {
    for (let i = 0; i < 4; i++) await gatewayGet(request, '/');
    await expect(deadNode).toHaveCount(1, { timeout: 6_000 });
  }).toPass({ timeout: 60_000 });
  await expect(graph.locator(`[aria-label="Endpoint ${pod.ip} ready"]`)).toHaveCount(1);
  await expect(graph.locator(`[aria-label^="Edge service ${name} to endpoint ${dead}"]`)).toHaveAttribute('aria-label', /: error$/);
  await page.getByRole('button', { name: /fit view/i }).click();
  await page.screenshot({ path: test.info().outputPath('topology-endpoints.png') });
  await deadNode.click();
  const side = page.getByRole('complementary', { name: `Details: Endpoint ${dead}` });
  await expect(side).toContainText('passively ejected by the gateway');
  await page.screenshot({ path: test.info().outputPath('topology-ejected.png') });

  // Removing the dead endpoint on the Service page.
  await page.goto(`/projects/demo/services/${name}`);
  await panel.getByRole('button', { name: `Remove endpoint ${dead}` }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove endpoint' }).click();
  await expect(table.getByRole('row')).toHaveCount(2, { timeout: 15_000 });
});

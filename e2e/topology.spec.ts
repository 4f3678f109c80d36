/**
 * Topology: the demo project's chain gateway -> route -> service -> pods, live pod nodes
 * when a Deployment scales, a visible error when a backend Service is deleted, and a
 * request trace through the gateway's admin API highlighting the path to a pod.
 */
import { expect, test, type Page } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

test.beforeAll(async () => {
  await waitForDemo();
});

const graph = (page: Page) => page.getByRole('region', { name: 'Topology graph' });
const byLabel = (page: Page, prefix: string) => graph(page).locator(`[aria-label^="${prefix}"]`);
// The gateway process node (the seeded Gateway object is drawn too, as "Gateway portico-system/portico").
const gatewayNode = (page: Page) => graph(page).locator('[data-id="gateway:portico"]');

async function openTopology(page: Page) {
  await page.goto('/projects/demo/topology');
  // The graph is drawn at once with the column layout; ELK refines positions in a worker.
  await expect(gatewayNode(page)).toBeVisible({ timeout: 30_000 });
}

async function demoPods(): Promise<string[]> {
  // The seed's Deployment may still be rolling out: wait for ready pods, bounded.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pods = kubectlJson<{ items: any[] }>(['get', 'pods', '-n', 'demo', '-l', 'app=echo']).items; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ready = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True'));
    if (ready.length > 0 || Date.now() > deadline) return ready.map((p) => p.metadata.name as string);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('the demo project graph shows gateway, route, service and pods with the right edges', async ({ page }) => {
  const pods = await demoPods();
  expect(pods.length).toBeGreaterThan(0);
  await openTopology(page);
  await expect(gatewayNode(page)).toHaveAttribute('aria-label', /^Gateway portico healthy/);
  await expect(byLabel(page, 'Listener HTTP :80')).toBeVisible();
  // The seed's Ingress echo and HTTPRoute echo (on the shared Gateway) are both routes named echo.
  await expect(byLabel(page, 'Route echo ')).toHaveCount(2);
  await expect(byLabel(page, 'Service echo healthy')).toBeVisible();
  for (const pod of pods) await expect(byLabel(page, `Pod ${pod} ready`)).toHaveCount(1);

  await expect(byLabel(page, 'Edge gateway portico to listener HTTP :80')).toHaveCount(1);
  await expect(byLabel(page, 'Edge listener HTTP :80 to ingress echo')).toHaveCount(1);
  // route -> service labelled with host + path
  await expect(byLabel(page, 'Edge ingress echo to service echo (*/echo): healthy')).toHaveCount(1);
  for (const pod of pods) await expect(byLabel(page, `Edge service echo to pod ${pod} (80→http): healthy`)).toHaveCount(1);
  // No edge from the service to a pod it does not select.
  await expect(graph(page).locator('[aria-label^="Edge service echo to pod "]')).toHaveCount(pods.length);

  // Click a node: the side panel with summary, status and links.
  await byLabel(page, 'Service echo healthy').click();
  const panel = page.getByRole('complementary', { name: 'Details: Service echo' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('link', { name: 'Open page' })).toHaveAttribute('href', '/projects/demo/services/echo');
  await panel.getByRole('button', { name: 'View YAML' }).click();
  await expect(panel.getByLabel('YAML')).toContainText('kind: Service', { timeout: 30_000 });
  await expect(panel.getByLabel('YAML')).toContainText('app: echo');
});

test.describe.serial('live changes', () => {
  const name = `topo-${uniq()}`;
  // Pods start and become ready in the dev cluster first; the generous bounds are for busy CI machines.
  test.setTimeout(150_000);
  test.afterAll(() => {
    for (const kind of ['ingress', 'deployment', 'service']) {
      try {
        kubectl(['delete', kind, name, '-n', 'demo', '--ignore-not-found', '--wait=false']);
      } catch {
        /* best effort */
      }
    }
  });

  test('scaling the Deployment with kubectl adds pod nodes live', async ({ page }) => {
    kubectl(['apply', '-f', '-'], manifests(name));
    await openTopology(page);
    await expect(byLabel(page, `Route ${name} `)).toBeVisible({ timeout: 15_000 });
    const podNodes = graph(page).locator(`[aria-label^="Pod ${name}-"][aria-label$=" ready"]:not([aria-label$="not ready"])`);
    await expect(podNodes).toHaveCount(1, { timeout: 45_000 });
    const navigations: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
    kubectl(['scale', 'deployment', name, '-n', 'demo', '--replicas=3']);
    await expect(podNodes).toHaveCount(3, { timeout: 45_000 });
    await expect(graph(page).locator(`[aria-label^="Edge service ${name} to pod ${name}-"]`)).toHaveCount(3);
    expect(navigations).toEqual([]); // no reload
  });

  test("deleting the Service turns the route's edge into a visible error", async ({ page }) => {
    await openTopology(page);
    const edge = byLabel(page, `Edge ingress ${name} to service ${name}`);
    await expect(edge).toHaveAttribute('aria-label', /: healthy$/, { timeout: 20_000 });
    kubectl(['delete', 'service', name, '-n', 'demo', '--wait=false']);
    await expect(edge).toHaveAttribute('aria-label', /: error$/, { timeout: 15_000 });
    await expect(edge).toHaveClass(/health-error/);
    await expect(byLabel(page, `Service ${name} missing`)).toBeVisible();
    // The error is drawn on the edge's label, not only in the accessible name.
    await expect(graph(page).getByText(`Backend service ${name} does not exist.`).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('service-deleted.png') });
  });
});

test('tracing /echo highlights the path to a pod', async ({ page }) => {
  await demoPods();
  await openTopology(page);
  await page.getByLabel('URL').fill('/echo');
  await page.getByRole('button', { name: 'Trace', exact: true }).click();
  const result = page.getByRole('status', { name: 'Trace result' });
  await expect(result).toContainText('echo', { timeout: 15_000 });
  await expect(result).not.toContainText('stops at');
  await expect(graph(page).locator('[aria-label^="Pod echo-"][aria-label$="ready, on traced path"]')).toHaveCount(1);
  await expect(byLabel(page, 'Edge ingress echo to service echo (*/echo): healthy, on traced path')).toHaveCount(1);
  await expect(byLabel(page, 'Edge listener HTTP :80 to ingress echo: healthy, on traced path')).toHaveCount(1);
  await expect(graph(page).locator('[aria-label^="Edge service echo to pod echo-"][aria-label$="on traced path"]')).toHaveCount(1);

  // A path no route serves stops at the listener with the gateway's reason.
  await page.getByLabel('URL').fill(`/nothing-here-${uniq()}`);
  await page.getByRole('button', { name: 'Trace', exact: true }).click();
  await expect(result).toContainText('no route matched');
  await expect(graph(page).getByRole('note')).toContainText('No route matched (404)');
});

function manifests(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: demo }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
      - name: echo
        image: portico/echo:1
        ports: [{ name: http, containerPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: demo }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: demo }
spec:
  ingressClassName: portico
  rules:
  - host: ${name}.example.test
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: ${name}, port: { number: 80 } } } }
`;
}

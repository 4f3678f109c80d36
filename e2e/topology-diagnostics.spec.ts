/**
 * Seed 004's failure table in the topology, as the project operator sees it: a LoadBalancer
 * Service with externalTrafficPolicy Cluster is drawn with a warning (source IP lost), and a
 * route to a WebSocket port with the default read timeout is drawn with a warning suggesting
 * proxy-read-timeout; the side panel names the problem code and says what to do.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { kubectl, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 150_000 });

const name = `diag-${uniq()}`;
test.beforeAll(async () => {
  await waitForDemo();
  kubectl(
    ['apply', '-f', '-'],
    `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: demo}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Cluster
  selector: {app: echo}
  ports: [{name: ws, port: 80, targetPort: http, appProtocol: kubernetes.io/ws}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: demo}
spec:
  ingressClassName: portico
  rules:
  - host: ${name}.example.test
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {name: ws}}}}
`,
  );
});
test.afterAll(() => {
  for (const kind of ['ingress', 'service'])
    kubectl(['delete', kind, name, '-n', 'demo', '--ignore-not-found', '--wait=false']);
});

const graph = (page: Page) => page.getByRole('region', { name: 'Topology graph' });
const byLabel = (page: Page, label: string) => graph(page).locator(`[aria-label="${label}"]`);

test('source IP lost and a WebSocket read timeout are drawn on the Service and route, with the fix in the side panel', async ({
  page,
}) => {
  await page.goto('/projects/demo/topology');
  await expect(graph(page).locator('[data-id="gateway:portico"]')).toBeVisible();

  await byLabel(page, `Service ${name} warning`).click();
  const svcPanel = page.getByRole('complementary', { name: `Details: Service ${name}` });
  const svcProblems = svcPanel.getByRole('region', { name: 'Problems' });
  await expect(svcProblems).toContainText('SourceIpLost');
  await expect(svcProblems).toContainText('Set externalTrafficPolicy: Local to keep the client IP');
  await page.screenshot({ path: 'test-results/topology-diagnostics-service.png' });

  await byLabel(page, `Route ${name} warning`).click();
  const routePanel = page.getByRole('complementary', { name: `Details: Ingress ${name}` });
  const routeProblems = routePanel.getByRole('region', { name: 'Problems' });
  await expect(routeProblems).toContainText('WebSocketReadTimeout');
  await expect(routeProblems).toContainText(
    'nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"',
  );
  await page.screenshot({ path: 'test-results/topology-diagnostics-route.png' });

  // Raising the read timeout on the route clears its warning (the graph follows the cluster).
  kubectl([
    'annotate',
    'ingress',
    name,
    '-n',
    'demo',
    'nginx.ingress.kubernetes.io/proxy-read-timeout=3600',
  ]);
  await expect(byLabel(page, `Route ${name} healthy`)).toBeVisible({ timeout: 60_000 });
});

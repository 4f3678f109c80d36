/**
 * "Convert to Gateway API" as the project operator: the demo Ingress gets a rewrite-target
 * capture and a canary by cookie first; the dialog shows the equivalence check (the listed
 * case differences of the capture), the annotation table and the YAML; "Create and move
 * traffic" creates the HTTPRoute and the Ingress stops serving, while requests run through the
 * gateway in a loop and none fails or reaches the wrong pod or path. The demo objects are put
 * back afterwards (other specs use the demo Ingress).
 */
import { expect as baseExpect, test } from '@playwright/test';
import { kubectl, kubectlJson, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;

let original = '';

const CANARY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: echo-canary, namespace: demo}
spec:
  replicas: 1
  selector: {matchLabels: {app: echo-canary}}
  template:
    metadata: {labels: {app: echo-canary}}
    spec:
      containers: [{name: echo, image: "portico/echo:1", ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: echo-canary, namespace: demo}
spec: {selector: {app: echo-canary}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: echo-canary
  namespace: demo
  annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-by-cookie: beta}
spec:
  ingressClassName: portico
  rules:
  - http:
      paths:
      - {path: "/echo(/|$)(.*)", pathType: ImplementationSpecific, backend: {service: {name: echo-canary, port: {number: 80}}}}
`;

test.beforeAll(async () => {
  await waitForDemo();
  original = kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json']);
  kubectl(['apply', '-f', '-'], CANARY);
  // The demo Ingress with a rewrite-target capture: /echo/x goes upstream as /x.
  kubectl(['patch', 'ingress', 'echo', '-n', 'demo', '--type', 'json', '-p', JSON.stringify([
    { op: 'add', path: '/metadata/annotations', value: { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' } },
    { op: 'replace', path: '/spec/rules/0/http/paths/0', value: { path: '/echo(/|$)(.*)', pathType: 'ImplementationSpecific', backend: { service: { name: 'echo', port: { number: 80 } } } } },
  ])]);
});

test.afterAll(() => {
  for (const r of ['echo-ingress', 'echo-ingress-redirect']) kubectl(['delete', 'httproute', r, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'ingress,deployment,service', 'echo-canary', '-n', 'demo', '--ignore-not-found']);
  if (original) {
    const o = JSON.parse(original);
    kubectl(['replace', '-f', '-'], JSON.stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels, annotations: o.metadata.annotations ?? {} }, spec: o.spec }));
  }
});

interface Probe {
  cookie?: string;
  pod: RegExp;
}
const PROBES: Probe[] = [{ pod: /^echo-(?!canary)/ }, { cookie: 'beta=always', pod: /^echo-canary-/ }, { cookie: 'beta=never', pod: /^echo-(?!canary)/ }];

test('the operator converts the demo Ingress (canary by cookie, rewrite-target capture) and the gateway keeps answering during the move', async ({ page, request }, info) => {
  // The gateway serves the prepared Ingress: rewrite and canary by cookie.
  await expect(async () => {
    for (const p of PROBES) {
      const r = await request.get(`${GATEWAY_HTTP}/echo/a?x=1`, { headers: p.cookie ? { cookie: p.cookie } : {} });
      expect(r.status()).toBe(200);
      const body = await r.json();
      expect(body.path).toBe('/a?x=1');
      expect(body.pod).toMatch(p.pod);
    }
  }).toPass({ timeout: 60_000 });

  await page.goto('/projects/demo/routes/echo');
  await page.getByRole('button', { name: 'Convert to Gateway API' }).click();
  const dialog = page.getByRole('dialog', { name: 'Convert echo to Gateway API' });
  await expect(dialog.getByLabel('Gateway')).toHaveValue('portico-system/portico');
  await expect(dialog.getByText(/canary Ingress echo-canary folded in/)).toBeVisible();
  const table = dialog.getByRole('table', { name: 'Annotation table' });
  await expect(table.getByRole('row', { name: /rewrite-target.*Approximated/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /canary-by-cookie.*Approximated/ })).toBeVisible();
  await expect(dialog.getByLabel('Proposed HTTPRoutes YAML')).toContainText('name: echo-ingress');
  await expect(dialog.getByLabel('Proposed HTTPRoutes YAML')).toContainText('replacePrefixMatch: /');
  // The capture is case-insensitive in the Ingress, a PathPrefix is not: listed before anything is created.
  const diffs = dialog.getByRole('table', { name: 'Requests routed differently' });
  await expect(diffs).toContainText('/ECHO');
  const move = dialog.getByRole('button', { name: 'Create and move traffic' });
  await expect(move).toBeDisabled();
  await page.screenshot({ path: info.outputPath('convert-dialog.png'), fullPage: true });

  // Requests in a loop through the gateway while the traffic moves.
  const failures: string[] = [];
  let sent = 0;
  let stop = false;
  const loop = async (offset: number) => {
    for (let i = offset; !stop; i++) {
      const p = PROBES[i % PROBES.length];
      sent++;
      try {
        const r = await request.get(`${GATEWAY_HTTP}/echo/a?x=1`, { headers: p.cookie ? { cookie: p.cookie } : {}, timeout: 10_000 });
        const body = r.status() === 200 ? await r.json() : undefined;
        if (!body || body.path !== '/a?x=1' || !p.pod.test(body.pod)) failures.push(`${p.cookie ?? '-'}: ${r.status()} ${JSON.stringify(body ?? '').slice(0, 120)}`);
      } catch (e) {
        failures.push(`${p.cookie ?? '-'}: ${(e as Error).message}`);
      }
    }
  };
  const loops = [0, 1, 2].map(loop);

  await dialog.getByRole('checkbox', { name: /I accept the \d+ listed difference/ }).check();
  await move.click();
  const result = dialog.getByRole('status', { name: 'Move result' });
  await expect(result).toContainText('now goes through HTTPRoute echo-ingress');
  await page.screenshot({ path: info.outputPath('convert-moved.png'), fullPage: true });

  // The Ingress keeps its rule without paths; the HTTPRoute is accepted.
  const ing = kubectlJson(['get', 'ingress', 'echo', '-n', 'demo']);
  expect(ing.spec.rules).toEqual([{}]);
  expect(ing.metadata.annotations['portico.dev/moved-to']).toBe('HTTPRoute/echo-ingress');
  const route = kubectlJson(['get', 'httproute', 'echo-ingress', '-n', 'demo']);
  expect(route.status.parents[0].conditions).toContainEqual(expect.objectContaining({ type: 'Accepted', status: 'True' }));

  const after = sent;
  await expect.poll(() => sent, { timeout: 30_000 }).toBeGreaterThan(after + 60);
  stop = true;
  await Promise.all(loops);
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(60);
});

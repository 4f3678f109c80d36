// Integration with real dev-cluster pods: the seeded echo app through the gateway, a manifest
// applied with kubectl, and endpoint churn (scale up/down, pod deletion, rollout) under load.
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import https from 'node:https';
import { routeConditions, waitFor, waitForAnswer, type Answer } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const t = gatewaySuite();

describe('seeded echo app', () => {
  it('GET /echo -> 200 from an echo pod', async () => {
    const r = await waitForAnswer({ port: t.gw.httpPort, path: '/echo' }, (x) => x.status === 200, 'echo pods behind /echo', 60_000, 200);
    const body = r.json();
    expect(body.namespace).toBe('demo');
    expect(body.pod).toMatch(/^echo-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(body.path).toBe('/echo');
    expect(body.headers['x-forwarded-for']).toBeDefined();
  });

  it('the seeded shared Gateway portico serves the demo HTTPRoute at /echo-httproute (HTTP and HTTPS)', async () => {
    const r = await waitForAnswer({ port: t.gw.httpPort, path: '/echo-httproute/x' }, (x) => x.status === 200, 'echo pods behind /echo-httproute', 60_000, 200);
    const body = r.json();
    expect(body.namespace).toBe('demo');
    expect(body.pod).toMatch(/^echo-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(body.path).toBe('/echo-httproute/x');
    await waitFor(() => routeConditions(t.cluster, 'httproute', 'demo', 'echo').find((c) => c.type === 'Accepted')?.status === 'True', 'HTTPRoute demo/echo Accepted', 15_000, 200);
    type ListenerStatus = { name: string; attachedRoutes: number; conditions: Array<{ type: string; status: string }> };
    const listeners = await waitFor(() => {
      const gw = JSON.parse(t.cluster.kubectl(['get', 'gateway', 'portico', '-n', 'portico-system', '-o', 'json']));
      const ls: ListenerStatus[] | undefined = gw.status?.listeners;
      return ls?.length === 2 && ls.every((l) => l.attachedRoutes === 1) && ls;
    }, 'Gateway portico-system/portico listeners with the demo route attached', 15_000, 200);
    expect(listeners.map((l) => [l.name, l.conditions.find((c) => c.type === 'Programmed')?.status])).toEqual([['http', 'True'], ['https', 'True']]);
    // The HTTPS listener terminates TLS with the seeded self-signed certificate.
    const tls = await new Promise<{ status: number; body: string; cn: string }>((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port: t.gw.httpsPort, path: '/echo-httproute', rejectUnauthorized: false, servername: 'localhost', agent: false }, (res) => {
        const cn = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN ?? '');
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, cn }));
      });
      req.on('error', reject);
    });
    expect(tls.status).toBe(200);
    expect(JSON.parse(tls.body).namespace).toBe('demo');
    expect(tls.cn).toBe('portico-gateway');
  });

  it('a manifest applied with kubectl is served', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: portico/echo:1, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - host: shop.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]
`);
    const pods = new Set<string>();
    const bothPods = (x: Answer) => {
      if (x.status === 200) pods.add(x.json().pod);
      return pods.size === 2;
    };
    await waitForAnswer({ port: t.gw.httpPort, host: 'shop.example.com', path: '/cart' }, bothPods, 'both shop pods', 60_000, 100);
  });
});

describe('endpoint churn with real pods', () => {
  it('zero failed GETs while echo is scaled up and down, pods deleted and restarted', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const failures: string[] = [];
    let total = 0;
    let stop = false;
    const one = () =>
      new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: t.gw.httpPort, path: '/echo', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) failures.push(`status ${res.statusCode}`);
            resolve();
          });
          res.on('error', (e) => {
            failures.push(String(e));
            resolve();
          });
        });
        req.on('error', (e) => {
          failures.push(String(e));
          resolve();
        });
      });
    const loop = async () => {
      const deadline = Date.now() + 45_000;
      while (!stop && Date.now() < deadline && total < 6_000) {
        total++;
        await one();
      }
    };
    const loaders = Promise.all([loop(), loop(), loop(), loop()]);
    const k = (...args: string[]) => t.cluster.kubectlAsync(args);
    const readyCount = async () => Number((await k('get', 'deploy', '-n', 'demo', 'echo', '-o', 'jsonpath={.status.readyReplicas}')) || 0);
    await k('scale', '-n', 'demo', 'deploy/echo', '--replicas=3');
    await waitFor(async () => (await readyCount()) === 3, '3 ready replicas', 30_000, 200);
    const pods = (await k('get', 'pods', '-n', 'demo', '-l', 'app=echo', '-o', 'jsonpath={.items[*].metadata.name}')).trim().split(/\s+/);
    await k('delete', 'pod', '-n', 'demo', pods[0], '--wait=false');
    await waitFor(async () => (await readyCount()) === 3, 'replacement pod', 30_000, 200);
    await k('scale', '-n', 'demo', 'deploy/echo', '--replicas=1');
    await waitFor(async () => (await readyCount()) === 1, 'scaled down to 1', 30_000, 200);
    await k('rollout', 'restart', '-n', 'demo', 'deploy/echo');
    await new Promise((r) => setTimeout(r, 500));
    await waitFor(async () => (await k('rollout', 'status', '-n', 'demo', 'deploy/echo', '--timeout=1s')).includes('successfully'), 'rollout', 30_000, 300).catch(() => undefined);
    await k('scale', '-n', 'demo', 'deploy/echo', '--replicas=2');
    await waitFor(async () => (await readyCount()) === 2, 'scaled back to 2', 30_000, 200);
    stop = true;
    await loaders;
    agent.destroy();
    expect(total).toBeGreaterThan(100);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 180_000);
});

/** kubectl logs (and -f) against pods run by the dev cluster's pod runtime. */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, waitFor, type TestCluster } from './testing/harness';

const run = promisify(execFile);
let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ controllers: true });
});
afterAll(async () => {
  await c?.cleanup();
});

describe('pods/log', () => {
  it('serves container logs, follows them, and names bad containers', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'logger' }, spec: { containers: [{ name: 'echo', image: 'portico/echo', ports: [{ containerPort: 8080 }] }] } };
    expect((await request(c, 'POST', '/api/v1/namespaces/default/pods', { body: pod })).status).toBe(201);
    const ip = await waitFor(async () => {
      const p = (await request(c, 'GET', '/api/v1/namespaces/default/pods/logger')).json;
      return p.status?.phase === 'Running' && p.status?.podIP;
    }, 'pod running', 20_000);
    const kube = ['--kubeconfig', c.kubeconfigPath, '--cache-dir', `${c.dataDir}/kcache`];
    const follower = spawn('kubectl', [...kube, 'logs', 'logger', '-f']);
    let followed = '';
    follower.stdout.on('data', (d: Buffer) => (followed += d.toString()));
    try {
      await fetch(`http://${ip}:8080/seen-by-logs`);
      const { stdout } = await run('kubectl', [...kube, 'logs', 'logger'], { timeout: 20_000 });
      expect(stdout).toContain('/seen-by-logs');
      await waitFor(() => followed.includes('/seen-by-logs'), 'followed line');
      await fetch(`http://${ip}:8080/later`);
      await waitFor(() => followed.includes('/later'), 'live line');
    } finally {
      follower.kill();
    }
    const bad = await request(c, 'GET', '/api/v1/namespaces/default/pods/logger/log?container=nope');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('container nope is not valid');
    expect((await request(c, 'GET', '/api/v1/namespaces/default/pods/missing/log')).status).toBe(404);
  });
});

/** Debian's python3-kubernetes against a started dev cluster. */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, type TestCluster } from './testing/harness';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

function pythonHasKubernetes(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import kubernetes'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = pythonHasKubernetes();
if (!available) console.warn(`SKIPPED python client test: ${PYTHON} cannot import kubernetes (apt-get install python3-kubernetes)`);

let c: TestCluster;
beforeAll(async () => {
  if (available) c = await startTestCluster();
});
afterAll(async () => {
  await c?.cleanup();
});

const SCRIPT = `
import json, sys
from kubernetes import client, config, watch
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
svcs = v1.list_namespaced_service("py")
w = watch.Watch()
events = [e["type"] + ":" + e["object"].metadata.name for e in w.stream(v1.list_namespaced_service, "py", timeout_seconds=1)]
try:
    v1.read_namespaced_service("missing", "py")
    status = 200
except client.exceptions.ApiException as e:
    status = e.status
print(json.dumps({"names": [s.metadata.name for s in svcs.items], "ports": [s.spec.ports[0].port for s in svcs.items], "events": events, "missing": status}))
`;

describe.skipIf(!available)('python3-kubernetes', () => {
  it('lists services in a namespace, watches and gets a 404', async () => {
    await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'py' } } });
    for (const name of ['alpha', 'beta']) {
      const r = await request(c, 'POST', '/api/v1/namespaces/py/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 8080 }] } } });
      expect(r.status).toBe(201);
    }
    const { stdout } = await run(PYTHON, ['-c', SCRIPT, c.kubeconfigPath], { timeout: 30_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.names).toEqual(['alpha', 'beta']);
    expect(out.ports).toEqual([8080, 8080]);
    expect(out.events).toEqual(['ADDED:alpha', 'ADDED:beta']);
    expect(out.missing).toBe(404);
  });
});

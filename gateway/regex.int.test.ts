// Integration: user regexes run on a linear-time engine (lib/routing/user-regex.ts). A hostile
// use-regex Ingress in one namespace cannot stall another namespace's routes, and a pattern the
// engine refuses is reported (Event / API error naming the field) and never half-applied.
import { describe, expect, it } from 'vitest';
import { freePort, namespaceYaml, request, serviceYaml, waitFor, waitForAnswer, type Backend } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const HOSTILE = 'rx-hostile';
const OTHER = 'rx-other';
let h: Backend;
let o: Backend;

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    const port = await freePort();
    h = await backend('h1', '127.0.71.1', port);
    o = await backend('o1', '127.0.72.1', port);
    cluster.apply(`${namespaceYaml(HOSTILE, OTHER)}---
${serviceYaml(HOSTILE, 'svc-h', [h])}---
${serviceYaml(OTHER, 'svc-o', [o])}`);
  },
});

function ingress(ns: string, name: string, host: string, paths: string[], annotations: Record<string, string>): string {
  const svc = ns === HOSTILE ? 'svc-h' : 'svc-o';
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
${Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}
spec:
  rules:
  - host: ${host}
    http:
      paths:
${paths.map((p) => `      - {path: ${JSON.stringify(p)}, pathType: ImplementationSpecific, backend: {service: {name: ${svc}, port: {name: http}}}}`).join('\n')}`;
}

const USE_REGEX = { 'nginx.ingress.kubernetes.io/use-regex': 'true' };

describe('user regular expressions', () => {
  it('a hostile use-regex path answers fast and does not stall another namespace', async () => {
    t.cluster.apply(ingress(HOSTILE, 'redos', 'hostile.example.com', ['/.*.*.*.*x'], USE_REGEX));
    t.cluster.apply(ingress(OTHER, 'plain', 'other.example.com', ['/'], {}));
    await waitForAnswer({ port: t.gw.httpPort, host: 'hostile.example.com', path: '/ax' }, (r) => r.status === 200 && r.json().name === 'h1');
    await waitForAnswer({ port: t.gw.httpPort, host: 'other.example.com', path: '/' }, (r) => r.status === 200 && r.json().name === 'o1');

    // V8's backtracking RegExp: 2.7 s for 300 characters, effectively forever for 8 KiB.
    const long = '/' + 'a'.repeat(8 * 1024 - 1);
    const t0 = performance.now();
    const miss = await request({ port: t.gw.httpPort, host: 'hostile.example.com', path: long, timeoutMs: 5_000 });
    expect(miss.status).toBe(404);
    expect(performance.now() - t0).toBeLessThan(1_000);
    const hit = await request({ port: t.gw.httpPort, host: 'hostile.example.com', path: long + 'x', timeoutMs: 5_000 });
    expect(hit.status).toBe(200);
    expect(hit.json().path).toBe(long + 'x');

    // Several hostile requests in flight, and one for the other namespace among them.
    const hostile = Array.from({ length: 8 }, () => request({ port: t.gw.httpPort, host: 'hostile.example.com', path: long, timeoutMs: 10_000 }));
    const s0 = performance.now();
    const other = await request({ port: t.gw.httpPort, host: 'other.example.com', path: '/orders', timeoutMs: 5_000 });
    const otherMs = performance.now() - s0;
    expect(other.status).toBe(200);
    expect(other.json().name).toBe('o1');
    expect(otherMs).toBeLessThan(1_000);
    for (const r of await Promise.all(hostile)) expect(r.status).toBe(404);
  });

  it('a lookahead path is refused with an Event naming the field; the Ingress serves its other paths only', async () => {
    t.cluster.apply(
      ingress(HOSTILE, 'lookahead', 'refused.example.com', ['/(?=admin)(.*)', '/ok/(.*)'], { ...USE_REGEX, 'nginx.ingress.kubernetes.io/rewrite-target': '/$1' }),
    );
    const ok = await waitForAnswer({ port: t.gw.httpPort, host: 'refused.example.com', path: '/ok/thing' }, (r) => r.status === 200);
    expect(ok.json().path).toBe('/thing'); // rewrite-target capture still applied
    const ev = await waitFor(
      () => {
        const items = JSON.parse(t.cluster.kubectl(['get', 'events', '-n', HOSTILE, '-o', 'json'])).items as Array<{ reason: string; message: string; involvedObject: { kind: string; name: string } }>;
        return items.find((e) => e.reason === 'InvalidRegex' && e.involvedObject.name === 'lookahead');
      },
      'InvalidRegex event',
      15_000,
      200,
    );
    expect(ev.involvedObject.kind).toBe('Ingress');
    expect(ev.message).toContain('spec.rules[0].http.paths[0].path "/(?=admin)(.*)"');
    expect(ev.message).toMatch(/unsupported Perl syntax.*no backreferences or lookaround/);
    const before = h.hits;
    expect((await request({ port: t.gw.httpPort, host: 'refused.example.com', path: '/admin' })).status).toBe(404);
    expect(h.hits).toBe(before);
  });

  it('the API refuses an HTTPRoute regex the gateway could not run, naming the field', async () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: backref, namespace: ${OTHER}}
spec:
  rules:
  - matches:
    - path: {type: RegularExpression, value: "/(a)\\\\1"}
    backendRefs: [{name: svc-o, port: 80}]`;
    expect(() => t.cluster.apply(route)).toThrow(/spec\.rules\[0\]\.matches\[0\]\.path\.value.*must be a valid regular expression: invalid escape sequence/s);
  });
});

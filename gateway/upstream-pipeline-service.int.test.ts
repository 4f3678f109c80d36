// Integration (issue 19): per-Service upstream pipelining. The annotation
// portico.dev/upstream-pipeline on one Service pipelines requests to its endpoints only (no
// GATEWAY_UPSTREAM_PIPELINE: the default stays off); the other Service's upstream sees one request
// per read. An invalid value is an Event on the Service naming the annotation, and is ignored.
// Dev cluster + gateway (children), raw TCP upstreams that record what they read.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { freePort, namespaceYaml, request, waitFor, waitForAnswer } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'pipe';

/** A raw HTTP/1.1 upstream on `address`: answers every request head it reads, records each read. */
async function recordingUpstream(address: string, port: number, onStop: (close: () => unknown) => void) {
  const reads: string[] = [];
  const server = net.createServer((s) => {
    let buf = '';
    s.on('error', () => {});
    s.on('data', (d: Buffer) => {
      reads.push(d.toString('latin1'));
      buf += d.toString('latin1');
      let out = '';
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        const body = `${address} ${buf.slice(0, i).split(' ')[1]}`;
        out += `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
        buf = buf.slice(i + 4);
      }
      s.write(out);
    });
  });
  await new Promise<void>((r) => server.listen(port, address, r));
  onStop(() => new Promise((r) => server.close(r)));
  return reads;
}

function serviceWith(name: string, address: string, port: number, annotation?: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${NS}
${annotation !== undefined ? `  annotations: {portico.dev/upstream-pipeline: "${annotation}"}\n` : ''}spec:
  ports: [{name: http, port: 80, targetPort: ${port}}]
---
apiVersion: ${apiVersionOf('EndpointSlice')}
kind: EndpointSlice
metadata: {name: ${name}-manual, namespace: ${NS}, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
endpoints: [{addresses: ["${address}"], conditions: {ready: true}}]
ports: [{name: http, port: ${port}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: ${NS}}
spec:
  ingressClassName: portico
  rules:
  - host: ${name}.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ${name}, port: {name: http}}}}]}
`;
}

let piped: string[] = [];
let plain: string[] = [];
let bad: string[] = [];

const t = gatewaySuite({
  async prepare({ cluster, onStop }) {
    const port = await freePort();
    piped = await recordingUpstream('127.0.81.1', port, onStop);
    plain = await recordingUpstream('127.0.82.1', port, onStop);
    bad = await recordingUpstream('127.0.83.1', port, onStop);
    cluster.apply(`${namespaceYaml(NS)}---
${serviceWith('piped', '127.0.81.1', port, '8')}---
${serviceWith('plain', '127.0.82.1', port)}---
${serviceWith('bad', '127.0.83.1', port, '0')}`);
  },
});

const burst = (host: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => request({ port: t.gw.httpPort, host, path: `/r${i}` })));
const headsIn = (chunk: string) => chunk.match(/^GET \S+ HTTP\/1\.1$/gm)?.length ?? 0;

describe('per-Service upstream pipelining (portico.dev/upstream-pipeline)', () => {
  it("pipelines to the annotated Service's upstream only", async () => {
    for (const host of ['piped', 'plain', 'bad']) await waitForAnswer({ port: t.gw.httpPort, host: `${host}.example.com`, path: '/' }, (r) => r.status === 200, host, 30_000, 100);
    const seen = { piped: piped.length, plain: plain.length, bad: bad.length };
    const answers = await Promise.all([burst('piped.example.com', 60), burst('plain.example.com', 60), burst('bad.example.com', 60)]);
    // each client got its own answer, from the upstream of its Service
    answers.forEach((as, k) => expect(as.map((a) => [a.status, a.body])).toEqual(as.map((_, i) => [200, `127.0.8${k + 1}.1 /r${i}`])));
    const heads = (reads: string[], from: number) => reads.slice(from).map(headsIn);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // every request reached its upstream once; only the annotated Service's shared writes
    expect(sum(heads(piped, seen.piped))).toBe(60);
    expect(Math.max(...heads(piped, seen.piped))).toBeGreaterThan(1);
    expect(sum(heads(plain, seen.plain))).toBe(60);
    expect(Math.max(...heads(plain, seen.plain))).toBe(1);
    // "0" is invalid: ignored (the default, off, applies)
    expect(Math.max(...heads(bad, seen.bad))).toBe(1);
  }, 90_000);

  it('an invalid value is reported as an Event on the Service, naming the annotation and the rule', async () => {
    const ev = await waitFor(() => {
      const list = JSON.parse(t.cluster.kubectl(['get', 'events', '-n', NS, '-o', 'json'])).items as Array<{ reason: string; message: string; involvedObject: { kind: string; name: string } }>;
      return list.find((e) => e.involvedObject.kind === 'Service' && e.involvedObject.name === 'bad' && e.reason === 'InvalidAnnotation');
    }, 'InvalidAnnotation Event on Service bad', 30_000, 200);
    expect(ev.message).toContain('metadata.annotations["portico.dev/upstream-pipeline"]');
    expect(ev.message).toContain('must be a whole number from 1 (no pipelining) to 64, got "0"');
    const cfg = (await t.gw.admin('/config')).body as { diagnostics: Array<{ object: { kind: string; name: string }; reason: string }> };
    expect(cfg.diagnostics.filter((d) => d.object.kind === 'Service')).toEqual([expect.objectContaining({ object: { kind: 'Service', namespace: NS, name: 'bad' }, reason: 'InvalidAnnotation' })]);
  }, 60_000);
});

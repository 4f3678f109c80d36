// Generates a realistic static routing table for benchmarks: `hosts` hosts with `paths` Prefix
// rules each (plus a few Exact ones), all pointing at one backend address.
// Usage: npx tsx bench/gateway/gen-config.ts <out.json> <backendPort> [routes=300] [backendAddr=127.0.0.1]
import { writeFileSync } from 'node:fs';
import { apiVersionOf } from '../../lib/k8s/kinds';

export function genConfig(opts: { routes: number; backendPort: number; backendAddr?: string; hosts?: number }) {
  const addr = opts.backendAddr ?? '127.0.0.1';
  const objects: unknown[] = [
    { apiVersion: apiVersionOf('IngressClass'), kind: 'IngressClass', metadata: { name: 'portico', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'portico.dev/ingress-controller' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', namespace: 'bench' }, spec: { ports: [{ name: 'http', port: 80, targetPort: opts.backendPort }] } },
    {
      apiVersion: apiVersionOf('EndpointSlice'),
      kind: 'EndpointSlice',
      metadata: { name: 'backend-1', namespace: 'bench', labels: { 'kubernetes.io/service-name': 'backend' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [addr], conditions: { ready: true } }],
      ports: [{ name: 'http', port: opts.backendPort, protocol: 'TCP' }],
    },
  ];
  const hosts = opts.hosts ?? Math.max(1, Math.ceil(opts.routes / 10));
  const perHost = Math.ceil(opts.routes / hosts);
  for (let h = 0; h < hosts; h++) {
    const paths = [];
    for (let p = 0; p < perHost; p++) {
      paths.push({ path: `/svc${p}/v${p % 3}`, pathType: p % 4 === 3 ? 'Exact' : 'Prefix', backend: { service: { name: 'backend', port: { name: 'http' } } } });
    }
    // the benchmark request hits a Prefix rule on the last host
    if (h === hosts - 1) paths.push({ path: '/api', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 80 } } } });
    objects.push({
      apiVersion: apiVersionOf('Ingress'),
      kind: 'Ingress',
      metadata: { name: `app-${h}`, namespace: 'bench' },
      spec: { ingressClassName: 'portico', rules: [{ host: h === hosts - 1 ? 'bench.example.com' : `app-${h}.example.com`, http: { paths } }] },
    });
  }
  return objects;
}

/** nginx.conf for the benchmark backend: 1 worker, `return 200` with a 100-byte body, keep-alive. */
export function backendNginxConf(dir: string, port: number): string {
  return `worker_processes 1;\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 4096; }\nhttp { access_log off; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi; keepalive_requests 1000000;\n server { listen 127.0.0.1:${port}; keepalive_timeout 300s; location / { default_type text/plain; return 200 "${'x'.repeat(99)}\\n"; } } }\n`;
}

if (process.argv[1]?.endsWith('gen-config.ts')) {
  const [out, port, routes, addr] = process.argv.slice(2);
  const objs = genConfig({ routes: Number(routes ?? 300), backendPort: Number(port), backendAddr: addr });
  writeFileSync(out, JSON.stringify(objs));
  console.log(`wrote ${objs.length} objects to ${out}`);
}

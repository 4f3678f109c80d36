'use client';
import { useQuery } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import { useState } from 'react';
import { tryRouteAction, type TryItResult } from '@/server/actions/gateway';
import type { GatewayOverview } from '@/lib/console/rows';
import { buildAccess, type AccessPlan, type AccessRow, type AccessTarget } from '@/lib/console/access';
import type { RouteRow } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { CopyButton } from '../common/copy-button';
import { Card } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

const METHOD_LABEL: Record<AccessRow['method'], string> = { NodePort: 'NodePort', LoadBalancer: 'LoadBalancer', direct: 'Direct (gateway listener)' };

const ACCESS_COLUMNS: Column<AccessRow>[] = [
  { id: 'host', header: 'Hostname', className: 'font-mono text-xs', cell: (r) => r.host || '(any host)' },
  { id: 'paths', header: 'Paths', className: 'font-mono text-xs', cell: (r) => r.paths.join(', ') },
  { id: 'method', header: 'Access method', cell: (r) => <>{METHOD_LABEL[r.method]}{r.tls && <span className="ml-1 text-xs text-slate-500">HTTPS</span>}</> },
  { id: 'address', header: 'Address:Port', className: 'font-mono text-xs', cell: (r) => <span data-testid="access-address-port">{r.address.includes(':') ? `[${r.address}]` : r.address}:{r.port}</span> },
  { id: 'nodes', header: 'Node IP', className: 'font-mono text-xs', cell: (r) => r.nodeIPs.join(', ') },
];

const SOURCE_NOTE: Record<AccessPlan['source'], string> = {
  'ingress-status': 'The address the gateway published on this Ingress (status.loadBalancer.ingress).',
  'publish-setting': 'The address the gateway publishes (GATEWAY_PUBLISH_ADDRESS); the Ingress has no published address yet.',
  'load-balancer': 'The gateway Service\'s load balancer address (the Ingress has no published address yet).',
  node: 'A node address with the gateway Service\'s node ports (the Ingress has no published address yet).',
  'cluster-ip': 'The gateway Service\'s cluster IP (the Ingress has no published address yet).',
  listener: 'The gateway\'s own listeners (the Ingress has no published address yet).',
};

function CopyLine({ label, text }: { label: string; text: string }) {
  return (
    <div className="flex items-center gap-2">
      <code className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-900 px-2.5 py-1.5 font-mono text-xs whitespace-pre text-slate-100" aria-label={label}>
        {text}
      </code>
      <CopyButton text={text} label={`Copy ${label}`} />
    </div>
  );
}

/** How to reach the route, KubeSphere style (seed 002), plus "Try it" through the gateway. */
export function AccessPanel({ project, row }: { project: string; row: RouteRow }) {
  const gw = useQuery({ queryKey: qk.gateway(project), queryFn: () => getApi<GatewayOverview>(qk.gateway(project)) });
  const targets: AccessTarget[] = row.paths.length
    ? row.paths.map((p) => ({ host: p.host === '*' ? '' : p.host, path: p.path || '/', tls: row.tlsHosts.includes(p.host) }))
    : [{ host: '', path: '/', tls: false }];
  const statusAddresses = row.address ? row.address.split(',').map((a) => a.trim()).filter(Boolean) : [];
  const plan = gw.data ? buildAccess(targets, statusAddresses, gw.data.access) : undefined;
  const first = targets[0]!;

  return (
    <Card title="Access" aria-label="Access">
      {gw.isError && <p className="mb-2 text-sm text-amber-800">Gateway information unavailable: {(gw.error as Error).message}</p>}
      <DataTable label="Access" className="mb-1" columns={ACCESS_COLUMNS} rows={plan?.rows ?? []} rowKey={(r) => `${r.host}|${r.tls}`} />
      {plan && <p className="mb-4 text-xs text-slate-500">{SOURCE_NOTE[plan.source]}</p>}
      <div className="space-y-3">
        {plan?.hostsLine && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-600">Hosts file line (/etc/hosts), so these names resolve to the gateway</p>
            <CopyLine label="hosts file line" text={plan.hostsLine} />
          </div>
        )}
        {plan && plan.nipHosts.length > 0 && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-600">nip.io hosts of this route (resolve without the hosts file)</p>
            {plan.nipHosts.map((h) => (
              <CopyLine key={h} label={`nip.io host ${h}`} text={h} />
            ))}
          </div>
        )}
        {plan && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-600">curl</p>
            <div className="space-y-1.5">
              {plan.curlLines.map((cmd, i) => (
                <CopyLine key={i} label={`curl command ${i + 1}`} text={cmd} />
              ))}
            </div>
          </div>
        )}
        <TryIt project={project} name={row.name} host={first.host} path={first.path} https={first.tls} />
      </div>
    </Card>
  );
}

function TryIt({ project, name, host: h0, path: p0, https: s0 }: { project: string; name: string; host: string; path: string; https: boolean }) {
  const [host, setHost] = useState(h0);
  const [path, setPath] = useState(p0);
  const [https, setHttps] = useState(s0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TryItResult | { error: string } | null>(null);
  return (
    <div className="rounded-md border border-slate-200 p-3">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const r = await tryRouteAction(project, name, { host, path, https }).finally(() => setBusy(false));
          setResult(r.ok ? r.value : { error: r.message });
        }}
      >
        <label className="flex flex-col text-xs text-slate-600">
          Host
          <input value={host} onChange={(e) => setHost(e.target.value)} aria-label="Try it host" className="h-8 w-56 rounded border border-slate-300 px-2 text-sm" />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Path
          <input value={path} onChange={(e) => setPath(e.target.value)} aria-label="Try it path" className="h-8 w-40 rounded border border-slate-300 px-2 text-sm" />
        </label>
        <label className="flex h-8 items-center gap-1.5 text-sm">
          <input type="checkbox" checked={https} onChange={(e) => setHttps(e.target.checked)} /> HTTPS
        </label>
        <Button type="submit" variant="primary" disabled={busy}>
          <Play className="h-4 w-4" aria-hidden /> {busy ? 'Sending…' : 'Try it'}
        </Button>
      </form>
      {result && (
        <div className="mt-3 text-sm" role="region" aria-label="Try it result">
          {'error' in result ? (
            <p className="text-red-700">{result.error}</p>
          ) : (
            <>
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone={result.status < 400 ? 'green' : result.status < 500 ? 'amber' : 'red'}>HTTP {result.status}</Badge>
                <span className="font-mono text-xs">{result.url}</span>
                <span className="text-xs text-slate-500" data-testid="try-it-sent-to">
                  via {result.sentTo}
                </span>
                <span className="text-xs text-slate-500">{result.durationMs} ms</span>
                {result.pod && (
                  <span>
                    answered by pod <strong data-testid="try-it-pod">{result.pod}</strong>
                  </span>
                )}
              </p>
              <details className="mt-2">
                <summary className="cursor-pointer text-xs text-slate-600">Response headers and body</summary>
                <pre className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 text-xs">
                  {Object.entries(result.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}
                  {'\n\n'}
                  {result.body}
                </pre>
              </details>
            </>
          )}
        </div>
      )}
    </div>
  );
}

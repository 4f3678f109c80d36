'use client';
import { useQuery } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import { useState } from 'react';
import { tryRouteAction, type TryItResult } from '@/server/actions/gateway';
import type { GatewayOverview } from '@/lib/console/rows';
import type { RouteRow } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { CopyButton } from '../common/copy-button';
import { Card } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

const ADDRESS_COLUMNS: Column<GatewayOverview['accessMethods'][number]>[] = [
  { id: 'method', header: 'Access method', cell: (m) => <>{m.label} {m.note && <span className="block text-xs text-slate-500">{m.note}</span>}</> },
  { id: 'address', header: 'Address', className: 'font-mono text-xs', cell: (m) => m.address },
  { id: 'http', header: 'HTTP', className: 'font-mono text-xs', cell: (m) => m.httpPort ?? '-' },
  { id: 'https', header: 'HTTPS', className: 'font-mono text-xs', cell: (m) => m.httpsPort ?? '-' },
];

function portSuffix(port: number | undefined, https: boolean) {
  return port === undefined || port === (https ? 443 : 80) ? '' : `:${port}`;
}

/** A concrete host name to use for a rule host (wildcards get a sample label). */
function concreteHost(host: string, fallback: string): string {
  if (!host || host === '*') return fallback;
  return host.startsWith('*.') ? `try.${host.slice(2)}` : host;
}

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

/** How to reach the route, KubeSphere style, plus "Try it" through the gateway. */
export function AccessPanel({ project, row }: { project: string; row: RouteRow }) {
  const gw = useQuery({ queryKey: qk.gateway(project), queryFn: () => getApi<GatewayOverview>(qk.gateway(project)) });
  const local = gw.data?.accessMethods[0];
  const address = local?.address ?? '127.0.0.1';
  const nip = `${row.name}.${project}.${address}.nip.io`;
  const targets = row.paths.length
    ? row.paths.map((p) => ({ host: p.host === '*' ? '' : p.host, path: p.path, tls: row.tlsHosts.includes(p.host) }))
    : [{ host: '', path: '/', tls: false }];
  const first = targets[0]!;
  const namedHosts = row.hosts.filter((h) => !h.startsWith('*'));
  const hostsLine = `${address} ${namedHosts.length ? namedHosts.join(' ') : nip}`;

  return (
    <Card title="Access" aria-label="Access">
      {gw.isError && <p className="mb-2 text-sm text-amber-800">Gateway information unavailable: {(gw.error as Error).message}</p>}
      <DataTable label="Gateway addresses" className="mb-4" columns={ADDRESS_COLUMNS} rows={gw.data?.accessMethods ?? []} rowKey={(m) => m.kind} />
      <div className="space-y-3">
        <div>
          <p className="mb-1 text-xs font-medium text-slate-600">Hosts file line (/etc/hosts)</p>
          <CopyLine label="hosts file line" text={hostsLine} />
        </div>
        <div>
          <p className="mb-1 text-xs font-medium text-slate-600">Hostname without editing the hosts file (nip.io style)</p>
          <CopyLine label="nip.io hostname" text={nip} />
        </div>
        {local && (
          <div>
            <p className="mb-1 text-xs font-medium text-slate-600">curl</p>
            <div className="space-y-1.5">
              {targets.slice(0, 4).map((t, i) => {
                const https = t.tls;
                const port = https ? local.httpsPort : local.httpPort;
                const host = concreteHost(t.host, 'localhost');
                const cmd = `curl -s${https ? 'k' : ''} --resolve ${host}:${port}:${address} ${https ? 'https' : 'http'}://${host}${portSuffix(port, https)}${t.path}`;
                return <CopyLine key={i} label={`curl command ${i + 1}`} text={cmd} />;
              })}
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

'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { setGatewayAccessMethodAction } from '@/server/actions/gateway';
import type { GatewayOverview } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { Card, ErrorState, Skeleton } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

interface ListenerRow {
  key: string;
  name: string;
  protocol: string;
  port: number;
  servedOn: string;
  hostname: string;
}

/** The two built-in Ingress listeners, then the Gateway API listeners. */
function listenerRows(g: GatewayOverview): ListenerRow[] {
  const at = (port: number) => `${g.endpoints.host}:${port}`;
  return [
    { key: 'ingress-http', name: 'Ingress HTTP', protocol: 'HTTP', port: 80, servedOn: at(g.endpoints.httpPort), hostname: 'any' },
    { key: 'ingress-https', name: 'Ingress HTTPS (SNI)', protocol: 'HTTPS', port: 443, servedOn: at(g.endpoints.httpsPort), hostname: 'any' },
    ...g.listeners.map((l) => ({ key: `${l.gateway}/${l.name}`, name: `${l.gateway} · ${l.name}`, protocol: l.protocol, port: l.port, servedOn: at(l.servedOn), hostname: l.hostname ?? 'any' })),
  ];
}

const LISTENER_COLUMNS: Column<ListenerRow>[] = [
  { id: 'name', header: 'Listener', cell: (l) => l.name },
  { id: 'protocol', header: 'Protocol', cell: (l) => l.protocol },
  { id: 'port', header: 'Declared port', cell: (l) => l.port },
  { id: 'servedOn', header: 'Served on', className: 'font-mono text-xs', cell: (l) => l.servedOn },
  { id: 'hostname', header: 'Hostname', cell: (l) => l.hostname },
];

const ADDRESS_COLUMNS: Column<GatewayOverview['accessMethods'][number]>[] = [
  { id: 'method', header: 'Access method', cell: (m) => m.label },
  { id: 'address', header: 'Address', className: 'font-mono text-xs', cell: (m) => m.address },
  { id: 'http', header: 'HTTP', className: 'font-mono text-xs', cell: (m) => m.httpPort ?? '-' },
  { id: 'https', header: 'HTTPS', className: 'font-mono text-xs', cell: (m) => m.httpsPort ?? '-' },
];

/** The gateway: where it listens, how users reach it, and its live health from the admin API.
 * Its configuration is this project's part of it; platform admins may switch to the whole gateway. */
export function GatewayView({ project }: { project: string }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [whole, setWhole] = useState(false);
  const q = useQuery({
    queryKey: qk.gateway(project, whole ? 'all' : 'project'),
    queryFn: () => getApi<GatewayOverview>(qk.gateway(project, whole ? 'all' : 'project')),
    refetchInterval: 5000,
  });
  if (q.isPending) return <Skeleton className="h-48 w-full" />;
  if (q.isError) return <ErrorState title="Could not load the gateway" message={(q.error as Error).message} />;
  const g = q.data;
  const h = g.health;
  const healthy = h.reachable && h.healthz === 200;
  const ready = h.reachable && h.readyz === 200;
  const switchTo = async (type: 'NodePort' | 'LoadBalancer') => {
    setBusy(true);
    const r = await setGatewayAccessMethodAction(type).finally(() => setBusy(false));
    if (r.ok) toast.success(`Gateway service is now ${type}`);
    else toast.error(r.message);
    void qc.invalidateQueries({ queryKey: ['gateway', project] });
  };
  return (
    <div className="space-y-4">
      <Card title="Health" aria-label="Gateway health" actions={<span className="text-xs text-slate-500">refreshes every 5s</span>}>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Badge tone={healthy ? 'green' : 'red'}>{h.reachable ? `healthz ${h.healthz}` : 'unreachable'}</Badge>
          <Badge tone={ready ? 'green' : 'amber'}>{h.reachable ? `readyz ${h.readyz}` : 'not ready'}</Badge>
          <span className="text-slate-600">
            Admin API at <code className="font-mono text-xs">{g.endpoints.adminUrl}</code>
          </span>
          {h.error && <span className="text-red-700">{h.error}</span>}
        </div>
        {h.config && (
          <details className="mt-3">
            <summary className="cursor-pointer text-xs text-slate-600">{g.scope === 'all' ? 'Current configuration of the whole gateway (from /config)' : `Current configuration for project ${project} (from /config?namespace=${project})`}</summary>
            <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(h.config, null, 2)}</pre>
          </details>
        )}
        {g.canViewWholeGateway && (
          <label className="mt-2 flex items-center gap-1.5 text-xs text-slate-600">
            <input type="checkbox" checked={whole} onChange={(e) => setWhole(e.target.checked)} /> Whole gateway, every project (platform admins)
          </label>
        )}
      </Card>
      <Card title="Listeners" aria-label="Listeners">
        <DataTable label="Gateway listeners" columns={LISTENER_COLUMNS} rows={listenerRows(g)} rowKey={(l) => l.key} />
      </Card>
      <Card title="Access method" aria-label="Access method">
        {g.service ? (
          <div className="space-y-3 text-sm">
            <p>
              Service <code className="font-mono">{g.service.name}</code> in portico-system is <strong>{g.service.type}</strong>
              {g.service.loadBalancerIPs.length > 0 && <> with address {g.service.loadBalancerIPs.join(', ')}</>}.
            </p>
            {g.canChangeAccessMethod ? (
              <div role="radiogroup" aria-label="Gateway access method" className="flex gap-2">
                {(['NodePort', 'LoadBalancer'] as const).map((t) => (
                  <Button key={t} role="radio" aria-checked={g.service!.type === t} variant={g.service!.type === t ? 'primary' : 'secondary'} disabled={busy || g.service!.type === t} onClick={() => switchTo(t)}>
                    {t}
                  </Button>
                ))}
              </div>
            ) : (
              <p className="text-slate-600">Changing it needs permission to patch Services in portico-system.</p>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-600">No gateway Service in portico-system: users reach the gateway directly on its listener ports.</p>
        )}
        <DataTable label="Gateway addresses" className="mt-4" columns={ADDRESS_COLUMNS} rows={g.accessMethods} rowKey={(m) => m.kind} />
      </Card>
    </div>
  );
}

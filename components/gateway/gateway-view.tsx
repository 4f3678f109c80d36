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

/** The gateway: where it listens, how users reach it, and its live health from the admin API. */
export function GatewayView() {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: qk.gateway(),
    queryFn: () => getApi<GatewayOverview>(qk.gateway()),
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
    void qc.invalidateQueries({ queryKey: qk.gateway() });
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
            <summary className="cursor-pointer text-xs text-slate-600">Current configuration (from /config)</summary>
            <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(h.config, null, 2)}</pre>
          </details>
        )}
      </Card>
      <Card title="Listeners" aria-label="Listeners">
        <table className="w-full text-sm" aria-label="Gateway listeners">
          <thead className="text-left text-xs text-slate-500 uppercase">
            <tr><th className="py-1 font-medium">Listener</th><th className="py-1 font-medium">Protocol</th><th className="py-1 font-medium">Declared port</th><th className="py-1 font-medium">Served on</th><th className="py-1 font-medium">Hostname</th></tr>
          </thead>
          <tbody>
            <tr className="border-t border-slate-100"><td className="py-1.5">Ingress HTTP</td><td>HTTP</td><td>80</td><td className="font-mono text-xs">{g.endpoints.host}:{g.endpoints.httpPort}</td><td>any</td></tr>
            <tr className="border-t border-slate-100"><td className="py-1.5">Ingress HTTPS (SNI)</td><td>HTTPS</td><td>443</td><td className="font-mono text-xs">{g.endpoints.host}:{g.endpoints.httpsPort}</td><td>any</td></tr>
            {g.listeners.map((l) => (
              <tr key={`${l.gateway}/${l.name}`} className="border-t border-slate-100">
                <td className="py-1.5">{l.gateway} · {l.name}</td><td>{l.protocol}</td><td>{l.port}</td><td className="font-mono text-xs">{g.endpoints.host}:{l.servedOn}</td><td>{l.hostname ?? 'any'}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="mt-4 w-full text-sm" aria-label="Gateway addresses">
          <thead className="text-left text-xs text-slate-500 uppercase">
            <tr><th className="py-1 font-medium">Access method</th><th className="py-1 font-medium">Address</th><th className="py-1 font-medium">HTTP</th><th className="py-1 font-medium">HTTPS</th></tr>
          </thead>
          <tbody>
            {g.accessMethods.map((m) => (
              <tr key={m.kind} className="border-t border-slate-100">
                <td className="py-1.5">{m.label}</td><td className="font-mono text-xs">{m.address}</td><td className="font-mono text-xs">{m.httpPort ?? '-'}</td><td className="font-mono text-xs">{m.httpsPort ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

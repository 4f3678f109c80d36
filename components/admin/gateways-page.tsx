'use client';
/**
 * The admin Gateways page: every Gateway in the cluster with each listener's status as the
 * gateway controller reports it (Accepted, Programmed, ResolvedRefs, attached routes), links
 * to create and edit, and delete with a confirmation that repeats the name. Refreshed every
 * few seconds, so a new listener's status appears without a reload.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import type { Gateway } from '@/lib/k8s';
import { Badge } from '@/components/common/badge';
import { Button } from '@/components/common/button';
import { EmptyState, ErrorState } from '@/components/common/card';
import { TextField } from '@/components/common/controls';
import { DataTable, type Column } from '@/components/common/data-table';
import { qk } from '@/components/live/query-keys';
import { useApiQuery } from '@/components/live/use-api-query';
import { deleteGatewayAction } from '@/server/admin/gateways';
import type { AdminGateways } from '@/server/admin/gateways-read';
import { Modal } from './modal';

const LISTENER_CONDITIONS = ['Accepted', 'Programmed', 'ResolvedRefs'] as const;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** One condition as a badge: green True, red False, grey when the controller has not said. */
function ConditionBadge({ type, c }: { type: string; c?: Condition }) {
  const tone = !c ? 'neutral' : c.status === 'True' ? 'green' : c.status === 'False' ? 'red' : 'amber';
  const text = !c ? `${type}: pending` : c.status === 'True' ? type : `${type}: ${c.reason ?? c.status}`;
  return (
    <Badge tone={tone} title={c?.message}>
      {text}
    </Badge>
  );
}

export const gatewayKey = (g: Gateway) => `${g.metadata?.namespace}/${g.metadata?.name}`;

/** Each listener with its status line (conditions and attached routes), as a small list. */
export function ListenerStatus({ gateway }: { gateway: Gateway }) {
  const statuses = gateway.status?.listeners ?? [];
  return (
    <ul className="grid gap-1.5" aria-label={`Listeners of ${gatewayKey(gateway)}`}>
      {(gateway.spec?.listeners ?? []).map((l) => {
        const s = statuses.find((x) => x.name === l.name);
        const conditions = (s?.conditions ?? []) as Condition[];
        return (
          <li key={l.name} className="flex flex-wrap items-center gap-1.5" aria-label={`Listener ${l.name}`}>
            <span className="font-mono text-xs text-slate-800">
              {l.name} {l.protocol}:{l.port}
              {l.hostname ? ` ${l.hostname}` : ''}
            </span>
            {LISTENER_CONDITIONS.map((t) => (
              <ConditionBadge key={t} type={t} c={conditions.find((c) => c.type === t)} />
            ))}
            <span className="text-xs text-slate-500">{s ? `${s.attachedRoutes} route${s.attachedRoutes === 1 ? '' : 's'}` : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

function DeleteGatewayDialog({ gateway, onDeleted }: { gateway: Gateway; onDeleted: () => void }) {
  const namespace = gateway.metadata?.namespace ?? '';
  const name = gateway.metadata?.name ?? '';
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const attached = (gateway.status?.listeners ?? []).reduce((n, l) => n + (l.attachedRoutes ?? 0), 0);
  const remove = async () => {
    setBusy(true);
    const r = await deleteGatewayAction(namespace, name, typed);
    setBusy(false);
    if (!r.ok) return void toast.error(r.message);
    setOpen(false);
    toast.success(`Gateway ${namespace}/${name} deleted`);
    onDeleted();
  };
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        className="text-red-700"
        onClick={() => {
          setTyped('');
          setOpen(true);
        }}
        aria-label={`Delete gateway ${namespace}/${name}`}
      >
        <Trash2 className="h-3.5 w-3.5" aria-hidden /> Delete
      </Button>
      <Modal open={open} onOpenChange={(o) => !busy && setOpen(o)} title={`Delete Gateway ${namespace}/${name}?`}>
        <div className="space-y-3 text-sm text-slate-700">
          <p>
            Its {gateway.spec?.listeners?.length ?? 0} listener(s) stop serving, and the {attached} route(s) attached to them lose this parent. The routes themselves are kept.
          </p>
          <TextField label={`Type ${name} to confirm`} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </Button>
            <Button variant="danger" disabled={busy || typed !== name} onClick={remove}>
              Delete {name}
            </Button>
          </div>
        </div>
      </Modal>
    </>
  );
}

export const gatewayHref = (g: Gateway) => `/gateways/${encodeURIComponent(g.metadata?.namespace ?? '')}/${encodeURIComponent(g.metadata?.name ?? '')}`;

export function GatewaysPage({ seed }: { seed?: AdminGateways }) {
  const qc = useQueryClient();
  const q = useApiQuery<AdminGateways>(qk.adminGateways(), seed, { refetchInterval: 3000 });
  const refresh = () => void qc.invalidateQueries({ queryKey: qk.adminGateways(), exact: true });
  const columns: Column<Gateway>[] = [
    {
      id: 'name',
      header: 'Gateway',
      cell: (g) => (
        <Link href={gatewayHref(g)} className="font-medium text-indigo-700 hover:underline">
          {gatewayKey(g)}
        </Link>
      ),
    },
    { id: 'class', header: 'Class', cell: (g) => g.spec?.gatewayClassName ?? '—' },
    { id: 'listeners', header: 'Listeners', cell: (g) => <ListenerStatus gateway={g} /> },
    {
      id: 'actions',
      header: 'Actions',
      srOnlyHeader: true,
      cell: (g) => (
        <div className="flex gap-1">
          <Link href={gatewayHref(g)} aria-label={`Edit gateway ${gatewayKey(g)}`} className="inline-flex items-center gap-1 rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100">
            <Pencil className="h-3.5 w-3.5" aria-hidden /> Edit
          </Link>
          <DeleteGatewayDialog gateway={g} onDeleted={refresh} />
        </div>
      ),
    },
  ];
  return (
    <section>
      <div className="mb-4 flex items-end justify-between">
        <div>
          <h1 className="mb-1 text-2xl font-semibold">Gateways</h1>
          <p className="text-sm text-slate-600">Gateway API Gateways of every namespace: the listeners that projects attach HTTPRoutes, GRPCRoutes, TLSRoutes and TCPRoutes to.</p>
        </div>
        <Link href="/gateways/new" className="inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          <Plus className="h-4 w-4" aria-hidden /> Create Gateway
        </Link>
      </div>
      {q.error ? (
        <ErrorState title="Cannot read the Gateways" message={q.error.message} />
      ) : (q.data?.gateways.length ?? 0) === 0 ? (
        <EmptyState title="No Gateways">Create one so projects can attach routes to its listeners.</EmptyState>
      ) : (
        <DataTable label="Gateways" framed columns={columns} rows={q.data?.gateways ?? []} rowKey={gatewayKey} />
      )}
    </section>
  );
}

'use client';
/**
 * The Service page's Endpoints panel: every endpoint of the Service's EndpointSlices with its
 * state, and for a selectorless Service the manual ones, added in a dialog and removed one by
 * one (server/actions/endpoints writes them as the signed-in user).
 */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import type { FieldError as ActionFieldError } from '@/lib/console/action-result';
import type { ServicePortSummary } from '@/lib/console/rows';
import { ENDPOINT_PROTOCOLS, type EndpointRow, type ManualEndpointInput } from '@/lib/endpoints/manual';
import { addManualEndpointAction, listServiceEndpointsAction, removeManualEndpointAction, type ServiceEndpoints } from '@/server/actions/endpoints';
import { useCan } from '../auth/permissions';
import { Modal } from '../admin/modal';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { Card } from '../common/card';
import { ConfirmDialog } from '../common/confirm-dialog';
import { TextField } from '../common/controls';
import { DataTable, type Column } from '../common/data-table';

const SLICES = 'endpointslices.discovery.k8s.io';

function stateBadge(r: EndpointRow) {
  if (r.terminating) return <Badge tone="amber">{r.serving ? 'terminating, serving' : 'terminating'}</Badge>;
  if (r.ready) return <Badge tone="green">ready</Badge>;
  return <Badge tone="amber">{r.serving ? 'not ready, serving' : 'not ready'}</Badge>;
}

const portsText = (r: EndpointRow) => r.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}/${p.protocol}`).join(', ') || '-';

export function ServiceEndpointsPanel({ project, service, ports }: { project: string; service: string; ports: ServicePortSummary[] }) {
  const qc = useQueryClient();
  const key = ['service-endpoints', project, service];
  const canAdd = useCan('create', SLICES);
  const q = useQuery({
    queryKey: key,
    queryFn: async (): Promise<ServiceEndpoints> => {
      const r = await listServiceEndpointsAction(project, service);
      if (!r.ok) throw new Error(r.message);
      return r.value;
    },
    refetchInterval: 5000,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const d = q.data;
  const columns: Column<EndpointRow>[] = [
    { id: 'address', header: 'Address', className: 'font-mono text-xs', cell: (r) => r.address },
    { id: 'ports', header: 'Ports', className: 'font-mono text-xs', cell: portsText },
    { id: 'state', header: 'State', cell: stateBadge },
    { id: 'source', header: 'Source', cell: (r) => (r.pod ? `pod ${r.pod}` : r.manual ? 'manual' : (r.managedBy ?? 'unmanaged')) },
    {
      id: 'actions',
      header: 'Actions',
      srOnlyHeader: true,
      cell: (r) =>
        r.manual && canAdd ? (
          <ConfirmDialog
            title={`Remove endpoint ${r.address}?`}
            confirmLabel="Remove endpoint"
            trigger={
              <Button size="sm" variant="ghost" aria-label={`Remove endpoint ${r.address}`}>
                <Trash2 className="h-4 w-4" aria-hidden />
              </Button>
            }
            onConfirm={async () => {
              const res = await removeManualEndpointAction(project, service, r.slice, r.address);
              if (!res.ok) {
                toast.error(res.message);
                return false;
              }
              toast.success(`Endpoint ${r.address} removed`);
              refresh();
              return true;
            }}
          >
            <p>
              Service <strong>{service}</strong> stops sending traffic to <span className="font-mono">{r.address}</span> ({portsText(r)}).
            </p>
          </ConfirmDialog>
        ) : null,
    },
  ];
  return (
    <Card
      title="Endpoints"
      aria-label="Service endpoints"
      actions={d?.manualAllowed && canAdd ? <AddEndpointDialog project={project} service={service} ports={ports} onAdded={refresh} /> : undefined}
    >
      {q.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not read the endpoints: {(q.error as Error).message}
        </p>
      ) : !d ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : d.rows.length === 0 ? (
        <p className="text-sm text-slate-500">
          No endpoints.{d.manualAllowed ? ' This Service has no selector: add the addresses it sends traffic to.' : ''}
        </p>
      ) : (
        <DataTable label="Endpoints" columns={columns} rows={d.rows} rowKey={(r) => `${r.slice}/${r.address}`} />
      )}
    </Card>
  );
}

/** The ports a new endpoint gets: one per Service port, named like it, at its numeric targetPort. */
function initialPorts(ports: ServicePortSummary[]): ManualEndpointInput['ports'] {
  return ports.map((p) => ({
    name: p.name ?? '',
    port: typeof p.targetPort === 'number' ? p.targetPort : /^\d+$/.test(String(p.targetPort ?? '')) ? Number(p.targetPort) : p.port,
    protocol: (ENDPOINT_PROTOCOLS as readonly string[]).includes(p.protocol ?? 'TCP') ? (p.protocol as ManualEndpointInput['ports'][number]['protocol']) ?? 'TCP' : 'TCP',
  }));
}

function AddEndpointDialog({ project, service, ports, onAdded }: { project: string; service: string; ports: ServicePortSummary[]; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [endpointPorts, setEndpointPorts] = useState(() => initialPorts(ports));
  const [ready, setReady] = useState(true);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ActionFieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const errorAt = (field: string) => errors.find((e) => e.field === field)?.message;
  const reset = () => {
    setAddress('');
    setEndpointPorts(initialPorts(ports));
    setReady(true);
    setErrors([]);
    setMessage(undefined);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await addManualEndpointAction(project, service, { address, ports: endpointPorts, ready }).finally(() => setBusy(false));
    if (!r.ok) {
      setErrors(r.fieldErrors);
      // a cause on a field the form shows is shown there; anything else above the buttons
      setMessage(r.fieldErrors.some((f) => f.field === 'address' || /^ports\[\d+\]\.port$/.test(f.field)) ? undefined : r.message);
      return;
    }
    toast.success(`Endpoint ${address.trim()} added to ${service}`);
    onAdded();
    setOpen(false);
    reset();
  };
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> Add endpoint
      </Button>
      <Modal
        open={open}
        onOpenChange={(o) => {
          if (busy) return;
          setOpen(o);
          if (!o) reset();
        }}
        title={`Add an endpoint to ${service}`}
        description="An address outside the cluster's pods that this Service sends traffic to, with the port for each Service port."
      >
        {ports.length === 0 ? (
          <p className="text-sm text-amber-800">The Service has no ports: add one to the Service first.</p>
        ) : (
          <form onSubmit={submit} className="space-y-3" aria-label="Add endpoint">
            <TextField label="Address" placeholder="10.0.0.12 or 2001:db8::12" value={address} onChange={(e) => setAddress(e.target.value)} error={errorAt('address')} maxLength={64} autoFocus required />
            <fieldset className="space-y-2">
              <legend className="mb-1 text-sm font-medium text-slate-700">Ports</legend>
              {endpointPorts.map((p, i) => (
                <TextField
                  key={`${p.name}-${i}`}
                  type="number"
                  min={1}
                  max={65535}
                  label={`Port for Service port ${p.name || ports[i]?.port} (${p.protocol})`}
                  value={Number.isFinite(p.port) ? String(p.port) : ''}
                  onChange={(e) => setEndpointPorts((cur) => cur.map((x, j) => (j === i ? { ...x, port: e.target.value === '' ? NaN : Number(e.target.value) } : x)))}
                  error={errorAt(`ports[${i}].port`) ?? errorAt(`ports[${i}].name`)}
                />
              ))}
            </fieldset>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={ready} onChange={(e) => setReady(e.target.checked)} /> Ready (receives traffic)
            </label>
            {message && (
              <p role="alert" className="text-sm text-red-700">
                {message}
              </p>
            )}
            <div className="flex justify-end gap-2 pt-2">
              <Button onClick={() => setOpen(false)} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" disabled={busy}>
                {busy ? 'Adding…' : 'Add endpoint'}
              </Button>
            </div>
          </form>
        )}
      </Modal>
    </>
  );
}

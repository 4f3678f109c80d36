'use client';
import { useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deleteRouteAction } from '@/server/actions/routes';
import type { RouteRow } from '@/lib/console/rows';
import { qk } from '../live/query-keys';
import { Button } from '../common/button';
import { ConfirmDialog } from '../common/confirm-dialog';

export function DeleteRouteDialog({ project, row }: { project: string; row: RouteRow }) {
  const router = useRouter();
  const qc = useQueryClient();
  return (
    <ConfirmDialog
      title={`Delete route ${row.name}?`}
      confirmLabel="Delete route"
      trigger={
        <Button variant="secondary" className="text-red-700">
          <Trash2 className="h-4 w-4" aria-hidden /> Delete
        </Button>
      }
      onConfirm={async () => {
        const r = await deleteRouteAction(project, row.name);
        if (!r.ok) {
          toast.error(r.message);
          return false;
        }
        toast.success(`Route ${row.name} deleted`);
        qc.removeQueries({ queryKey: qk.item(project, 'routes', row.name) });
        void qc.invalidateQueries({ queryKey: qk.list(project, 'routes') });
        router.push(`/projects/${project}/routes`);
        return true;
      }}
    >
      <p>
        This removes the Ingress <strong>{row.name}</strong> from project <strong>{project}</strong>. The gateway stops serving:
      </p>
      <ul className="max-h-40 list-disc overflow-auto pl-5 font-mono text-xs" aria-label="Traffic that stops">
        {row.paths.map((p, i) => (
          <li key={i}>
            {p.host}
            {p.path} → {p.backend.service}:{p.backend.port}
          </li>
        ))}
        {row.defaultBackend && <li>default backend → {row.defaultBackend.service}:{row.defaultBackend.port}</li>}
      </ul>
      <p className="text-slate-500">Services, pods and TLS secrets it points to are kept.</p>
    </ConfirmDialog>
  );
}

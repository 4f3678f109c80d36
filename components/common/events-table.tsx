import type { KubeEvent } from '@/lib/console/rows';
import { Age } from './age';
import { Badge } from './badge';
import { Card } from './card';
import { DataTable, type Column } from './data-table';

const EVENT_COLUMNS: Column<KubeEvent>[] = [
  { id: 'type', header: 'Type', cell: (e) => <Badge tone={e.type === 'Warning' ? 'amber' : 'neutral'}>{e.type}</Badge> },
  { id: 'reason', header: 'Reason', cell: (e) => e.reason },
  { id: 'message', header: 'Message', cell: (e) => <>{e.message}{e.count > 1 && <span className="text-slate-500"> (×{e.count})</span>}</> },
  { id: 'source', header: 'From', className: 'text-xs text-slate-500', cell: (e) => e.source },
  { id: 'last', header: 'Last seen', className: 'text-xs text-slate-500', cell: (e) => <Age ts={e.lastTimestamp} /> },
];

export function EventsTable({ events }: { events: KubeEvent[] }) {
  return (
    <Card title="Events" aria-label="Events">
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">No events recorded.</p>
      ) : (
        <DataTable label="Events table" columns={EVENT_COLUMNS} rows={events} rowKey={(_, i) => String(i)} />
      )}
    </Card>
  );
}

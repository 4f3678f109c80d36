import type { KubeEvent } from '@/lib/console/rows';
import { Age } from './age';
import { Badge } from './badge';
import { Card } from './card';

export function EventsTable({ events }: { events: KubeEvent[] }) {
  return (
    <Card title="Events" aria-label="Events">
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">No events recorded.</p>
      ) : (
        <table className="w-full text-sm" aria-label="Events table">
          <thead className="text-left text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-1 pr-3 font-medium">Type</th>
              <th className="py-1 pr-3 font-medium">Reason</th>
              <th className="py-1 pr-3 font-medium">Message</th>
              <th className="py-1 pr-3 font-medium">From</th>
              <th className="py-1 font-medium">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i} className="border-t border-slate-100 align-top">
                <td className="py-1.5 pr-3"><Badge tone={e.type === 'Warning' ? 'amber' : 'neutral'}>{e.type}</Badge></td>
                <td className="py-1.5 pr-3">{e.reason}</td>
                <td className="py-1.5 pr-3">{e.message}{e.count > 1 && <span className="text-slate-500"> (×{e.count})</span>}</td>
                <td className="py-1.5 pr-3 text-xs text-slate-500">{e.source}</td>
                <td className="py-1.5 text-xs text-slate-500"><Age ts={e.lastTimestamp} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/**
 * The ListenerSet list table and the detail page's status per listener (server-rendered: the
 * pages read the objects on each request).
 */
import Link from 'next/link';
import type { ListenerSetCondition, ListenerSetRow } from '@/lib/console/listener-sets';
import { Badge } from '../common/badge';

/** Conflicted is the one condition that is good when False. */
const conditionGood = (c: ListenerSetCondition) => (c.type === 'Conflicted' ? c.status === 'False' : c.status === 'True');

export function ConditionBadges({ conditions }: { conditions: ListenerSetCondition[] }) {
  if (conditions.length === 0) return <span className="text-slate-400">No status yet</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {conditions.map((c) => (
        <Badge key={c.type} tone={conditionGood(c) ? 'green' : 'amber'} title={c.message}>
          {c.type === 'Conflicted' && conditionGood(c) ? 'Not conflicted' : c.type}
          {conditionGood(c) ? '' : `: ${c.reason ?? c.status}`}
        </Badge>
      ))}
    </span>
  );
}

const th = 'px-3 py-2 text-left text-xs font-semibold text-slate-600';
const td = 'px-3 py-2 align-top text-sm';

export function ListenerSetTable({ project, rows }: { project: string; rows: ListenerSetRow[] }) {
  return (
    <table aria-label="ListenerSets" className="w-full rounded-lg border border-slate-200 bg-white">
      <thead className="border-b border-slate-200 bg-slate-50">
        <tr>
          <th className={th}>Name</th>
          <th className={th}>Gateway</th>
          <th className={th}>Listeners</th>
          <th className={th}>Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} className="border-b border-slate-100 last:border-0">
            <td className={td}>
              <Link className="font-medium text-indigo-700 hover:underline" href={`/projects/${encodeURIComponent(project)}/listenersets/${encodeURIComponent(r.name)}`}>
                {r.name}
              </Link>
            </td>
            <td className={td}>{r.parent}</td>
            <td className={td}>
              {r.listeners.map((l) => (
                <div key={l.name}>
                  {l.protocol} {l.hostname || '*'}:{l.port}
                </div>
              ))}
            </td>
            <td className={td}>
              <ConditionBadges conditions={r.conditions} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ListenerStatusTable({ row }: { row: ListenerSetRow }) {
  return (
    <table aria-label="Listeners" className="w-full rounded-lg border border-slate-200 bg-white">
      <thead className="border-b border-slate-200 bg-slate-50">
        <tr>
          <th className={th}>Listener</th>
          <th className={th}>Hostname</th>
          <th className={th}>Port</th>
          <th className={th}>Protocol</th>
          <th className={th}>Certificate</th>
          <th className={th}>Attached routes</th>
          <th className={th}>Status</th>
        </tr>
      </thead>
      <tbody>
        {row.listeners.map((l) => (
          <tr key={l.name} aria-label={`Listener ${l.name}`} className="border-b border-slate-100 last:border-0">
            <td className={td}>{l.name}</td>
            <td className={td}>{l.hostname || '*'}</td>
            <td className={td}>{l.port}</td>
            <td className={td}>{l.protocol}</td>
            <td className={td}>{l.certificates.join(', ') || '-'}</td>
            <td className={td}>{l.attachedRoutes ?? '-'}</td>
            <td className={td}>
              <ConditionBadges conditions={l.conditions} />
              {l.conditions
                .filter((c) => !conditionGood(c) && c.message)
                .map((c) => (
                  <p key={c.type} className="mt-1 text-xs text-slate-600">
                    {c.message}
                  </p>
                ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

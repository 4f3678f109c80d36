import Link from 'next/link';
import { Age } from '@/components/ui/age';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState } from '@/components/ui/card';
import { getHttpRoutes } from '@/server/queries/httproutes';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'HTTPRoutes' };

export default async function HttpRoutesPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  let data: Awaited<ReturnType<typeof getHttpRoutes>>;
  try {
    data = await getHttpRoutes(project);
  } catch (err) {
    return <ErrorState title="Could not load HTTPRoutes" message={(err as Error).message} />;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">HTTPRoutes</h1>
        <p className="text-sm text-slate-600">Gateway API routes attached to gateways of class portico.</p>
      </div>
      {!data ? (
        <EmptyState title="The cluster does not serve the Gateway API">Install the Gateway API CRDs to use HTTPRoutes.</EmptyState>
      ) : data.rows.length === 0 ? (
        <EmptyState title="No HTTPRoutes in this project">Create one with kubectl; a form arrives later.</EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm" aria-label="HTTPRoutes">
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Name</th>
                <th className="px-4 py-2 font-semibold">Hostnames</th>
                <th className="px-4 py-2 font-semibold">Parents</th>
                <th className="px-4 py-2 font-semibold">Backends</th>
                <th className="px-4 py-2 font-semibold">Status</th>
                <th className="px-4 py-2 font-semibold">Age</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.name} className="border-t border-slate-100">
                  <td className="px-4 py-2.5">
                    <Link href={`/projects/${project}/httproutes/${r.name}`} className="font-medium text-indigo-700 hover:underline">{r.name}</Link>
                  </td>
                  <td className="px-4 py-2.5">{r.hostnames.join(', ') || <span className="text-slate-400">any</span>}</td>
                  <td className="px-4 py-2.5 font-mono text-xs">{r.parents.join(', ')}</td>
                  <td className="px-4 py-2.5 font-mono text-xs">{r.backends.join(', ')}</td>
                  <td className="px-4 py-2.5">{r.accepted ? <Badge tone={r.accepted === 'Accepted' ? 'green' : 'amber'}>{r.accepted}</Badge> : <span className="text-slate-400">-</span>}</td>
                  <td className="px-4 py-2.5 text-slate-500"><Age ts={r.creationTimestamp} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

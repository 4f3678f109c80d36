import Link from 'next/link';
import { Age } from '@/components/ui/age';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState } from '@/components/ui/card';
import { getTcpRoutes } from '@/server/queries/tcproutes';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'TCPRoutes' };

export default async function TcpRoutesPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  let data: Awaited<ReturnType<typeof getTcpRoutes>>;
  try {
    data = await getTcpRoutes(project);
  } catch (err) {
    return <ErrorState title="Could not load TCPRoutes" message={(err as Error).message} />;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">TCPRoutes</h1>
        <p className="text-sm text-slate-600">Raw TCP forwarded by the gateway&apos;s TCP listeners (port P, or 8000 + P below 1024).</p>
      </div>
      {!data ? (
        <EmptyState title="The cluster does not serve TCPRoutes">Install the Gateway API experimental CRDs (v1alpha2) to use TCPRoutes.</EmptyState>
      ) : data.rows.length === 0 ? (
        <EmptyState title="No TCPRoutes in this project">Create one with kubectl, attached to a Gateway listener with protocol TCP.</EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm" aria-label="TCPRoutes">
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Name</th>
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
                    <Link href={`/projects/${project}/tcproutes/${r.name}`} className="font-medium text-indigo-700 hover:underline">{r.name}</Link>
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs">{r.parents.join(', ')}</td>
                  <td className="px-4 py-2.5 font-mono text-xs">{r.backends.join(', ')}</td>
                  <td className="space-x-1 px-4 py-2.5">
                    {r.accepted ? <Badge tone={r.accepted === 'Accepted' ? 'green' : 'amber'}>{r.accepted}</Badge> : <span className="text-slate-400">-</span>}
                    {r.resolvedRefs && r.resolvedRefs !== 'Resolved' ? <Badge tone="amber">{r.resolvedRefs}</Badge> : null}
                  </td>
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

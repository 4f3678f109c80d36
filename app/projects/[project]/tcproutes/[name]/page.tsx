import Link from 'next/link';
import { stringify } from 'yaml';
import { EmptyState } from '@/components/ui/card';
import { getTcpRoute } from '@/server/queries/tcproutes';

export const dynamic = 'force-dynamic';

export default async function TcpRoutePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  const obj = await getTcpRoute(project, name);
  if (!obj) return <EmptyState title={`TCPRoute ${name} does not exist`} />;
  const { managedFields: _m, ...metadata } = obj.metadata as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-unused-vars
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/tcproutes`} className="hover:underline">TCPRoutes</Link> / <span className="text-slate-800">{name}</span>
      </nav>
      <h1 className="text-xl font-semibold">{name}</h1>
      <pre aria-label="TCPRoute YAML" className="overflow-auto rounded-lg border border-slate-200 bg-white p-4 font-mono text-xs">{stringify({ ...obj, metadata }, { lineWidth: 0 })}</pre>
    </div>
  );
}

import Link from 'next/link';
import { RouteYamlCreate } from '@/components/gateway-routes/route-yaml-create';

export const metadata = { title: 'Create TCPRoute' };

export default async function NewTcpRoutePage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/tcproutes`} className="hover:underline">TCPRoutes</Link> / New
        </p>
        <h1 className="text-xl font-semibold">Create TCPRoute</h1>
        <p className="text-sm text-slate-600">Forward raw TCP from a Gateway listener with protocol TCP to a service of project {project}. Completion and docs: Ctrl+Space.</p>
      </div>
      <RouteYamlCreate project={project} resource="tcproutes" />
    </div>
  );
}

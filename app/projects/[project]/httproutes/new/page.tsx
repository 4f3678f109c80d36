import Link from 'next/link';
import { HttpRouteEditor } from '@/components/gateway-routes/httproute-editor';

export const metadata = { title: 'Create HTTPRoute' };

export default async function NewHttpRoutePage({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { project } = await params;
  const { mode } = await searchParams;
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/httproutes`} className="hover:underline">HTTPRoutes</Link> / New
        </p>
        <h1 className="text-xl font-semibold">Create HTTPRoute</h1>
        <p className="text-sm text-slate-600">Route HTTP from a Gateway listener to services of project {project}: matches, backends with a canary split, filters.</p>
      </div>
      <HttpRouteEditor project={project} initialMode={mode === 'yaml' || mode === 'json' ? mode : 'form'} />
    </div>
  );
}

import Link from 'next/link';
import { NotAllowed } from '@/components/common/not-allowed';
import { RouteWizard } from '@/components/ingresses/wizard/route-wizard';
import { groupResource } from '@/lib/k8s/kinds';
import { canI } from '@/server/auth/access';
import { getKubeClient } from '@/server/kube';

export const metadata = { title: 'Create route' };

export default async function NewRoutePage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { project } = await params;
  const { mode } = await searchParams;
  if (!(await canI(await getKubeClient(), { verb: 'create', ...groupResource('Ingress'), namespace: project }).catch(() => false))) {
    return <NotAllowed what="create routes" backHref={`/projects/${encodeURIComponent(project)}/routes`} backLabel="Back to routes" />;
  }
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/routes`} className="hover:underline">
            Routes
          </Link>{' '}
          / New
        </p>
        <h1 className="text-xl font-semibold">Create route</h1>
        <p className="text-sm text-slate-600">
          Expose a service of project {project} through the gateway, step by step, or write it as YAML or JSON.
        </p>
      </div>
      <RouteWizard project={project} initialMode={mode === 'yaml' || mode === 'json' ? mode : 'form'} />
    </div>
  );
}

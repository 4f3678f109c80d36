import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RouteWizard } from '@/components/ingresses/wizard/route-wizard';
import type { Manifest } from '@/lib/console/manifest';
import { NotAllowed } from '@/components/common/not-allowed';
import { groupResource } from '@/lib/k8s/kinds';
import { canI } from '@/server/auth/access';
import { getKubeClient } from '@/server/kube';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Edit route ${(await params).name}` };
}

/** The route wizard on an existing Ingress, read now (its resourceVersion is what Save sends). */
export default async function EditRoutePage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string; name: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { project, name } = await params;
  const { mode } = await searchParams;
  const kube = await getKubeClient();
  const ingress = await kube.find<Manifest>('ingresses', project, name);
  if (!ingress) notFound();
  const p = encodeURIComponent(project);
  if (!(await canI(kube, { verb: 'update', ...groupResource('Ingress'), namespace: project, name }).catch(() => false))) {
    return <NotAllowed what="edit routes" backHref={`/projects/${p}/routes/${encodeURIComponent(name)}`} backLabel={`Back to route ${name}`} />;
  }
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href={`/projects/${p}/routes`} className="hover:underline">Routes</Link> /{' '}
          <Link href={`/projects/${p}/routes/${encodeURIComponent(name)}`} className="hover:underline">{name}</Link> / <span className="text-slate-800">Edit</span>
        </nav>
        <h1 className="text-xl font-semibold">Edit route {name}</h1>
        <p className="text-sm text-slate-600">Change any step and save, or switch to YAML or JSON: fields the form does not show are kept.</p>
      </div>
      <RouteWizard project={project} existing={ingress} initialMode={mode === 'yaml' || mode === 'json' ? mode : 'form'} />
    </div>
  );
}

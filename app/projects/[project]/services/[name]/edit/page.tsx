import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ServiceWizard } from '@/components/services/wizard/service-wizard';
import type { Service } from '@/lib/k8s';
import { getKubeClient } from '@/server/kube';

export const dynamic = 'force-dynamic';

export default async function EditServicePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  const svc = await (await getKubeClient()).find<Service>('services', project, name);
  if (!svc) notFound();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/services`} className="hover:underline">Services</Link> /{' '}
        <Link href={`/projects/${project}/services/${name}`} className="hover:underline">{name}</Link> / <span className="text-slate-800">Edit</span>
      </nav>
      <h1 className="text-xl font-semibold">Edit service {name}</h1>
      <ServiceWizard project={project} existing={svc} />
    </div>
  );
}

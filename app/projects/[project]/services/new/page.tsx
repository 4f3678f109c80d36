import Link from 'next/link';
import { ServiceWizard } from '@/components/services/wizard/service-wizard';

export const metadata = { title: 'Create service' };

export default async function NewServicePage({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<{ mode?: string }> }) {
  const { project } = await params;
  const { mode } = await searchParams;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/services`} className="hover:underline">Services</Link> / <span className="text-slate-800">Create</span>
      </nav>
      <h1 className="text-xl font-semibold">Create service</h1>
      <ServiceWizard project={project} initialMode={mode === 'yaml' || mode === 'json' ? mode : 'form'} />
    </div>
  );
}

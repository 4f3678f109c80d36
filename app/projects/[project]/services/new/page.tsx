import Link from 'next/link';
import { ServiceFormView } from '@/components/services/service-form';

export const metadata = { title: 'Create service' };

export default async function NewServicePage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/services`} className="hover:underline">Services</Link> / <span className="text-slate-800">Create</span>
      </nav>
      <h1 className="text-xl font-semibold">Create service</h1>
      <ServiceFormView project={project} />
    </div>
  );
}

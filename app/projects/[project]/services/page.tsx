import { ServicesList } from '@/components/services/services-list';
import { ErrorState } from '@/components/common/card';
import { getServiceRows, type ServiceRow } from '@/server/queries/services';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Services' };

export default async function ServicesPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  let rows: ServiceRow[] | undefined;
  let error: string | undefined;
  try {
    rows = await getServiceRows(project);
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Services</h1>
        <p className="text-sm text-slate-600">Stable names and ports for the pods of project {project}.</p>
      </div>
      {error ? <ErrorState title="Could not load services" message={error} /> : <ServicesList project={project} initial={rows!} />}
    </div>
  );
}

import { ServiceDetailView } from '@/components/services/service-detail';
import { ErrorState } from '@/components/ui/card';
import { getServiceDetail } from '@/server/queries/services';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Service ${(await params).name}` };
}

export default async function ServicePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  try {
    const detail = await getServiceDetail(project, name);
    return <ServiceDetailView project={project} name={name} initial={detail ?? null} />;
  } catch (err) {
    return <ErrorState title="Could not load the service" message={(err as Error).message} />;
  }
}

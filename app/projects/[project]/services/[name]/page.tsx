import { ServiceDetailView } from '@/components/services/service-detail';
import { ErrorState } from '@/components/common/card';
import { getServiceDetail } from '@/server/queries/services';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Service ${(await params).name}` };
}

export default async function ServicePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  const loaded = await getServiceDetail(project, name).then(
    (detail) => ({ ok: true as const, detail }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title="Could not load the service" message={loaded.message} />;
  return <ServiceDetailView project={project} name={name} initial={loaded.detail ?? null} />;
}

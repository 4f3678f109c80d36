import { RouteDetailView } from '@/components/routes/route-detail';
import { ErrorState } from '@/components/ui/card';
import { getRouteDetail } from '@/server/queries/routes';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Route ${(await params).name}` };
}

export default async function RoutePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  try {
    const detail = await getRouteDetail(project, name);
    return <RouteDetailView project={project} name={name} initial={detail ?? null} />;
  } catch (err) {
    return <ErrorState title="Could not load the route" message={(err as Error).message} />;
  }
}

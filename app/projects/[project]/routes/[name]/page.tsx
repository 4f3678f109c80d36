import { RouteDetailView } from '@/components/ingresses/route-detail';
import { ErrorState } from '@/components/common/card';
import { getRouteDetail } from '@/server/queries/routes';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `Route ${(await params).name}` };
}

export default async function RoutePage({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  const loaded = await getRouteDetail(project, name).then(
    (detail) => ({ ok: true as const, detail }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title="Could not load the route" message={loaded.message} />;
  return <RouteDetailView project={project} name={name} initial={loaded.detail ?? null} />;
}

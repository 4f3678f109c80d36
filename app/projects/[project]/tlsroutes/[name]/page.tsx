import { GatewayRouteDetailPage } from '@/app/projects/[project]/_gateway-routes/detail-page';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `TLSRoute ${(await params).name}` };
}

export default async function Page({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  return <GatewayRouteDetailPage project={project} name={name} resource="tlsroutes" />;
}

import { GatewayRouteListPage } from '@/app/projects/[project]/_gateway-routes/list-page';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'TLSRoutes' };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  return <GatewayRouteListPage project={(await params).project} resource="tlsroutes" />;
}

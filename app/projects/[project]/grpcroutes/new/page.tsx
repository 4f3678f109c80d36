import { GatewayRouteNewPage } from '@/app/projects/[project]/_gateway-routes/new-page';

export const metadata = { title: 'Create GRPCRoute' };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  return <GatewayRouteNewPage project={(await params).project} resource="grpcroutes" />;
}

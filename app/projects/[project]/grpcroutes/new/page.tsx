import { GatewayRouteNewPage } from '@/app/projects/[project]/_gateway-routes/new-page';

export const metadata = { title: 'Create GRPCRoute' };

export default async function Page({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  return <GatewayRouteNewPage project={(await params).project} resource="grpcroutes" mode={(await searchParams).mode} />;
}

import { GatewayView } from '@/components/gateway/gateway-view';

export const metadata = { title: 'Gateway' };

export default async function GatewayPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Gateway</h1>
        <p className="text-sm text-slate-600">The Portico gateway serves every route of every project; this page shows this project&apos;s part of it.</p>
      </div>
      <GatewayView project={project} />
    </div>
  );
}

import { GatewayView } from '@/components/gateway/gateway-view';

export const metadata = { title: 'Gateway' };

export default function GatewayPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Gateway</h1>
        <p className="text-sm text-slate-600">The Portico gateway serves every route of every project.</p>
      </div>
      <GatewayView />
    </div>
  );
}

import { EmptyState } from '@/components/ui/card';

export const metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Topology</h1>
      <EmptyState title="Topology is coming">The map of gateway, routes, services and pods arrives with its own issue.</EmptyState>
    </div>
  );
}

import { RoutesTableSkeleton } from '@/components/ingresses/routes-table';

export default function Loading() {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Routes</h1>
      <RoutesTableSkeleton />
    </div>
  );
}

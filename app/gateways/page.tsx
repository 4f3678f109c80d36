import { notFound } from 'next/navigation';
import { PlatformHeader } from '@/components/admin/platform-header';
import { GatewaysPage } from '@/components/admin/gateways-page';
import { ErrorState } from '@/components/common/card';
import { listAdminGateways, type AdminGateways } from '@/server/admin/gateways-read';
import { platformAdminSession } from '@/server/admin/guard';
import { requireSession } from '@/server/auth/current';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Gateways' };

/** Platform admins only: anyone else gets a 404 (the page does not exist for them). */
export default async function Gateways() {
  const session = await requireSession('/gateways');
  if (!(await platformAdminSession())) notFound();
  let seed: AdminGateways | undefined;
  let error: string | undefined;
  try {
    seed = (await listAdminGateways()) ?? undefined;
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <main className="mx-auto max-w-6xl px-6 py-10">
      <PlatformHeader username={session.u} admin current="gateways" />
      {error ? <ErrorState title="Cannot reach the cluster" message={error} /> : <GatewaysPage seed={seed} />}
    </main>
  );
}

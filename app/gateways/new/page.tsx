import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PlatformHeader } from '@/components/admin/platform-header';
import { GatewayEditor } from '@/components/admin/gateway-editor';
import { listAdminGateways } from '@/server/admin/gateways-read';
import { platformAdminSession } from '@/server/admin/guard';
import { requireSession } from '@/server/auth/current';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create Gateway' };

export default async function NewGateway() {
  const session = await requireSession('/gateways/new');
  if (!(await platformAdminSession())) notFound();
  const seed = (await listAdminGateways().catch(() => null)) ?? undefined;
  return (
    <main className="mx-auto max-w-6xl px-6 py-10">
      <PlatformHeader username={session.u} admin current="gateways" />
      <p className="text-sm text-slate-500">
        <Link href="/gateways" className="hover:underline">Gateways</Link> / New
      </p>
      <h1 className="mb-1 text-2xl font-semibold">Create Gateway</h1>
      <p className="mb-4 text-sm text-slate-600">Listeners on ports 80 and 443 are served on the gateway&apos;s HTTP and HTTPS ports; a TCP or TLS listener on port P on P (8000 + P below 1024).</p>
      <GatewayEditor seed={seed} />
    </main>
  );
}

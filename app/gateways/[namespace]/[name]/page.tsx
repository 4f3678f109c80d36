import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PlatformHeader } from '@/components/admin/platform-header';
import { GatewayEditor } from '@/components/admin/gateway-editor';
import { EmptyState } from '@/components/common/card';
import { listAdminGateways } from '@/server/admin/gateways-read';
import { platformAdminSession } from '@/server/admin/guard';
import { requireSession } from '@/server/auth/current';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  return { title: `Gateway ${namespace}/${name}` };
}

/** One Gateway: its listeners with live status, edited with the form. */
export default async function GatewayPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const session = await requireSession(`/gateways/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
  if (!(await platformAdminSession())) notFound();
  const seed = (await listAdminGateways()) ?? undefined;
  const gateway = seed?.gateways.find((g) => g.metadata?.namespace === namespace && g.metadata?.name === name);
  return (
    <main className="mx-auto max-w-6xl px-6 py-10">
      <PlatformHeader username={session.u} admin current="gateways" />
      <p className="text-sm text-slate-500">
        <Link href="/gateways" className="hover:underline">Gateways</Link> / {namespace}/{name}
      </p>
      <h1 className="mb-4 text-2xl font-semibold">
        Gateway {namespace}/{name}
      </h1>
      {gateway ? <GatewayEditor seed={seed} existing={gateway} /> : <EmptyState title={`Gateway ${namespace}/${name} does not exist`}>It may have been deleted.</EmptyState>}
    </main>
  );
}

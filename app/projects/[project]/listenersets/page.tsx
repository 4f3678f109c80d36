import Link from 'next/link';
import { listListenerSets } from '@/server/queries/listener-sets';
import { EmptyState, ErrorState } from '@/components/common/card';
import { buttonClass } from '@/components/common/button';
import { ListenerSetTable } from '@/components/listener-sets/listener-set-views';
import { IfCan } from '@/components/auth/permissions';
import { LISTENER_SET_PERMISSION } from '@/components/listener-sets/listener-set-detail-actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'ListenerSets' };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const loaded = await listListenerSets(project).then(
    (data) => ({ ok: true as const, data }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title="Could not load ListenerSets" message={loaded.message} />;
  // only for whoever may create one (a viewer would meet the "not allowed" notice)
  const create = (
    <IfCan verb="create" resource={LISTENER_SET_PERMISSION}>
      <Link href={`/projects/${encodeURIComponent(project)}/listenersets/new`} className={buttonClass('primary')}>
        Create ListenerSet
      </Link>
    </IfCan>
  );
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">ListenerSets</h1>
          <p className="text-sm text-slate-600">This project&apos;s own listeners (hostnames and certificates) on a shared Gateway that admits it.</p>
        </div>
        {loaded.data.served ? create : null}
      </div>
      {!loaded.data.served ? (
        <EmptyState title="The cluster does not serve ListenerSets">Install the Gateway API CRDs (v1.5 or later) to use ListenerSets.</EmptyState>
      ) : loaded.data.rows.length === 0 ? (
        <EmptyState title="No ListenerSets" action={create}>
          Attach an HTTPS listener with your own host and certificate to the shared Gateway, then attach HTTPRoutes to it.
        </EmptyState>
      ) : (
        <ListenerSetTable project={project} rows={loaded.data.rows} />
      )}
    </div>
  );
}

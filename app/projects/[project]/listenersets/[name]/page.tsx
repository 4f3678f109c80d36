import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getListenerSet } from '@/server/queries/listener-sets';
import { summarizeListenerSet } from '@/lib/console/listener-sets';
import type { Manifest } from '@/lib/console/manifest';
import { Card, ErrorState } from '@/components/common/card';
import { ConditionBadges, ListenerStatusTable } from '@/components/listener-sets/listener-set-views';
import { ListenerSetEditor } from '@/components/listener-sets/listener-set-editor';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  return { title: `ListenerSet ${(await params).name}` };
}

export default async function Page({ params }: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await params;
  const loaded = await getListenerSet(project, name).then(
    (obj) => ({ ok: true as const, obj }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title="Could not load the ListenerSet" message={loaded.message} />;
  if (!loaded.obj) notFound();
  const row = summarizeListenerSet(loaded.obj);
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/listenersets`} className="hover:underline">ListenerSets</Link> / {name}
        </p>
        <h1 className="text-xl font-semibold">ListenerSet {name}</h1>
        <p className="flex items-center gap-2 text-sm text-slate-600">
          On Gateway {row.parent} <ConditionBadges conditions={row.conditions} />
        </p>
      </div>
      <Card title="Listeners">
        <ListenerStatusTable row={row} />
      </Card>
      <Card title="Edit">
        <ListenerSetEditor project={project} existing={loaded.obj as unknown as Manifest} />
      </Card>
    </div>
  );
}

import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getListenerSet } from '@/server/queries/listener-sets';
import { summarizeListenerSet } from '@/lib/console/listener-sets';
import type { Manifest } from '@/lib/console/manifest';
import { Card, ErrorState } from '@/components/common/card';
import { ConditionBadges, ListenerStatusTable } from '@/components/listener-sets/listener-set-views';
import { ListenerSetEditor } from '@/components/listener-sets/listener-set-editor';
import { DeleteListenerSet, LISTENER_SET_PERMISSION, ListenerSetYaml } from '@/components/listener-sets/listener-set-detail-actions';
import { IfCan } from '@/components/auth/permissions';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/common/tabs';

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
  const manifest = loaded.obj as unknown as Manifest;
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <header className="flex flex-wrap items-start gap-3">
        <div>
          <p className="text-sm text-slate-500">
            <Link href={`/projects/${encodeURIComponent(project)}/listenersets`} className="hover:underline">ListenerSets</Link> / {name}
          </p>
          <h1 className="text-xl font-semibold">ListenerSet {name}</h1>
          <p className="flex items-center gap-2 text-sm text-slate-600">
            On Gateway {row.parent} <ConditionBadges conditions={row.conditions} />
          </p>
        </div>
        <div className="ml-auto">
          <DeleteListenerSet project={project} name={name} listeners={row.listeners.map((l) => `${l.name} ${l.protocol} :${l.port ?? '?'}${l.hostname ? ` ${l.hostname}` : ''}`)} />
        </div>
      </header>
      {/* Edit and YAML editing only for those who may update (the YAML tab shows the object to all) */}
      <Tabs defaultValue="overview">
        <TabsList aria-label="ListenerSet sections">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <IfCan verb="update" resource={LISTENER_SET_PERMISSION}>
            <TabsTrigger value="edit">Edit</TabsTrigger>
          </IfCan>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="pt-4">
          <Card title="Listeners">
            <ListenerStatusTable row={row} />
          </Card>
        </TabsContent>
        <TabsContent value="edit" className="pt-4">
          <IfCan verb="update" resource={LISTENER_SET_PERMISSION}>
            <ListenerSetEditor project={project} existing={manifest} />
          </IfCan>
        </TabsContent>
        <TabsContent value="yaml" className="pt-4">
          <ListenerSetYaml project={project} name={name} object={manifest} />
        </TabsContent>
      </Tabs>
    </div>
  );
}

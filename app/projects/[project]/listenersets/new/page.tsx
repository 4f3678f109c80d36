import Link from 'next/link';
import { NotAllowed } from '@/components/common/not-allowed';
import { ListenerSetEditor } from '@/components/listener-sets/listener-set-editor';
import { groupResource } from '@/lib/k8s/kinds';
import { canI } from '@/server/auth/access';
import { getKubeClient } from '@/server/kube';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New ListenerSet' };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  // a viewer who typed the address: say so instead of a form whose Save fails
  if (!(await canI(await getKubeClient(), { verb: 'create', ...groupResource('ListenerSet'), namespace: project }).catch(() => false))) {
    return <NotAllowed what="create ListenerSets" backHref={`/projects/${encodeURIComponent(project)}/listenersets`} backLabel="Back to ListenerSets" />;
  }
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/listenersets`} className="hover:underline">ListenerSets</Link> / New
        </p>
        <h1 className="text-xl font-semibold">Create ListenerSet</h1>
        <p className="text-sm text-slate-600">Your own listeners on a shared Gateway. Project: {project}.</p>
      </div>
      <ListenerSetEditor project={project} />
    </div>
  );
}

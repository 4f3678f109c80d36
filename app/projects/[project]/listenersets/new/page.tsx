import Link from 'next/link';
import { ListenerSetEditor } from '@/components/listener-sets/listener-set-editor';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New ListenerSet' };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
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

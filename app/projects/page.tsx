import Link from 'next/link';
import { listProjects } from '@/server/queries/projects';
import { EmptyState, ErrorState } from '@/components/common/card';
import { UserMenu } from '@/components/auth/user-menu';
import { requireSession } from '@/server/auth/current';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const session = await requireSession('/projects');
  let projects: string[] = [];
  let error: string | undefined;
  try {
    projects = await listProjects();
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <div className="mb-4 flex justify-end rounded bg-slate-900 px-3 py-1.5">
        <UserMenu username={session.u} />
      </div>
      <h1 className="mb-1 text-2xl font-semibold">Projects</h1>
      <p className="mb-6 text-sm text-slate-600">A project is a Kubernetes namespace. Pick one to manage its routes and services.</p>
      {error ? (
        <ErrorState title="Cannot reach the cluster" message={error} />
      ) : projects.length === 0 ? (
        <EmptyState title="No projects yet">You are not a member of any project. Ask a project admin to add you.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Projects">
          {projects.map((p) => (
            <li key={p}>
              <Link href={`/projects/${p}/routes`} className="block px-4 py-3 text-sm font-medium text-indigo-700 hover:bg-slate-50">
                {p}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

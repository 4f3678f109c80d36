import { PlatformHeader } from '@/components/admin/platform-header';
import { ProjectsPage } from '@/components/admin/projects-page';
import { ErrorState } from '@/components/common/card';
import { projectsOverview, type ProjectsOverview } from '@/server/admin/projects-read';
import { requireSession } from '@/server/auth/current';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Projects' };

export default async function Projects() {
  const session = await requireSession('/projects');
  let seed: ProjectsOverview | undefined;
  let error: string | undefined;
  try {
    seed = await projectsOverview();
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <PlatformHeader username={session.u} admin={seed?.admin ?? false} current="projects" />
      {error ? <ErrorState title="Cannot reach the cluster" message={error} /> : <ProjectsPage seed={seed} />}
    </main>
  );
}

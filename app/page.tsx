import { redirect } from 'next/navigation';
import { listProjects } from '@/server/queries/projects';

export const dynamic = 'force-dynamic';

/** `/` goes to the demo project's routes when it exists, else to the projects page. */
export default async function Home() {
  const projects = await listProjects().catch(() => [] as string[]);
  redirect(projects.includes('demo') ? '/projects/demo/routes' : '/projects');
}

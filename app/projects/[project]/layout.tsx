import { LiveUpdates } from '@/components/live/live-updates';
import { SideNav } from '@/components/shell/side-nav';
import { TopBar } from '@/components/shell/top-bar';
import { listProjects } from '@/server/queries/projects';

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ project: string }> }) {
  const { project } = await params;
  // The switcher still renders when the cluster is unreachable; the page shows the error.
  const projects = await listProjects().catch(() => [project]);
  return (
    <LiveUpdates project={project}>
      <div className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
          Skip to content
        </a>
        <TopBar project={project} projects={projects.includes(project) ? projects : [project, ...projects]} />
        <div className="flex flex-1">
          <SideNav project={project} />
          <main id="main" className="min-w-0 flex-1 px-6 py-5">
            {children}
          </main>
        </div>
      </div>
    </LiveUpdates>
  );
}

import { LiveUpdates } from '@/components/live/live-updates';
import { PermissionsProvider } from '@/components/auth/permissions';
import { SideNav } from '@/components/shell/side-nav';
import { TopBar } from '@/components/shell/top-bar';
import { ErrorState } from '@/components/common/card';
import { canOpenProject, projectPermissions } from '@/server/auth/access';
import { requireSession } from '@/server/auth/current';
import { projectChoices } from '@/server/queries/projects';

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ project: string }> }) {
  const { project } = await params;
  const session = await requireSession(`/projects/${encodeURIComponent(project)}/routes`);
  // The switcher still renders when the cluster is unreachable; the page shows the error.
  const [{ projects, system }, allowed, permissions] = await Promise.all([
    projectChoices().catch(() => ({ projects: [project], system: [] as string[] })),
    canOpenProject(project),
    projectPermissions(project).catch(() => ({})),
  ]);
  if (!allowed) {
    // Same answer whether the namespace exists or not: no probing other projects by URL.
    return (
      <div className="flex min-h-screen flex-col">
        <TopBar project={project} projects={projects} username={session.u} />
        <main id="main" className="mx-auto mt-10 w-full max-w-xl px-6">
          <ErrorState title="No access to this project" message={`You (${session.u}) are not a member of project "${project}", or it does not exist. Ask a project admin to add you.`} />
        </main>
      </div>
    );
  }
  return (
    <PermissionsProvider permissions={permissions}>
      <LiveUpdates project={project}>
        <div className="flex min-h-screen flex-col">
          <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
            Skip to content
          </a>
          <TopBar project={project} projects={projects.includes(project) || system.includes(project) ? projects : [project, ...projects]} system={system} username={session.u} />
          <div className="flex flex-1">
            <SideNav project={project} />
            <main id="main" className="min-w-0 flex-1 px-6 py-5">
              {children}
            </main>
          </div>
        </div>
      </LiveUpdates>
    </PermissionsProvider>
  );
}

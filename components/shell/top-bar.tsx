import Link from 'next/link';
import { LiveIndicator } from '../live/live-updates';
import { ProjectSwitcher } from './project-switcher';
import { UserMenu } from '../auth/user-menu';

export function TopBar({ project, projects, system, username }: { project: string; projects: string[]; system?: string[]; username?: string }) {
  return (
    <header className="flex h-12 items-center gap-4 bg-slate-900 px-4 text-white">
      <Link href="/projects" className="flex items-center gap-2 font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-indigo-400">
        <span className="grid h-6 w-6 place-items-center rounded bg-indigo-500 text-xs font-bold" aria-hidden>
          P
        </span>
        Portico
      </Link>
      <ProjectSwitcher project={project} projects={projects} system={system} />
      <div className="ml-auto flex items-center gap-4">
        <LiveIndicator />
        {username ? <UserMenu username={username} /> : null}
      </div>
    </header>
  );
}

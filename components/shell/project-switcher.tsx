'use client';
import { ChevronsUpDown, FolderKanban } from 'lucide-react';
import dynamic from 'next/dynamic';
import { usePathname, useRouter } from 'next/navigation';
import { Popover } from 'radix-ui';
import { useState } from 'react';

// Loaded when the switcher first opens (cmdk stays out of every page's first JavaScript).
const ProjectList = dynamic(() => import('./project-list').then((m) => m.ProjectList), {
  ssr: false,
  loading: () => <p className="px-2 py-3 text-sm text-slate-500">Loading projects…</p>,
});

/**
 * Switches project (namespace) and keeps the current section (routes, services...).
 * `system`: the platform's namespaces, shown apart; the server gives them to platform admins only.
 */
export function ProjectSwitcher({ project, projects, system = [] }: { project: string; projects: string[]; system?: string[] }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const pathname = usePathname();
  const go = (next: string) => {
    setOpen(false);
    const section = pathname.split('/')[3] ?? 'routes';
    router.push(`/projects/${encodeURIComponent(next)}/${section === 'new' ? 'routes' : section}`);
  };
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        aria-label={`Project: ${project}. Switch project`}
        className="flex h-8 min-w-48 items-center gap-2 rounded-md border border-slate-600 bg-slate-800 px-2.5 text-sm text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-400"
      >
        <FolderKanban className="h-4 w-4 text-slate-400" aria-hidden />
        <span className="text-slate-400">Project</span>
        <span className="font-medium">{project}</span>
        <ChevronsUpDown className="ml-auto h-4 w-4 text-slate-400" aria-hidden />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content align="start" sideOffset={6} className="z-50 w-72 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <ProjectList project={project} projects={projects} system={system} onSelect={go} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

'use client';
import { Command } from 'cmdk';
import { Check, ChevronsUpDown, FolderKanban } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { Popover } from 'radix-ui';
import { useState } from 'react';

/** Switches project (namespace) and keeps the current section (routes, services...). */
export function ProjectSwitcher({ project, projects }: { project: string; projects: string[] }) {
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
          <Command label="Projects">
            <Command.Input
              placeholder="Find a project…"
              aria-label="Find a project"
              className="mb-1 w-full rounded border border-slate-200 px-2 py-1.5 text-sm outline-none focus:border-indigo-500"
            />
            <Command.List className="max-h-72 overflow-auto">
              <Command.Empty className="px-2 py-3 text-sm text-slate-500">No project matches.</Command.Empty>
              {projects.map((p) => (
                <Command.Item
                  key={p}
                  value={p}
                  onSelect={() => go(p)}
                  className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-indigo-50 data-[selected=true]:text-indigo-800"
                >
                  <Check className={`h-4 w-4 ${p === project ? 'opacity-100' : 'opacity-0'}`} aria-hidden />
                  {p}
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

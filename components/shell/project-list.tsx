'use client';
import { Command } from 'cmdk';
import { Check } from 'lucide-react';

const ITEM = 'flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm data-[selected=true]:bg-indigo-50 data-[selected=true]:text-indigo-800';
const HEADING = '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-slate-500 [&_[cmdk-group-heading]]:uppercase';

/**
 * The switcher's searchable list (loaded when the switcher opens: cmdk is not in every page's
 * JavaScript). Projects first; the platform's own namespaces in a "System" group of their own,
 * which the server fills for platform admins only.
 */
export function ProjectList({ project, projects, system, onSelect }: { project: string; projects: string[]; system: string[]; onSelect: (p: string) => void }) {
  const item = (p: string) => (
    <Command.Item key={p} value={p} onSelect={() => onSelect(p)} className={ITEM}>
      <Check className={`h-4 w-4 ${p === project ? 'opacity-100' : 'opacity-0'}`} aria-hidden />
      {p}
    </Command.Item>
  );
  return (
    <Command label="Projects">
      <Command.Input
        placeholder="Find a project…"
        aria-label="Find a project"
        className="mb-1 w-full rounded border border-slate-200 px-2 py-1.5 text-sm outline-none focus:border-indigo-500"
      />
      <Command.List className="max-h-72 overflow-auto">
        <Command.Empty className="px-2 py-3 text-sm text-slate-500">No project matches.</Command.Empty>
        {system.length ? (
          <>
            <Command.Group heading="Projects" className={HEADING}>
              {projects.map(item)}
            </Command.Group>
            <Command.Group heading="System" className={HEADING}>
              {system.map(item)}
            </Command.Group>
          </>
        ) : (
          projects.map(item)
        )}
      </Command.List>
    </Command>
  );
}

'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cn } from '../common/cn';

/** One entry of the project navigation: its route segment, title and (server-rendered) icon. */
export interface NavItem {
  section: string;
  label: string;
  icon: ReactNode;
}

/**
 * The navigation's only client part: which entry is current. The entries come from the
 * server (./side-nav.tsx), so the kind registry and its schemas stay out of the browser's JS.
 */
export function SideNavLinks({ project, items }: { project: string; items: NavItem[] }) {
  const current = usePathname().split('/')[3];
  return (
    <ul className="space-y-0.5 px-2">
      {items.map(({ section, label, icon }) => {
        const active = current === section;
        return (
          <li key={section}>
            <Link
              href={`/projects/${encodeURIComponent(project)}/${section}`}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600',
                active ? 'bg-indigo-50 font-medium text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {icon}
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

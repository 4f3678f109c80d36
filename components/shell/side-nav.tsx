'use client';
import { Ear, Network, Route, Server, Users, Waypoints, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { GATEWAY_ROUTE_KINDS } from '@/lib/console/gateway-route-kinds';
import { kindByKind } from '@/lib/k8s/kinds';
import { cn } from '../common/cn';
import { ROUTE_KINDS } from '../gateway-routes/route-kinds';

/** A kind's page in the navigation: its registry route segment and title. */
const page = (k: { console: { title: string; route?: string } }, icon: LucideIcon) => ({ section: k.console.route ?? '', label: k.console.title, icon });

const ITEMS = [
  page(kindByKind('Ingress'), Route),
  ...GATEWAY_ROUTE_KINDS.map((k) => page(k, ROUTE_KINDS[k.plural].icon)),
  { section: 'listenersets', label: kindByKind('ListenerSet').console.title, icon: Ear },
  page(kindByKind('Service'), Server),
  { section: 'topology', label: 'Topology', icon: Waypoints },
  { section: 'gateway', label: 'Gateway', icon: Network },
  page(kindByKind('RoleBinding'), Users),
];

export function SideNav({ project }: { project: string }) {
  const pathname = usePathname();
  const current = pathname.split('/')[3];
  return (
    <nav aria-label="Network & Services" className="w-56 shrink-0 border-r border-slate-200 bg-white">
      <p className="px-4 pt-4 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Network &amp; Services</p>
      <ul className="space-y-0.5 px-2">
        {ITEMS.map(({ section, label, icon: Icon }) => {
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
                <Icon className="h-4 w-4" aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

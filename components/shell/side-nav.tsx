import { Ear, Network, Route, Server, Users, Waypoints, type LucideIcon } from 'lucide-react';
import { GATEWAY_ROUTE_KINDS } from '@/lib/console/gateway-route-kinds';
import { kindByKind } from '@/lib/k8s/kinds';
import { ROUTE_KINDS } from '../gateway-routes/route-kinds';
import { SideNavLinks, type NavItem } from './side-nav-links';

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

/** Rendered on the server: the kind registry (and its zod schemas) is not shipped to every page. */
const NAV: NavItem[] = ITEMS.map(({ section, label, icon: Icon }) => ({ section, label, icon: <Icon className="h-4 w-4" aria-hidden /> }));

export function SideNav({ project }: { project: string }) {
  return (
    <nav aria-label="Network & Services" className="w-56 shrink-0 border-r border-slate-200 bg-white">
      <p className="px-4 pt-4 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Network &amp; Services</p>
      <SideNavLinks project={project} items={NAV} />
    </nav>
  );
}

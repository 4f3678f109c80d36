import 'server-only';
/** The Projects page's read (a route handler's, not a server action). */
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '@/lib/defaults';
import { isSystemNamespace } from '@/lib/console/admin-input';
import { accessibleNamespaces } from '../auth/access';
import { getServiceKubeClient } from '../kube/client';
import { platformAdminSession } from './guard';

export interface ProjectRow {
  name: string;
  alias: string;
  description: string;
  created?: string;
}
export interface ProjectsOverview {
  admin: boolean;
  projects: ProjectRow[];
  /** Only for platform admins. */
  system: ProjectRow[];
}
export interface ProjectContents {
  ingresses: number;
  services: number;
  httproutes: number;
  tcproutes: number;
  pods: number;
}

export interface Ns {
  metadata: { name: string; creationTimestamp?: string; deletionTimestamp?: string; annotations?: Record<string, string> };
}

export const projectRow = (n: Ns): ProjectRow => ({ name: n.metadata.name, alias: n.metadata.annotations?.[ANNOTATION_ALIAS] ?? '', description: n.metadata.annotations?.[ANNOTATION_DESCRIPTION] ?? '', created: n.metadata.creationTimestamp });

/** The projects the signed-in user can open; system namespaces apart, and only for platform admins. */
export async function projectsOverview(): Promise<ProjectsOverview> {
  const [names, admin] = await Promise.all([accessibleNamespaces(), platformAdminSession().then(Boolean)]);
  const allowed = new Set(names);
  // Namespaces being deleted are gone as projects. Annotations read with the console's identity; only namespaces the user passed the check for are shown.
  const all = (await (await getServiceKubeClient()).list<Ns>('namespaces')).items.filter((n) => allowed.has(n.metadata.name) && !n.metadata.deletionTimestamp);
  const byName = (a: ProjectRow, b: ProjectRow) => a.name.localeCompare(b.name);
  return {
    admin,
    projects: all.filter((n) => !isSystemNamespace(n.metadata.name)).map(projectRow).sort(byName),
    system: admin ? all.filter((n) => isSystemNamespace(n.metadata.name)).map(projectRow).sort(byName) : [],
  };
}


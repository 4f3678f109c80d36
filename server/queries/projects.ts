import 'server-only';
import { isSystemNamespace } from '@/lib/console/admin-input';
import { accessibleNamespaces, isPlatformAdmin } from '../auth/access';

export interface ProjectChoices {
  /** The user's projects, by name. */
  projects: string[];
  /** The platform's own namespaces (kube-*, portico-system...): for platform admins only, else empty. */
  system: string[];
}

/** What the project switcher offers: projects, and apart from them the system namespaces (admins only). */
export async function projectChoices(): Promise<ProjectChoices> {
  const [names, admin] = await Promise.all([accessibleNamespaces(), isPlatformAdmin()]);
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  return { projects: sorted.filter((n) => !isSystemNamespace(n)), system: admin ? sorted.filter(isSystemNamespace) : [] };
}

/** Projects are the namespaces the signed-in user can access; system namespaces last, and for admins only. */
export async function listProjects(): Promise<string[]> {
  const { projects, system } = await projectChoices();
  return [...projects, ...system];
}

import 'server-only';
import { accessibleNamespaces } from '../auth/access';

/** Projects are the namespaces the signed-in user can access; system namespaces are listed last. */
export async function listProjects(): Promise<string[]> {
  const names = await accessibleNamespaces();
  const system = (n: string) => n.startsWith('kube-') || n === 'portico-system';
  return names.sort((a, b) => Number(system(a)) - Number(system(b)) || a.localeCompare(b));
}

import 'server-only';
import { getKubeClient } from '../kube';

/** Projects are namespaces; system namespaces are listed last. */
export async function listProjects(): Promise<string[]> {
  const kube = await getKubeClient();
  const list = await kube.list('namespaces');
  const names = list.items.map((n) => n.metadata.name);
  const system = (n: string) => n.startsWith('kube-') || n === 'portico-system';
  return names.sort((a, b) => Number(system(a)) - Number(system(b)) || a.localeCompare(b));
}

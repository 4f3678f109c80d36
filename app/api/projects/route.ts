import { respondJson } from '../respond';
import { projectsOverview } from '@/server/admin/projects-read';

export const dynamic = 'force-dynamic';

/** The projects the signed-in user can open; system namespaces apart, for platform admins only. */
export async function GET() {
  return respondJson({}, () => projectsOverview());
}

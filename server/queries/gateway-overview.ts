import 'server-only';
import type { ActionResult } from '@/lib/console/action-result';
import { SYSTEM_NAMESPACE } from '@/lib/defaults';
import { groupResource } from '@/lib/k8s/kinds';
import { canI, canOpenProject, isPlatformAdmin } from '../auth/access';
import { asResult, getKubeClient } from '../kube';
import { parseInput } from '../kube/guard';
import { projectName } from '../kube/validate';
import { getGatewayInfo } from './gateway';
import { gatewayHealth } from './gateway-admin';
import type { GatewayOverview } from '@/lib/console/rows';
export type { GatewayOverview };

function forbidden(message: string): ActionResult<never> {
  return { ok: false, status: 403, reason: 'Forbidden', message, fieldErrors: [] };
}

/**
 * The gateway as a project sees it (the gateway page and the route access panel): listeners,
 * access methods, health, and the gateway's /config for this project's namespace only — after
 * the cluster confirmed the user may read the project. `wholeGateway` (every project's routes,
 * pods and addresses) is for platform admins only; anyone else gets 403.
 */
export async function getProjectGatewayOverview(project: string, opts: { wholeGateway?: boolean } = {}): Promise<ActionResult<GatewayOverview>> {
  const p = parseInput(projectName, project);
  if (!p.ok) return p;
  const [mayRead, admin] = await Promise.all([canOpenProject(p.data), isPlatformAdmin()]);
  if (!mayRead) return forbidden(`You may not read project ${p.data}`);
  if (opts.wholeGateway && !admin) return forbidden('Only platform admins (portico:admins) may see the whole gateway configuration');
  const kube = await getKubeClient();
  return asResult(async () => {
    const [info, health, canChangeAccessMethod] = await Promise.all([
      getGatewayInfo(),
      gatewayHealth(opts.wholeGateway ? 'all' : { namespaces: [p.data] }),
      // Only hides the switch; the cluster refuses the patch for users without the right anyway.
      canI(kube, { verb: 'patch', ...groupResource('Service'), namespace: SYSTEM_NAMESPACE }).catch(() => false),
    ]);
    return { ...info, health, canChangeAccessMethod, canViewWholeGateway: admin, scope: opts.wholeGateway ? 'all' : 'project' };
  });
}

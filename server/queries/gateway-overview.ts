import 'server-only';
import { SYSTEM_NAMESPACE } from '@/lib/defaults';
import { canI } from '../auth/access';
import { getKubeClient } from '../kube';
import { gatewayHealth, getGatewayInfo } from './gateway';
import type { GatewayOverview } from '@/lib/console/rows';
export type { GatewayOverview };

/** The gateway page and the route access panel: addresses, listeners, health, and whether the user may switch the access method. */
export async function getGatewayOverview(): Promise<GatewayOverview> {
  const kube = await getKubeClient();
  const [info, health, canChangeAccessMethod] = await Promise.all([
    getGatewayInfo(),
    gatewayHealth(),
    // Only hides the switch; the cluster refuses the patch for users without the right anyway.
    canI(kube, { verb: 'patch', group: '', resource: 'services', namespace: SYSTEM_NAMESPACE }).catch(() => false),
  ]);
  return { ...info, health, canChangeAccessMethod };
}

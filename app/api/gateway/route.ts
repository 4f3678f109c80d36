import { getGatewayOverview } from '@/server/queries/gateway-overview';
import { respondJson } from '../respond';

export const dynamic = 'force-dynamic';

/** The gateway's addresses, listeners and health (the gateway page and the route access panel). */
export async function GET() {
  return respondJson({}, getGatewayOverview);
}

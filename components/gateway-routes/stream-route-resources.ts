/**
 * The route kinds the generic form editor serves (./stream-route-editor.tsx); HTTPRoute has its
 * own (./httproute-editor.tsx). Isomorphic: the server pages pick the editor with it.
 */
import type { GatewayRouteResource } from '@/lib/console/gateway-route-kinds';

export type StreamRouteResource = Exclude<GatewayRouteResource, 'httproutes'>;
export const isStreamRouteResource = (r: string): r is StreamRouteResource => r === 'grpcroutes' || r === 'tlsroutes' || r === 'tcproutes';

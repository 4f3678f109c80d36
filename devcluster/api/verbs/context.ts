/** What every verb module shares: the registry and the handler's settings, resolved once. */
import type { ClusterRegistry } from '../../store/cluster-registry';
import type { Authorizer, HandlerOptions } from '../handler-types';

export interface VerbContext {
  registry: ClusterRegistry;
  options: HandlerOptions;
  authorize: Authorizer;
  bookmarkIntervalMs: number;
  maxWatchSeconds: number;
}

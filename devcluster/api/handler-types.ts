/** Who asks and who decides: the types the dev cluster's request handler is configured with. */
import type { IncomingMessage } from 'node:http';
import type { ClusterRegistry } from '../store/cluster-registry';
import type { PodLogSource } from './pod-logs';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  path: string;
  /** Set for resource requests. */
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  resourceRequest: boolean;
}

/** Returns the user for a request, or undefined when it is not authenticated (401). */
export type Authenticator = (req: IncomingMessage) => UserInfo | undefined;
/** Returns true to allow; false or a reason string to refuse with 403. */
export type Authorizer = (attrs: RequestAttributes) => boolean | string;

export const allowAll: Authorizer = () => true;

export interface HandlerOptions {
  registry: ClusterRegistry;
  authenticate: Authenticator;
  authorize?: Authorizer;
  /** host:port clients should use (for /api serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Interval between watch BOOKMARK events when allowWatchBookmarks is set. */
  bookmarkIntervalMs?: number;
  /** Longest a watch stays open without timeoutSeconds. */
  maxWatchSeconds?: number;
  onWatchOpen?: (close: () => void) => () => void;
  /** Container logs for pods/log (set once the pod runtime runs). */
  podLogs?: () => PodLogSource | undefined;
}

/**
 * API groups, spelled once. Import-free so that pure modules (lib/routing) can use them
 * without loading the schemas. The core group is the empty string.
 */
export const CORE_GROUP = '';
export const APPS_GROUP = 'apps';
export const DISCOVERY_GROUP = 'discovery.k8s.io';
export const NETWORKING_GROUP = 'networking.k8s.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const COORDINATION_GROUP = 'coordination.k8s.io';
export const POLICY_GROUP = 'policy';
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const EVENTS_GROUP = 'events.k8s.io';
/** Review kinds (SelfSubjectAccessReview...): answered, never stored, so not in KINDS. */
export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

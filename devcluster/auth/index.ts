/**
 * Access control for the dev cluster in one call: bootstrap RBAC objects, service-account
 * tokens, the RBAC authorizer and the impersonating authenticator.
 */
import type { Authenticator, UserInfo } from '../api/handler';
import type { Registry } from '../store/registry';
import { writeKubeconfig } from '../server/kubeconfig';
import { bearerAuthenticator } from '../server/auth';
import { reconcileBootstrapPolicy } from './bootstrap-policy';
import { createRbacAuthorizer, type RbacAuthorizer } from './authorizer';
import { withImpersonation } from './impersonation';
import { ensureServiceAccountTokens } from './service-accounts';

export { createRbacAuthorizer, type RbacAuthorizer } from './authorizer';
export { withImpersonation } from './impersonation';
export * from './bootstrap-policy';
export { serviceAccountDir, serviceAccountUser } from './service-accounts';

export interface AccessControl {
  authenticate: Authenticator;
  authorize: RbacAuthorizer;
  /** Writes $DATA_DIR/serviceaccounts/<name>.kubeconfig once the server address is known. */
  writeKubeconfigs(url: string, caCert: string): void;
  close(): void;
}

export function setupAccessControl(registry: Registry, dataDir: string, adminTokens: Map<string, UserInfo>): AccessControl {
  reconcileBootstrapPolicy(registry);
  const accounts = ensureServiceAccountTokens(dataDir);
  const tokens = new Map(adminTokens);
  for (const a of accounts) tokens.set(a.token, a.user);
  const authorize = createRbacAuthorizer(registry);
  return {
    authenticate: withImpersonation(bearerAuthenticator(tokens), authorize),
    authorize,
    writeKubeconfigs(url, caCert) {
      for (const a of accounts) writeKubeconfig(a.kubeconfigFile, url, caCert, a.token);
    },
    close: () => authorize.close(),
  };
}

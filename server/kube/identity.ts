import 'server-only';

/** The signed-in user on whose behalf the console calls the cluster. */
export interface RequestIdentity {
  username: string;
  groups: string[];
  /** When true, requests carry Impersonate-User/Group headers (filled in by the auth issue). */
  impersonate: boolean;
}

/**
 * Hook for the auth issue: today every request acts as the kubeconfig's admin. Later this
 * reads the session cookie and returns the user to impersonate.
 */
export async function getRequestIdentity(): Promise<RequestIdentity> {
  return { username: 'admin', groups: ['system:masters'], impersonate: false };
}

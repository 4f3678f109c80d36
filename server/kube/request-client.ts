import 'server-only';
import { loadKubeConfig, loadServiceKubeConfig } from './config';
import { KubeClient, connectionFor } from './client';
import { getRequestIdentity } from './identity';

/** A client for the current request, acting as the signed-in user. */
export async function getKubeClient(): Promise<KubeClient> {
  const identity = await getRequestIdentity();
  // Signed-in users are impersonated with the console's own credentials; the cluster decides.
  const conn = await connectionFor(identity.impersonate ? loadServiceKubeConfig() : loadKubeConfig());
  return new KubeClient(conn, identity);
}

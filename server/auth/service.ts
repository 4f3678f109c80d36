import 'server-only';
/** First-start account bootstrap with the console's own identity, retried until the cluster answers. */
import { getAuthKubeClient } from '../kube/client';
import { ensureFirstAdmin } from './accounts';

let ready: Promise<void> | undefined;

export function ensureAccounts(): Promise<void> {
  return (ready ??= (async () => {
    const kube = await getAuthKubeClient();
    await ensureFirstAdmin(kube as never);
  })().catch((err) => {
    ready = undefined;
    throw err;
  }));
}

/** Called at server start: keeps trying for a while so the generated password is printed at start. */
export async function bootstrapAccountsInBackground(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      await ensureAccounts();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

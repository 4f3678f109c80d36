import 'server-only';
/** The Users page's read (a route handler's, not a server action): accounts without their hashes. */
import { ACCOUNTS_NAMESPACE, ACCOUNT_LABEL, ACCOUNT_TYPE, ADMINS_GROUP, DISABLED_ANNOTATION } from '../auth/accounts';
import { getServiceKubeClient } from '../kube/client';
import { platformAdminSession } from './guard';

export interface UserRow {
  username: string;
  groups: string[];
  admin: boolean;
  disabled: boolean;
  created?: string;
}

interface AccountSecret {
  metadata: { name: string; creationTimestamp?: string; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

/** Reads the accounts (for the route handler; null when the caller is no platform admin). */
export async function listUsers(): Promise<UserRow[] | null> {
  if (!(await platformAdminSession())) return null;
  const kube = await getServiceKubeClient();
  const list = await kube.list<AccountSecret>('secrets', ACCOUNTS_NAMESPACE, { labelSelector: `${ACCOUNT_LABEL}=true` });
  return list.items
    .filter((s) => s.type === ACCOUNT_TYPE)
    .map((s) => {
      const groups = unb64(s.data?.groups).split(',').map((g) => g.trim()).filter(Boolean);
      return { username: unb64(s.data?.username), groups, admin: groups.includes(ADMINS_GROUP), disabled: s.metadata.annotations?.[DISABLED_ANNOTATION] === 'true', created: s.metadata.creationTimestamp };
    })
    .sort((a, b) => a.username.localeCompare(b.username));
}


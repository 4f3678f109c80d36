import 'server-only';
/**
 * Platform admin checks for the Users and Projects pages. Two answers must agree: the signed
 * session is in portico:admins (isPlatformAdmin), and the cluster, asked as that user, lets
 * them create Secrets in portico-system (where accounts live). A stale group or a removed
 * cluster binding both refuse.
 */
import type { ActionResult } from '@/lib/console/action-result';
import { canI, isPlatformAdmin } from '../auth/access';
import { ACCOUNTS_NAMESPACE } from '../auth/accounts';
import { writeAudit } from '../auth/audit';
import { currentSession } from '../auth/current';
import type { Session } from '../auth/session';
import { getKubeClient } from '../kube/request-client';

export async function platformAdminSession(): Promise<Session | undefined> {
  const s = await currentSession();
  if (!s || !(await isPlatformAdmin())) return undefined;
  const kube = await getKubeClient();
  const ok = await canI(kube, { verb: 'create', group: '', resource: 'secrets', namespace: ACCOUNTS_NAMESPACE }).catch(() => false);
  return ok ? s : undefined;
}

export const forbidden = (message = 'only platform admins may do this'): Extract<ActionResult<never>, { ok: false }> => ({
  ok: false,
  status: 403,
  reason: 'Forbidden',
  message,
  fieldErrors: [],
});

/**
 * Runs an admin action: refuses (403, audited) anyone but a platform admin, audits the result.
 * Audit lines carry the action and target only, never the input (passwords).
 */
export async function asPlatformAdmin<T>(action: string, target: { name?: string; namespace?: string }, run: (s: Session) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const s = await platformAdminSession();
  if (!s) {
    const who = await currentSession().catch(() => undefined);
    await writeAudit({ user: who?.u ?? '-', action, ...target, result: 'denied', code: 403 });
    return forbidden();
  }
  const r = await run(s);
  await writeAudit({ user: s.u, action, ...target, result: r.ok ? 'success' : r.status === 403 ? 'denied' : 'failure', code: r.ok ? 200 : r.status, message: r.ok ? undefined : r.message });
  return r;
}

/**
 * The sign-in form's fields, bounded before any other work (no lookup, no hash, no audit line
 * of unbounded size): username at most 253 characters (a DNS name's length: room for e-mail
 * style names; local accounts are at most 63), password at most 1024, `next` at most 2048.
 */
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from './accounts';
import { MAX_NEXT_LENGTH } from './safe-next';

export const MAX_USERNAME_LENGTH = 253;

const field = (label: string, max: number) =>
  z
    .string({ error: `${label}: must be text` })
    .max(max, { error: `${label}: at most ${max} characters` })
    .optional();

export const loginInputSchema = z.object({
  username: field('Username', MAX_USERNAME_LENGTH),
  password: field('Password', MAX_PASSWORD_LENGTH),
  next: field('next', MAX_NEXT_LENGTH),
});

export type LoginInput = { username: string; password: string; next?: string };

/** The form's fields, or the first rule broken (naming the field). */
export function parseLoginForm(form: FormData): { ok: true; value: LoginInput } | { ok: false; error: string } {
  const raw = { username: form.get('username') ?? undefined, password: form.get('password') ?? undefined, next: form.get('next') ?? undefined };
  const r = loginInputSchema.safeParse(raw);
  if (!r.success) return { ok: false, error: r.error.issues[0]?.message ?? 'Invalid sign-in form.' };
  return { ok: true, value: { username: (r.data.username ?? '').trim().toLowerCase(), password: r.data.password ?? '', next: r.data.next } };
}

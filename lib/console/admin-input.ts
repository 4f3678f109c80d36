/**
 * Input rules for the platform admin pages (Users, Projects), shared by the browser forms and
 * the server actions so both refuse the same things with the same words.
 */
import { z } from 'zod';

/** Same form as server/auth/accounts.ts accepts (a DNS-label-like name, never `system:`). */
export const USERNAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
export const MIN_NEW_PASSWORD_LENGTH = 12;
export const MAX_NEW_PASSWORD_LENGTH = 1024;

export const usernameSchema = z
  .string()
  .max(63, 'at most 63 characters')
  .regex(USERNAME_PATTERN, 'lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit');

/** Every new password (created, reset or changed by its owner). */
export const passwordSchema = z
  .string()
  .min(MIN_NEW_PASSWORD_LENGTH, `at least ${MIN_NEW_PASSWORD_LENGTH} characters`)
  .max(MAX_NEW_PASSWORD_LENGTH, `at most ${MAX_NEW_PASSWORD_LENGTH} characters`);

/** A password typed by the admin, or none: the server generates one (shown once). */
export const optionalPasswordSchema = z.union([z.literal(''), passwordSchema]).optional();

export const createUserSchema = z.object({
  username: usernameSchema,
  password: optionalPasswordSchema,
  admin: z.boolean().default(false),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const changeOwnPasswordSchema = z.object({
  current: z.string().min(1, 'required').max(MAX_NEW_PASSWORD_LENGTH, `at most ${MAX_NEW_PASSWORD_LENGTH} characters`),
  password: passwordSchema,
});
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordSchema>;

/** Namespaces that belong to the platform, never projects. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'portico-system'] as const;
export const isSystemNamespace = (n: string) => (SYSTEM_NAMESPACES as readonly string[]).includes(n) || n.startsWith('kube-');

/** Labels and annotations Portico puts on a project namespace. */
export const PROJECT_LABEL = 'portico.dev/project';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

export const projectNameSchema = z
  .string()
  .max(63, 'at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lowercase letters, digits and "-", starting and ending with a letter or digit')
  .refine((n) => !isSystemNamespace(n), 'a system namespace name');

export const createProjectSchema = z.object({
  name: projectNameSchema,
  alias: z.string().max(63, 'at most 63 characters').default(''),
  description: z.string().max(1024, 'at most 1024 characters').default(''),
  /** The project admin (empty: the creator). */
  admin: z.union([z.literal(''), usernameSchema]).default(''),
});
export type CreateProjectInput = z.input<typeof createProjectSchema>;

/** A zod failure as ActionResult field errors ({ field, message }). */
export function zodFieldErrors(err: z.ZodError): Array<{ field: string; message: string }> {
  return err.issues.map((i) => ({ field: i.path.join('.') || 'input', message: i.message }));
}

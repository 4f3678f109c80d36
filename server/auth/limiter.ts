import 'server-only';
import { LoginRateLimiter } from './rate-limit';

/**
 * Per-process limiters (on globalThis so dev-mode module reloads share them): a username is
 * slowed after 5 failures; a client address after 30 (it may be shared by many people).
 */
const g = globalThis as unknown as { __porticoLoginLimiters?: { user: LoginRateLimiter; ip: LoginRateLimiter } };
export const loginLimiters = (g.__porticoLoginLimiters ??= {
  user: new LoginRateLimiter({ freeAttempts: 5 }),
  ip: new LoginRateLimiter({ freeAttempts: 30 }),
});

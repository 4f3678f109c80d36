import 'server-only';
import { LoginRateLimiter } from './rate-limit';

/**
 * Per-process sign-in limits (on globalThis so dev-mode module reloads share them). Every
 * attempt counts as a failure before the password is hashed; a success clears its account keys
 * and takes back its count on the address.
 * - `address`: a client address is refused for a growing time after 30 attempts (it may be
 *   shared by many people), so one address cannot spray many accounts.
 * - `accountAtAddress`: an account from one address is refused for a growing time after 5,
 *   so guessing one password from one place is slow. Keyed on the pair: someone else's
 *   failures elsewhere never lock the owner out of their account.
 * - `account`: across all addresses, attempts on an account past 10 are *delayed* (a growing
 *   wait before the hash, at most 5 s), never refused: guessing from many addresses slows
 *   down, and no one can hold a lock on someone else's account.
 */
const g = globalThis as unknown as { __porticoLoginLimiters2?: { address: LoginRateLimiter; accountAtAddress: LoginRateLimiter; account: LoginRateLimiter } };
export const loginLimiters = (g.__porticoLoginLimiters2 ??= {
  address: new LoginRateLimiter({ freeAttempts: 30 }),
  accountAtAddress: new LoginRateLimiter({ freeAttempts: 5 }),
  account: new LoginRateLimiter({ freeAttempts: 10, baseDelayMs: 250, maxDelayMs: 5_000 }),
});

export const accountAtAddressKey = (username: string, address: string) => `${username}\u0000${address}`;

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AdminError } from './errors.js';

export interface LoginLimits {
  /** Attempts per address per window, successful or not (bounds the scrypt CPU an address can use). */
  perIp: number;
  /** Attempts on one account from one address per window: what locks out a guesser. */
  perAccount: number;
  /**
   * Attempts on one account from all addresses together per window: far above `perAccount`, so one
   * guesser cannot lock the real person out, yet it bounds what many addresses can try.
   */
  accountCeiling?: number;
  windowSeconds: number;
}

export const LOGIN_DEFAULTS: LoginLimits = { perIp: 100, perAccount: 5, accountCeiling: 100, windowSeconds: 15 * 60 };

const tooMany = (res: unknown) => {
  const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 60_000;
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  return new AdminError(429, 'too-many-attempts', `too many sign-in attempts: try again in ${retryAfter} s`, {
    retryAfter,
  });
};

/**
 * Login throttling in memory (per process). Every attempt takes its points before the password is
 * checked, so concurrent attempts are counted as they arrive; a success gives its account points back.
 */
export function createLoginLimiter(limits: LoginLimits = LOGIN_DEFAULTS) {
  const duration = limits.windowSeconds;
  const ip = new RateLimiterMemory({ keyPrefix: 'ip', points: limits.perIp, duration });
  const pair = new RateLimiterMemory({ keyPrefix: 'pair', points: limits.perAccount, duration });
  const account = new RateLimiterMemory({
    keyPrefix: 'acct',
    points: limits.accountCeiling ?? limits.perAccount * 20,
    duration,
  });
  const take = (limiter: RateLimiterMemory, key: string) =>
    limiter.consume(key).catch((res) => Promise.reject(tooMany(res)));
  const pairKey = (address: string, email: string) => JSON.stringify([email, address]);
  return {
    /** Counts an attempt; refuses it when the address, the (account, address) pair or the account is over its limit. */
    async before(address: string, email: string): Promise<void> {
      await take(ip, address);
      await take(pair, pairKey(address, email));
      await take(account, email);
    },
    async succeeded(address: string, email: string): Promise<void> {
      await pair.delete(pairKey(address, email));
      await account.reward(email, 1);
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

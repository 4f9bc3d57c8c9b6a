import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from '../common/redis.js';
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
 * Login throttling in memory (per process), or in Redis when given (shared by every instance). Every attempt takes its points before the password is
 * checked, so concurrent attempts are counted as they arrive; a success gives its account points back.
 */
export function createLoginLimiter(limits: LoginLimits = LOGIN_DEFAULTS, redis?: Redis) {
  const duration = limits.windowSeconds;
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `passerelle:login:${keyPrefix}`, points, duration })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  const ip = limiter('ip', limits.perIp);
  const pair = limiter('pair', limits.perAccount);
  const account = limiter('acct', limits.accountCeiling ?? limits.perAccount * 20);
  // A store failure (Redis away) is an error, not "too many attempts".
  const take = (limiter: RateLimiterAbstract, key: string) =>
    limiter.consume(key).catch((res) => Promise.reject(res instanceof Error ? res : tooMany(res)));
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

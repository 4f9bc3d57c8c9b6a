import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AdminError } from './errors.js';

export interface LoginLimits {
  /** Attempts per IP per window, successful or not (bounds the scrypt CPU an address can use). */
  perIp: number;
  /** Failed attempts per account per window. */
  perAccount: number;
  windowSeconds: number;
}

export const LOGIN_DEFAULTS: LoginLimits = { perIp: 100, perAccount: 5, windowSeconds: 15 * 60 };

const tooMany = (res: unknown) => {
  const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 60_000;
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  return new AdminError(429, 'too-many-attempts', `too many sign-in attempts: try again in ${retryAfter} s`, {
    retryAfter,
  });
};

/** Login throttling per IP and per account, in memory (per process). */
export function createLoginLimiter(limits: LoginLimits = LOGIN_DEFAULTS) {
  const ip = new RateLimiterMemory({ keyPrefix: 'ip', points: limits.perIp, duration: limits.windowSeconds });
  const account = new RateLimiterMemory({
    keyPrefix: 'acct',
    points: limits.perAccount,
    duration: limits.windowSeconds,
  });
  return {
    /** Counts an attempt from this IP and refuses it when the IP or the account is over its limit. */
    async before(address: string, email: string): Promise<void> {
      const blocked = await account.get(email);
      if (blocked && blocked.remainingPoints <= 0) throw tooMany(blocked);
      await ip.consume(address).catch((res) => Promise.reject(tooMany(res)));
    },
    async failed(email: string): Promise<void> {
      await account.consume(email).catch(() => undefined);
    },
    async succeeded(email: string): Promise<void> {
      await account.delete(email);
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

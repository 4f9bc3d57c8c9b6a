import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Response } from 'restify';
import type { Redis } from '../common/redis.js';
import { sendError } from './errors.js';

/** Counts one request of a client; resolves to 0 when allowed, else the seconds until it would be. */
export type ClientLimiter = (client: string) => Promise<number>;

/**
 * At most `perMinute` requests per client address and minute (0: no limit), in memory; or, given
 * Redis, counted by every instance together — and in memory while Redis is away (never an error).
 */
export function createClientLimiter(perMinute: number, shared?: { redis: Redis; name: string }): ClientLimiter {
  if (perMinute <= 0) return async () => 0;
  const local = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const limiter = shared
    ? new RateLimiterRedis({
        storeClient: shared.redis,
        keyPrefix: `passerelle:limit:${shared.name}`,
        points: perMinute,
        duration: 60,
        insuranceLimiter: local,
      })
    : local;
  return (client) =>
    limiter.consume(client).then(
      () => 0,
      (res: unknown) => Math.max(1, Math.ceil((res instanceof RateLimiterRes ? res.msBeforeNext : 60_000) / 1000)),
    );
}

/** 429 or 503 with Retry-After, in the `{code, message, details}` shape. */
export function sendRetryLater(res: Response, status: 429 | 503, seconds: number, code: string, message: string): void {
  res.header('Retry-After', String(seconds));
  sendError(res, status, code, message, { retryAfter: seconds });
}

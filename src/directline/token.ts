import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The one conversation this token may read and write. */
  conversationId: string;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

export interface TokenSigner {
  sign(conversationId: string, now?: number): { token: string; expiresIn: number };
  verify(token: string, now?: number): TokenClaims | undefined;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/**
 * HMAC-signed Direct Line tokens bound to one conversation. The key is random per process: a
 * restart invalidates every token, which also ends the in-memory conversations they point to.
 */
export function createTokenSigner(ttlMs: number, key: Buffer = randomBytes(32)): TokenSigner {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    sign(conversationId, now = Date.now()) {
      const payload = b64(JSON.stringify({ c: conversationId, e: now + ttlMs, n: b64(randomBytes(6)) }));
      return { token: `${payload}.${b64(mac(payload))}`, expiresIn: Math.floor(ttlMs / 1000) };
    },
    verify(token, now = Date.now()) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || token.length > 512) return undefined;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const { c, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
        if (typeof c !== 'string' || typeof e !== 'number' || e <= now) return undefined;
        return { conversationId: c, expiresAt: e };
      } catch {
        return undefined;
      }
    },
  };
}

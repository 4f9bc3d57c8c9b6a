import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminError } from './errors.js';
import { appendLineSynced } from './files.js';
import { openSharedLog } from './sharedLog.js';
import type { SharedRedis } from '../common/redis.js';

const LINKS_KEY = 'passerelle:confirm-links';

export const LINK_DAYS = 30;

export interface ConfirmLink {
  id: string;
  entryId: string;
  /** ms since the epoch. */
  expiresAt: number;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

type LinkLine = { type: 'issue'; link: ConfirmLink } | { type: 'revoke'; id: string; at: string; actor: string };

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The lines of the links file; a torn last line after a crash is skipped. */
async function readLines(file: string): Promise<LinkLine[]> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? '' : Promise.reject(err),
  );
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as LinkLine] : [];
    } catch {
      return [];
    }
  });
}

/** Where link lines go: the file (read back now), or the Redis list every instance mirrors. */
async function lineStore(file: string, redis: SharedRedis | undefined, apply: (line: LinkLine) => void) {
  // With Redis, one list every instance mirrors: a link revoked on one is refused by all.
  const log = redis ? await openSharedLog(redis, LINKS_KEY, (text) => apply(JSON.parse(text) as LinkLine)) : undefined;
  if (!log) for (const line of await readLines(file)) apply(line);
  return async (line: LinkLine) => {
    if (log) return log.append(JSON.stringify(line));
    await appendLineSynced(file, JSON.stringify(line));
    apply(line);
  };
}

/**
 * Signed, expiring links for one entry, so a service confirms or corrects its entry without an
 * account: `<payload>.<HMAC-SHA256>`, the payload naming the link, the entry and the expiry. Links
 * issued and revoked are kept in STATE_DIR/admin/confirm-links.jsonl (append-only): a revoked
 * link is refused even before it expires. Without a secret no link can be made or opened.
 */
export async function openConfirmLinks(
  stateDir: string,
  secret: string | undefined,
  now: () => number = Date.now,
  redis?: SharedRedis,
) {
  const file = join(stateDir, 'admin', 'confirm-links.jsonl');
  const links = new Map<string, ConfirmLink>();
  const apply = (line: LinkLine) => {
    if (line.type === 'issue') links.set(line.link.id, line.link);
    else if (links.has(line.id)) links.get(line.id)!.revokedAt = line.at;
  };
  const write = await lineStore(file, redis, apply);
  const sign = (payload: string) => createHmac('sha256', secret!).update(payload).digest();
  const needSecret = () => {
    if (!secret) throw new AdminError(503, 'links-disabled', 'set CONFIRM_LINK_SECRET to make confirmation links');
  };

  return {
    enabled: !!secret,
    async issue(entryId: string, actor: string, days = LINK_DAYS): Promise<{ token: string; link: ConfirmLink }> {
      needSecret();
      const link = {
        id: randomUUID(),
        entryId,
        expiresAt: now() + days * 86_400_000,
        createdAt: new Date(now()).toISOString(),
        createdBy: actor,
      };
      await write({ type: 'issue', link });
      const payload = b64(JSON.stringify({ i: link.id, e: entryId, x: link.expiresAt }));
      return { token: `${payload}.${b64(sign(payload))}`, link };
    },
    /** The link a token stands for; 403 when forged, 410 when expired or revoked. */
    check(token: string): ConfirmLink {
      needSecret();
      const [payload, mac] = token.split('.');
      const given = Buffer.from(mac ?? '', 'base64url');
      const wanted = payload ? sign(payload) : Buffer.alloc(0);
      if (!payload || given.length !== wanted.length || !timingSafeEqual(given, wanted))
        throw new AdminError(403, 'link-invalid', 'this confirmation link is not valid');
      const { i, e, x } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const link = links.get(String(i));
      if (!link || link.entryId !== e || link.expiresAt !== x)
        throw new AdminError(403, 'link-invalid', 'this confirmation link is not valid');
      if (link.revokedAt) throw new AdminError(410, 'link-revoked', 'this confirmation link was withdrawn');
      if (now() >= link.expiresAt) throw new AdminError(410, 'link-expired', 'this confirmation link has expired');
      return link;
    },
    async revoke(id: string, actor: string): Promise<ConfirmLink> {
      const link = links.get(id);
      if (!link) throw new AdminError(404, 'link-not-found', `no confirmation link "${id}"`);
      if (!link.revokedAt) await write({ type: 'revoke', id, at: new Date(now()).toISOString(), actor });
      return link;
    },
    /** The links of an entry, newest first. */
    list: (entryId: string) => [...links.values()].filter((l) => l.entryId === entryId).reverse(),
    get: (id: string) => links.get(id),
  };
}
export type ConfirmLinks = Awaited<ReturnType<typeof openConfirmLinks>>;

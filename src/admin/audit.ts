import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Entry } from '../directory/schema.js';
import { diffEntries, type Change } from './diff.js';
import { appendLineSynced } from './files.js';
import type { Redis } from '../common/redis.js';

/** The audit log of every instance when Redis is used: a list, appended atomically, never trimmed. */
export const AUDIT_KEY = 'passerelle:audit';

export const ACTIONS = [
  'create',
  'update',
  'archive',
  'restore',
  'publish',
  'verify',
  'restore-version',
  'import',
  'confirm-by-service',
  'accept-proposal',
  'reject-proposal',
  'close-report',
  'issue-link',
  'revoke-link',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface AuditRecord {
  at: string;
  /** The account's email: the audit log says who, unlike the application logs. */
  actor: string;
  action: Action;
  entryId: string;
  fromVersion?: number;
  version: number;
  changes: Change[];
  before?: Entry;
  after: Entry;
  /** Groups the records of one import. */
  batch?: string;
  /** What an action that changes no field was about (the report closed and how, the link issued). */
  detail?: Record<string, unknown>;
}

/**
 * An entry's records, newest first. Records are written before the directory: one whose write never
 * happened (a crash or a failed write in between) is left out — it names a version above
 * `currentVersion`, or one that a later record names again.
 */
function written(records: AuditRecord[], entryId: string, currentVersion: number | undefined): AuditRecord[] {
  const seen = new Set<number>();
  return records
    .filter((r) => r.entryId === entryId)
    .reverse()
    .filter((r) => {
      const shown = (currentVersion === undefined || r.version <= currentVersion) && !seen.has(r.version);
      seen.add(r.version);
      return shown;
    });
}

export const TEXT_ACTIONS = ['translate', 'review', 'import-translations'] as const;
export type TextAction = (typeof TEXT_ACTIONS)[number];

/** A change to one text of one language (the translators' page): the same log as entries. */
export interface TextAuditRecord {
  at: string;
  actor: string;
  action: TextAction;
  locale: string;
  key: string;
  /** The text before and after (absent when there was none, or when only the review changed). */
  before?: string;
  after?: string;
  /** Fingerprint of the French the text was checked or reviewed against. */
  french: string;
  reviewed: boolean;
  batch?: string;
}

const isEntryRecord = (r: AuditRecord | TextAuditRecord): r is AuditRecord => 'entryId' in r;

/** The log's lines: the file's, or the Redis list's. */
async function lines(file: string, redis: Redis | undefined): Promise<string[]> {
  if (redis) return redis.lrange(AUDIT_KEY, 0, -1);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) =>
    err.code === 'ENOENT' ? '' : Promise.reject(err),
  );
  return text.split('\n');
}

/** Every record of the log, oldest first. */
async function readAll(file: string, redis: Redis | undefined): Promise<(AuditRecord | TextAuditRecord)[]> {
  const records: (AuditRecord | TextAuditRecord)[] = [];
  for (const line of await lines(file, redis)) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as AuditRecord | TextAuditRecord);
    } catch {
      // a torn last line after a crash is skipped, never rewritten (append-only)
    }
  }
  return records;
}

/**
 * Append-only JSON-lines audit log in STATE_DIR/admin/audit.jsonl, every append fsync'd; or, given
 * Redis, a list every instance appends to (made durable by Redis's append-only file).
 */
export function openAudit(stateDir: string, redis?: Redis) {
  const file = join(stateDir, 'admin', 'audit.jsonl');
  let chain: Promise<unknown> = Promise.resolve();
  const write = async (line: string): Promise<void> =>
    void (redis ? await redis.rpush(AUDIT_KEY, line) : await appendLineSynced(file, line));

  const all = () => readAll(file, redis);

  /** Appends in call order, one line each; a failed append does not block the next ones. */
  function append<T>(rec: T): Promise<T> {
    const run = chain.then(() => write(JSON.stringify(rec)));
    chain = run.catch(() => undefined);
    return run.then(() => rec);
  }

  return {
    file,
    /** Appends records in call order, one line each. */
    record(
      actor: string,
      action: Action,
      before: Entry | undefined,
      after: Entry,
      batch?: string,
      detail?: Record<string, unknown>,
    ): Promise<AuditRecord> {
      const rec: AuditRecord = {
        at: new Date().toISOString(),
        actor,
        action,
        entryId: after.id,
        ...(before ? { fromVersion: before.version } : {}),
        version: after.version,
        changes: diffEntries(before, after),
        ...(before ? { before } : {}),
        after,
        ...(batch ? { batch } : {}),
        ...(detail ? { detail } : {}),
      };
      return append(rec);
    },
    /** Appends the record of a text change (who, which language and key, before and after). */
    recordText(rec: Omit<TextAuditRecord, 'at'>): Promise<TextAuditRecord> {
      return append({ at: new Date().toISOString(), ...rec });
    },
    /** The text changes of a language, newest first. */
    async textHistory(locale: string): Promise<TextAuditRecord[]> {
      return (await all()).filter((r): r is TextAuditRecord => !isEntryRecord(r) && r.locale === locale).reverse();
    },
    /** An entry's records, newest first, without those whose directory write never happened. */
    async history(entryId: string, currentVersion?: number): Promise<AuditRecord[]> {
      return written((await all()).filter(isEntryRecord), entryId, currentVersion);
    },
    /** The entry as it was at `version`, from any record that saw it. */
    async snapshot(entryId: string, version: number, currentVersion?: number): Promise<Entry | undefined> {
      for (const r of await this.history(entryId, currentVersion)) {
        if (r.after.version === version) return r.after;
        if (r.before?.version === version) return r.before;
      }
      return undefined;
    },
  };
}
export type Audit = ReturnType<typeof openAudit>;

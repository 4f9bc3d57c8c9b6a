import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Change } from './diff.js';
import { appendLineSynced } from './files.js';
import { openSharedLog } from './sharedLog.js';
import type { SharedRedis } from '../common/redis.js';

const FEEDBACK_KEY = 'passerelle:feedback';

export const REPORT_REASONS = ['phone', 'address', 'hours', 'closed', 'moved', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const CLOSE_OUTCOMES = ['fixed', 'not-confirmed', 'accepted', 'rejected'] as const;

/** A problem someone reported on an entry: the reason and a comment already masked (no personal data). */
export interface Report {
  type: 'report';
  id: string;
  at: string;
  entryId: string;
  reason: ReportReason;
  comment?: string;
  lang?: string;
}

/** Corrections a service proposed through its confirmation link: applied only by an editor. */
export interface Proposal {
  type: 'proposal';
  id: string;
  at: string;
  entryId: string;
  /** The entry version the service saw. */
  version: number;
  /** JSON merge patch of the contact fields, and the field-by-field changes it makes. */
  patch: Record<string, unknown>;
  changes: Change[];
  comment?: string;
  linkId: string;
}

export interface Closing {
  type: 'close';
  id: string;
  at: string;
  ref: string;
  outcome: (typeof CLOSE_OUTCOMES)[number];
  actor: string;
}

export type FeedbackRecord = Report | Proposal | Closing;
const Line = z.object({ type: z.enum(['report', 'proposal', 'close']), id: z.string(), at: z.string() }).loose();

/**
 * Reports and proposals in STATE_DIR/feedback/feedback.jsonl: append-only, each line fsync'd before
 * it is acknowledged, a torn last line skipped. Nothing here ever changes the directory.
 */
export async function openFeedback(stateDir: string, now: () => number = Date.now, redis?: SharedRedis) {
  const file = join(stateDir, 'feedback', 'feedback.jsonl');
  const records: FeedbackRecord[] = [];
  const take = (line: string) => {
    try {
      if (line.trim() && Line.safeParse(JSON.parse(line)).success) records.push(JSON.parse(line) as FeedbackRecord);
    } catch {
      // a torn last line after a crash is skipped, never rewritten (append-only)
    }
  };
  // With Redis, one list every instance mirrors (a report sent to one is in every review queue).
  const log = redis ? await openSharedLog(redis, FEEDBACK_KEY, take) : undefined;
  if (!log) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) =>
      err.code === 'ENOENT' ? '' : Promise.reject(err),
    );
    for (const line of text.split('\n')) take(line);
  }
  let chain: Promise<unknown> = Promise.resolve();
  const persist = async (record: FeedbackRecord) => {
    if (log) return log.append(JSON.stringify(record));
    await appendLineSynced(file, JSON.stringify(record));
    records.push(record);
  };
  const append = <T extends FeedbackRecord>(record: T): Promise<T> => {
    const run = chain.then(() => persist(record)).then(() => record);
    chain = run.catch(() => undefined);
    return run;
  };
  const stamp = () => ({ id: randomUUID(), at: new Date(now()).toISOString() });
  const closed = () => new Set(records.filter((r): r is Closing => r.type === 'close').map((r) => r.ref));

  return {
    file,
    report: (input: Omit<Report, 'type' | 'id' | 'at'>) => append<Report>({ type: 'report', ...stamp(), ...input }),
    propose: (input: Omit<Proposal, 'type' | 'id' | 'at'>) =>
      append<Proposal>({ type: 'proposal', ...stamp(), ...input }),
    close: (ref: string, outcome: Closing['outcome'], actor: string) =>
      append<Closing>({ type: 'close', ...stamp(), ref, outcome, actor }),
    /** Reports and proposals not closed yet, oldest first. */
    open(): (Report | Proposal)[] {
      const done = closed();
      return records.filter((r): r is Report | Proposal => r.type !== 'close' && !done.has(r.id));
    },
    find(id: string): Report | Proposal | undefined {
      return records.find((r): r is Report | Proposal => r.type !== 'close' && r.id === id);
    },
    isOpen: (id: string) => !closed().has(id),
  };
}
export type Feedback = Awaited<ReturnType<typeof openFeedback>>;

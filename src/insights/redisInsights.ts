import type { Redis } from '../common/redis.js';
import { Counters, type Outcome } from './counters.js';
import { countingInto, monthClock, type InsightsOptions } from './counting.js';

const SEP = '\t';
const KEYS = {
  paths: 'passerelle:insights:paths',
  shown: 'passerelle:insights:shown',
  reports: 'passerelle:insights:reports',
} as const;

/** Adds a batch of counts to the shared hashes in one MULTI: HINCRBY is atomic across instances. */
async function push(redis: Redis, batch: Counters): Promise<void> {
  const commands: (string | number)[][] = [];
  for (const { month, theme, node, lang, area, outcome, count } of batch.pathRows())
    commands.push(['hincrby', KEYS.paths, [month, theme, node, lang, area, outcome].join(SEP), count]);
  for (const { month, entry, count } of batch.shownRows())
    commands.push(['hincrby', KEYS.shown, month + SEP + entry, count]);
  for (const { month, entry, count } of batch.reportRows())
    commands.push(['hincrby', KEYS.reports, month + SEP + entry, count]);
  if (!commands.length) return;
  const results = await redis.multi(commands).exec();
  const failed = results?.find(([error]) => error)?.[0];
  if (!results || failed) throw failed ?? new Error('insights: the counts were not added');
}

/** Every instance's counts as one Counters (what the views read). */
async function readShared(redis: Redis): Promise<Counters> {
  const [paths, shown, reports] = await Promise.all([
    redis.hgetall(KEYS.paths),
    redis.hgetall(KEYS.shown),
    redis.hgetall(KEYS.reports),
  ]);
  const counters = new Counters();
  for (const [key, n] of Object.entries(paths)) {
    const [month, theme, node, lang, area, outcome] = key.split(SEP);
    counters.addPath(month, { theme, node, lang, area, outcome: outcome as Outcome }, Number(n));
  }
  for (const [key, n] of Object.entries(shown)) counters.addShown(...splitEntry(key), Number(n));
  for (const [key, n] of Object.entries(reports)) counters.addReport(...splitEntry(key), Number(n));
  return counters;
}

const splitEntry = (key: string) => key.split(SEP, 2) as [string, string];

/** Counters added together (the shared ones and this instance's not yet flushed). */
function sum(...parts: Counters[]): Counters {
  const total = new Counters();
  for (const part of parts) {
    for (const { month, count, ...end } of part.pathRows()) total.addPath(month, end, count);
    for (const { month, entry, count } of part.shownRows()) total.addShown(month, entry, count);
    for (const { month, entry, count } of part.reportRows()) total.addReport(month, entry, count);
  }
  return total;
}

/**
 * The insights counters of every instance, in Redis (REDIS_URL). Counting stays an in-memory
 * increment (no I/O on a turn); flush() adds this instance's counts since the last flush to Redis
 * with HINCRBY and reads everyone's back, so the views show every instance's counts, at most one
 * flush period late. A failed flush keeps its counts for the next one.
 */
export async function openSharedInsights(redis: Redis, options: InsightsOptions) {
  let pending = new Counters();
  let shared = await readShared(redis);
  return {
    file: `redis:${KEYS.paths}`,
    problem: undefined as string | undefined,
    counters: () => sum(shared, pending),
    ...countingInto(() => pending, monthClock(options.now), options),
    async flush(): Promise<void> {
      const batch = pending;
      pending = new Counters();
      try {
        await push(redis, batch);
      } catch (err) {
        pending = sum(batch, pending);
        throw err;
      }
      shared = await readShared(redis);
    },
  };
}

import { join } from 'node:path';
import { snapshotFile, type SnapshotFile } from '../state/snapshotFile.js';
import { Counters } from './counters.js';
import { countingInto, monthClock, type InsightsOptions } from './counting.js';
import { openSharedInsights } from './redisInsights.js';
export type { InsightsOptions, PageSearch } from './counting.js';

/** The counters in the file, or fresh ones and why when the file cannot be read (it is kept aside). */
async function readCounters(file: SnapshotFile): Promise<{ counters: Counters; problem?: string }> {
  const text = await file.read();
  if (text === undefined) return { counters: new Counters() };
  try {
    return { counters: Counters.parse(text) };
  } catch (err) {
    return { counters: new Counters(), problem: `${(err as Error).message}; kept as ${await file.setAside()}` };
  }
}

/**
 * Anonymous counters for the steering committee, in `dir`/counters.json. Counting is an in-memory
 * increment; flush() writes the file (crash-safe) and runs on a timer, so a turn does no I/O. A
 * crash loses at most the counts since the last flush. `problem` says why a file found at start
 * could not be read (it is kept aside and counting starts afresh). Given `options.redis`, the counts
 * of every instance are added up in Redis instead (redisInsights.ts).
 */
export async function openInsights(dir: string, options: InsightsOptions) {
  if (options.redis) return openSharedInsights(options.redis, options);
  const file = snapshotFile(join(dir, 'counters.json'));
  const { counters, problem } = await readCounters(file);
  return {
    file: file.file,
    problem,
    counters: () => counters,
    ...countingInto(() => counters, monthClock(options.now), options),
    /** Writes the counters if they changed; a failed write is tried again at the next flush. */
    async flush(): Promise<void> {
      if (!counters.changed) return;
      try {
        await file.write(counters.serialize());
      } catch (err) {
        counters.changed = true;
        throw err;
      }
    },
  };
}
export type Insights = Awaited<ReturnType<typeof openInsights>>;

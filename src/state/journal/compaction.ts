import type { Live, LiveIndex, RecentItems } from './index.js';
import type { Segments } from './segments.js';

export type BackgroundTask = 'sweep' | 'compaction' | 'flush';

/** What a sweep works on: the journal, its clock and its expiry rule. */
interface Sweepable {
  segments: Segments;
  index: LiveIndex;
  recent: RecentItems;
  now: () => number;
  expired: (r: Live, at?: number) => boolean;
}

/** Records copied between two yields to the event loop, so turns go on during a long compaction. */
const COPIES_PER_TURN = 1000;

/**
 * Copies the live records of every segment but a new current one forward, then deletes those
 * segments. A failure (disk full) leaves every record readable where the index says: the copies
 * made so far are indexed, the old segments are kept, and the next compaction starts over.
 */
export async function compact(segments: Segments, index: LiveIndex): Promise<void> {
  segments.rotate();
  // Segments from here on, including any rotated to while copying, are kept.
  const first = segments.current;
  let copied = 0;
  for (const [hash, r] of index.records) {
    if (r.seg >= first) continue;
    const [loc] = segments.append([segments.readRecord(r)]);
    index.supersede(hash, loc, r.savedAt, r.eTag);
    if (++copied % COPIES_PER_TURN !== 0) continue;
    await new Promise((resolve) => setImmediate(resolve));
    // Closed meanwhile: the copies so far are good records, and the old segments stay for a later compaction.
    if (segments.closed) return;
  }
  index.dropOlderBefore(first);
  segments.dropBefore(first);
}

/** Whether dead records outweigh live ones by `slackBytes` and more than the live ones themselves. */
const deadBytesPileUp = (segments: Segments, index: LiveIndex, slackBytes: number) =>
  segments.totalBytes - index.liveBytes > Math.max(slackBytes, index.liveBytes);

/**
 * Sweeps (expiry, then compaction) one at a time: a sweep asked for during another gets that one. It
 * starts in a microtask, so nothing it does runs inside the write that asked for it.
 */
export function sweeper(
  journal: Sweepable,
  slackBytes: number,
  report: (error: unknown, task: BackgroundTask) => void,
) {
  const { segments, index, recent } = journal;
  let running: Promise<number> | undefined;
  // After a failed compaction (disk full), the timer tries again, not every following write.
  let onSlack = true;
  const sweepOnce = async (at: number) => {
    const removed = index.forgetWhere(
      (r) => journal.expired(r, at),
      (hash) => recent.forget(hash),
    );
    await compact(segments, index);
    return removed;
  };
  const settled = (ok: boolean) => {
    running = undefined;
    onSlack = ok;
  };
  const sweep = (at: number): Promise<number> => {
    running ??= Promise.resolve(at)
      .then(sweepOnce)
      .then(
        (removed) => {
          settled(true);
          return removed;
        },
        (err: unknown) => {
          settled(false);
          throw err;
        },
      );
    return running;
  };
  /** A sweep nobody awaits, its failure reported; none if one runs (whoever started it hears how it ends). */
  const inBackground = (task: BackgroundTask) => {
    if (!running) sweep(journal.now()).catch((err: unknown) => report(err, task));
  };
  const afterWrite = () => {
    if (onSlack && deadBytesPileUp(segments, index, slackBytes)) inBackground('compaction');
  };
  return { sweep, inBackground, afterWrite };
}

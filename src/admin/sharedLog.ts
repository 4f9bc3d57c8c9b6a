import type { SharedRedis } from '../common/redis.js';

/**
 * An append-only list in Redis that every instance mirrors in memory (REDIS_URL): `apply` hears
 * each line once, in list order, whoever appended it — a pub/sub notice makes each instance read
 * the lines after the last one it applied. Reading again after a reconnection catches up too.
 */
export async function openSharedLog(shared: SharedRedis, key: string, apply: (line: string) => void) {
  let applied = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const catchUp = (): Promise<void> => {
    const run = chain.then(async () => {
      const lines = await shared.client.lrange(key, applied, -1);
      applied += lines.length;
      for (const line of lines) apply(line);
    });
    chain = run.catch(() => undefined);
    return run;
  };
  await catchUp();
  const quietly = () => void catchUp().catch(() => undefined);
  shared.subscribe(key, quietly);
  shared.onReconnect(quietly);
  return {
    /** Resolves once the line is in Redis and applied here. */
    async append(line: string): Promise<void> {
      const results = await shared.client
        .multi([
          ['rpush', key, line],
          ['publish', key, '1'],
        ])
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error(`${key}: the line was not appended`);
      await catchUp();
    },
  };
}

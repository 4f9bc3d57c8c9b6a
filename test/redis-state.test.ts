import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openRedis, type SharedRedis } from '../src/common/redis.js';
import { createRedisStorage } from '../src/state/redisStorage.js';
import { createLoginLimiter } from '../src/admin/loginLimiter.js';
import { createRedisSessions } from '../src/admin/redisSessions.js';
import { openConfirmLinks } from '../src/admin/confirmLinks.js';
import { openFeedback } from '../src/admin/feedback.js';
import { loadConfig } from '../src/config.js';
import { createClientLimiter } from '../src/http/clientLimiter.js';
import { Redis } from 'ioredis';
import { loadAreas } from '../src/directory/areas.js';
import { openInsights } from '../src/insights/insights.js';
import { removeTempDirs, ROOT, startRedis, tempDir, type TestRedis } from './harness/index.js';

// Conversation state on a real redis-server: the botbuilder Storage contract (eTags, expiry, delete).

let server: TestRedis;
let redis: SharedRedis;

beforeAll(async () => {
  server = await startRedis();
  redis = await openRedis(server.url);
});
afterAll(async () => {
  await redis?.close();
  await server?.close();
  removeTempDirs();
});

describe('RedisStorage', () => {
  test('reads back what was written, with an eTag; a stale eTag fails and changes nothing', async () => {
    const storage = createRedisStorage(redis.client, 60_000, 't1:');
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    const first = await storage.read(['a', 'b', 'missing']);
    expect(Object.keys(first).sort()).toEqual(['a', 'b']);
    expect(first.a).toMatchObject({ n: 1 });
    expect(typeof first.a.eTag).toBe('string');
    await storage.write({ a: { ...first.a, n: 3 } });
    // The second writer saw the first version: its whole write fails, b included.
    await expect(storage.write({ b: { ...first.b, n: 9 }, a: { ...first.a, n: 4 } })).rejects.toThrow(/eTag conflict/);
    const after = await storage.read(['a', 'b']);
    expect(after.a).toMatchObject({ n: 3 });
    expect(after.b).toMatchObject({ n: 2 });
    // '*' (or no eTag) overwrites, as botbuilder's storages do.
    await storage.write({ a: { n: 5, eTag: '*' } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 5 });
  });

  test('two storages (two instances) share items and the eTag check', async () => {
    const one = createRedisStorage(redis.client, 60_000, 't2:');
    const two = createRedisStorage(redis.client, 60_000, 't2:');
    await one.write({ c: { turn: 1 } });
    const seen = (await two.read(['c'])).c;
    await two.write({ c: { ...seen, turn: 2 } });
    await expect(one.write({ c: { ...seen, turn: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await one.read(['c'])).c).toMatchObject({ turn: 2 });
  });

  test('every item expires ttl after its last write; delete drops every key given at once', async () => {
    const storage = createRedisStorage(redis.client, 60_000, 't3:');
    await storage.write({ x: { n: 1 }, y: { n: 2 }, z: { n: 3 } });
    const ttl = await redis.client.pttl('t3:x');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await storage.delete(['x', 'y']);
    expect(await redis.client.exists('t3:x', 't3:y', 't3:z')).toBe(1);
    expect(Object.keys(await storage.read(['x', 'y', 'z']))).toEqual(['z']);
  });
});

describe('admin sessions and sign-in limits in Redis (shared by every instance)', () => {
  test('a session made on one instance is valid on another; idle and absolute limits hold; logout ends it everywhere', async () => {
    let now = 1_000_000;
    const options = { idleMs: 10_000, absoluteMs: 25_000, now: () => now };
    const [one, two] = [createRedisSessions(redis.client, options), createRedisSessions(redis.client, options)];
    const { token, session } = await one.create('a@example.org');
    now += 9_000;
    expect(await two.touch(token)).toMatchObject({ email: 'a@example.org', csrf: session.csrf });
    now += 9_000;
    expect(await one.touch(token)).toBeDefined(); // renewed by the other instance's touch
    now += 8_000; // 26 s after creation: past the absolute limit
    expect(await two.touch(token)).toBeUndefined();
    const second = (await one.create('a@example.org')).token;
    await two.destroy(second);
    expect(await one.touch(second)).toBeUndefined();
    expect(await one.touch('forged')).toBeUndefined();
  });

  test('attempts on one account are counted across instances (5 per account and address)', async () => {
    const limits = { perIp: 100, perAccount: 5, windowSeconds: 60 };
    const [one, two] = [createLoginLimiter(limits, redis.client), createLoginLimiter(limits, redis.client)];
    for (let i = 0; i < 5; i++) await (i % 2 ? one : two).before('10.0.0.9', 'shared@example.org');
    await expect(one.before('10.0.0.9', 'shared@example.org')).rejects.toMatchObject({ status: 429 });
    await expect(two.before('10.0.0.9', 'shared@example.org')).rejects.toMatchObject({ status: 429 });
    await expect(two.before('10.0.0.10', 'shared@example.org')).resolves.toBeUndefined();
  });
});

describe('REDIS_URL', () => {
  test.each([
    { value: undefined, expected: undefined },
    { value: '', expected: undefined },
    { value: 'redis://redis:6379', expected: 'redis://redis:6379' },
    { value: 'rediss://user:pw@host:6380/2', expected: 'rediss://user:pw@host:6380/2' },
  ])('$value → $expected', ({ value, expected }) => {
    expect(loadConfig(value === undefined ? {} : { REDIS_URL: value }, ROOT).redisUrl).toBe(expected);
  });

  test.each(['http://redis:6379', 'redis:6379', 'redis:// space'])('%s is refused at start', (value) => {
    expect(() => loadConfig({ REDIS_URL: value }, ROOT)).toThrow(/REDIS_URL/);
  });
});

describe('insights counters in Redis', () => {
  test('each instance counts in memory; a flush adds its counts to Redis; every instance then sees the sum', async () => {
    const areas = loadAreas('05');
    const now = () => Date.parse('2026-12-03T10:00:00Z');
    const open = () => openInsights('/nonexistent-insights-dir', { areas, now, redis: redis.client });
    const [one, two] = [await open(), await open()];
    const search = { themes: ['housing'], commune: '05061', languages: ['ps'] };
    one.countSearch(search, [{ locality: 'national' }]);
    two.countSearch(search, [{ locality: 'national' }]);
    two.countReport({ id: 'national.3039', themes: ['rights.legal-aid'] }, 'fr');
    const housing = (rows: { node: string; count: number }[]) => rows.find((r) => r.node === 'annuaire.housing')?.count;
    expect(housing(one.counters().pathRows())).toBe(1); // not flushed: this instance's own count only
    await one.flush();
    await two.flush();
    await one.flush(); // nothing new: reads the others' counts back
    for (const instance of [one, two]) {
      expect(housing(instance.counters().pathRows())).toBe(2);
      expect(instance.counters().reportRows()).toEqual([{ month: '2026-12', entry: 'national.3039', count: 1 }]);
    }
    await two.flush();
    expect(housing(two.counters().pathRows())).toBe(2); // a flush with nothing new adds nothing
  });
});

describe('reports and confirmation links in Redis (mirrored by every instance)', () => {
  test('a report sent to one instance is in the queue of the other; closed on the other, it leaves both', async () => {
    const [one, two] = [await openFeedback(tempDir(), Date.now, redis), await openFeedback(tempDir(), Date.now, redis)];
    const report = await one.report({ entryId: 'national.3039', reason: 'phone' });
    await expect.poll(() => two.open().map((r) => r.id)).toEqual([report.id]);
    expect(two.find(report.id)).toMatchObject({ entryId: 'national.3039', reason: 'phone' });
    await two.close(report.id, 'fixed', 'admin@example.org');
    expect(two.isOpen(report.id)).toBe(false);
    await expect.poll(() => one.open()).toEqual([]);
  });

  test('a link issued on one instance opens on the other; revoked on the other, both refuse it (410)', async () => {
    const secret = 'x'.repeat(40);
    const [one, two] = [
      await openConfirmLinks(tempDir(), secret, Date.now, redis),
      await openConfirmLinks(tempDir(), secret, Date.now, redis),
    ];
    const { token, link } = await one.issue('gap.cidff', 'admin@example.org');
    await expect.poll(() => two.get(link.id)?.entryId).toBe('gap.cidff');
    expect(two.check(token).id).toBe(link.id);
    await two.revoke(link.id, 'admin@example.org');
    expect(() => two.check(token)).toThrow(expect.objectContaining({ status: 410 }));
    await expect.poll(() => one.get(link.id)?.revokedAt).toBeDefined();
    expect(() => one.check(token)).toThrow(expect.objectContaining({ status: 410 }));
  });
});

describe('per-client limits in Redis', () => {
  test('counted by every instance together; with Redis away, in memory instead of failing', async () => {
    const shared = { redis: redis.client, name: 'test-turns' };
    const [one, two] = [createClientLimiter(3, shared), createClientLimiter(3, shared)];
    expect([await one('10.1.1.1'), await two('10.1.1.1'), await one('10.1.1.1')]).toEqual([0, 0, 0]);
    expect(await two('10.1.1.1')).toBeGreaterThan(0);
    expect(await two('10.1.1.2')).toBe(0);
    const away = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    away.on('error', () => undefined);
    const insured = createClientLimiter(2, { redis: away, name: 'away' });
    expect([await insured('10.1.1.3'), await insured('10.1.1.3')]).toEqual([0, 0]);
    expect(await insured('10.1.1.3')).toBeGreaterThan(0);
    away.disconnect();
  });
});

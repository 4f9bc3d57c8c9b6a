// Child process for the benchmark and the soak test: serves Passerelle or the echo bot on
// 127.0.0.1 (port 0), reports its URL to the parent, and answers memory / sweep / gc requests.
// It runs compiled (dist/bench/serve.js, `npm run build:bench`), as a deployment runs dist/src, with
// the checkout to serve as its working directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/common/logger.js';
import { createApp } from '../src/app.js';
import { MemoryStorage } from 'botbuilder';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { FileStorage } from '../src/state/fileStorage.js';
import { createEchoServer } from './echo.js';

const kind = process.argv[2];
const stateDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-'));
const send = (m: object) => process.send!(m);
let sweep = async (_at?: number) => 0;
let size = () => 0;

if (kind === 'echo') {
  const server = createEchoServer(undefined, process.env.BENCH_ECHO_REUSED === '1');
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  send({ type: 'ready', url: `http://127.0.0.1:${server.address().port}` });
} else {
  // BENCH_REDIS_URL: the same Passerelle with every shared piece of state in that Redis (`--redis`).
  const redis = process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {};
  const config = loadConfig(
    { STATE_DIR: stateDir, LOG_LEVEL: 'silent', STATE_TTL_HOURS: process.env.BENCH_TTL_HOURS ?? '24', ...redis },
    process.cwd(),
  );
  // BENCH_STORAGE=memory isolates the cost of the file storage (diagnosis only; never in production).
  const storage = process.env.BENCH_STORAGE === 'memory' ? { storage: new MemoryStorage() } : {};
  const app = await createApp(config, { logger: createLogger('silent'), ...storage });
  const url = await app.listen(0, '127.0.0.1');
  // Wait for the language models to warm (readiness), as a load balancer would.
  for (let i = 0; i < 600 && (await fetch(`${url}/readyz`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  const files = app.storage as Partial<FileStorage>;
  sweep = async (at) => (files.sweep ? files.sweep(at ?? Date.now() + config.stateTtlMs + 60_000) : 0);
  size = () => files.size?.() ?? -1;
  send({ type: 'ready', url });
}

// Time spent in garbage collection (main-thread pauses), reported with the CPU time.
let gcMs = 0;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', async (m: { type: string }) => {
  if (m.type === 'sweep') send({ type: 'swept', removed: await sweep((m as { at?: number }).at) });
  // CPU time of this process (user + system, µs): per request, it is what a turn costs whatever else runs on the machine.
  if (m.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', micros: user + system, system, gcMs, majorGcs });
  }
  if (m.type === 'mem') {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    send({ type: 'mem', rss, heapUsed, conversations: size() });
  }
});
process.on('disconnect', () => {
  rmSync(stateDir, { recursive: true, force: true });
  process.exit(0);
});

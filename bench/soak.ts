// `npm run soak -- --minutes 10`: mixed traffic against Passerelle on loopback for a bounded time
// (new and continuing conversations, bad inputs, directory searches, health checks), reporting
// errors by kind and memory per minute. Stops by itself; writes its section of bench/RESULTS.md.
import { join } from 'node:path';
import { writeSection } from './results.js';
import { forkServer } from './compiled.js';
import { benchActivity } from './activity.js';

const args = new Map(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]] as const] : [])),
);
const MINUTES = Math.min(Number(args.get('minutes') ?? 10), 120);
const WORKERS = Number(args.get('workers') ?? 8);

type Mem = { rss: number; heapUsed: number; conversations: number };
const root = join(import.meta.dirname, '..');
const child = forkServer(root, 'passerelle', {
  env: { ...process.env, BENCH_TTL_HOURS: args.get('ttl-hours') ?? '24' },
});
const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
const mem = () => new Promise<Mem>((resolve) => (child.once('message', resolve as never), child.send({ type: 'mem' })));

const activity = benchActivity;

interface Tally {
  count: number;
  failures: number;
  ms: number[];
  samples: string[];
}
const tallies = new Map<string, Tally>();
async function hit(
  kind: string,
  expect: number[],
  request: () => Promise<Response>,
  check?: (body: string) => boolean,
): Promise<void> {
  const t = tallies.get(kind) ?? { count: 0, failures: 0, ms: [], samples: [] };
  tallies.set(kind, t);
  t.count++;
  const started = performance.now();
  try {
    const res = await request();
    const body = await res.text();
    if (!expect.includes(res.status) || (check && !check(body))) {
      t.failures++;
      if (t.samples.length < 3) t.samples.push(`${res.status} ${body.slice(0, 120)}`);
    }
  } catch (err) {
    t.failures++;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (t.samples.length < 3)
      t.samples.push(`network: ${(err as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`);
  }
  t.ms.push(performance.now() - started);
}

const post =
  (body: unknown, type = 'application/json') =>
  () =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
const replied = (body: string) =>
  (JSON.parse(body).activities ?? []).some((a: { type: string }) => a.type === 'message');
const LOCALES = ['fr', 'en', 'ar', 'fa', 'ps', 'ti', 'ru', 'uk', undefined];
const ANSWERS = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  'menu',
  'retour',
  'back',
  'aide',
  '١',
  '۲',
  'logement',
  'urgence',
  'je ne sais pas',
  'Gap',
  '05000',
];
const BAD: [string, () => Promise<Response>, number[]][] = [
  ['bad: malformed JSON', post('{"type": "message", '), [400]],
  ['bad: missing fields', post({ type: 'message', text: 'hi' }), [400]],
  ['bad: text > 20,000', post(activity('bad', 'x'.repeat(20_001))), [413]],
  ['bad: body > 64 KiB', post(activity('bad', 'x', { value: 'y'.repeat(70_000) })), [413]],
  ['bad: wrong content type', post('type=message', 'text/plain'), [415]],
  [
    'bad: public serviceUrl',
    post(activity('bad', 'x', { deliveryMode: 'normal', serviceUrl: 'https://example.org/' })),
    [400],
  ],
];
let directoryAnswers: boolean | undefined;

let seq = 0;
const pool: string[] = [];
async function worker(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const r = Math.random();
    if (r < 0.25 || pool.length < 20) {
      const id = `soak-${seq++}`;
      const locale = LOCALES[seq % LOCALES.length];
      await hit('new conversation', [200], post(activity(id, undefined, locale ? { locale } : {})), replied);
      if (pool.length < 2_000) pool.push(id);
      else pool[seq % pool.length] = id;
    } else if (r < 0.7) {
      // Take the conversation out of the pool for the turn: one turn in flight per conversation.
      const id = pool.splice(Math.floor(Math.random() * pool.length), 1)[0];
      await hit(
        'continuing turn',
        [200],
        post(activity(id, ANSWERS[Math.floor(Math.random() * ANSWERS.length)])),
        replied,
      );
      pool.push(id);
    } else if (r < 0.85) {
      const [kind, request, statuses] = BAD[Math.floor(Math.random() * BAD.length)];
      await hit(kind, statuses, request);
    } else if (r < 0.95 && directoryAnswers !== false) {
      const q = ['logement', 'français', 'santé', 'Gap', 'psychologue', 'CADA'][Math.floor(Math.random() * 6)];
      await hit('directory search', [200], () => fetch(`${url}/api/directory/search?q=${encodeURIComponent(q)}`));
    } else {
      await hit('health', [200], () => fetch(`${url}/healthz`));
    }
  }
}

directoryAnswers = (await fetch(`${url}/api/directory/search?q=gap`)).status === 200;
console.log(
  `soak: ${MINUTES} min, ${WORKERS} workers, ${url} (directory search ${directoryAnswers ? 'answers' : 'not available: skipped'})`,
);
const memory: (Mem & { minute: number; requests: number })[] = [{ minute: 0, requests: 0, ...(await mem()) }];
const deadline = Date.now() + MINUTES * 60_000;
const total = () => [...tallies.values()].reduce((n, t) => n + t.count, 0);
const ticker = setInterval(async () => {
  const m = { minute: memory.length, requests: total(), ...(await mem()) };
  memory.push(m);
  console.log(
    `minute ${m.minute}: ${m.requests} requests, RSS ${(m.rss / 2 ** 20).toFixed(0)} MB, heap ${(m.heapUsed / 2 ** 20).toFixed(1)} MB, ${m.conversations} conversations stored`,
  );
}, 60_000);
await Promise.all(Array.from({ length: WORKERS }, () => worker(deadline)));
clearInterval(ticker);
const last = { minute: MINUTES, requests: total(), ...(await mem()) };
if (memory.at(-1)!.minute < MINUTES) memory.push(last);
child.disconnect();

const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]?.toFixed(0) ?? '-';
const MB = (n: number) => (n / 2 ** 20).toFixed(1);
// Heap growth per minute after the first minute (warm-up), from the GC'd heap.
const steady = memory.filter((m) => m.minute >= 1);
const slope =
  steady.length > 1 ? (steady.at(-1)!.heapUsed - steady[0].heapUsed) / (steady.at(-1)!.minute - steady[0].minute) : 0;
const failures = [...tallies.values()].reduce((n, t) => n + t.failures, 0);
const report = [
  `## Soak — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Command: \`npm run soak -- --minutes ${MINUTES}\` (${WORKERS} concurrent clients, loopback, Passerelle in its own process). ${total().toLocaleString('en')} requests, **${failures} unexpected** (wrong status, missing reply or network error).`,
  '',
  '| kind | requests | unexpected | p50 ms | p99 ms | first unexpected |',
  '|---|---|---|---|---|---|',
  ...[...tallies]
    .sort((a, b) => b[1].count - a[1].count)
    .map(
      ([k, t]) => `| ${k} | ${t.count} | ${t.failures} | ${pct(t.ms, 50)} | ${pct(t.ms, 99)} | ${t.samples[0] ?? ''} |`,
    ),
  '',
  '| minute | requests so far | RSS MB | heap after GC MB | conversations stored |',
  '|---|---|---|---|---|',
  ...memory.map((m) => `| ${m.minute} | ${m.requests} | ${MB(m.rss)} | ${MB(m.heapUsed)} | ${m.conversations} |`),
  '',
  `Heap growth after the first minute: ${MB(slope)} MB/min (each stored conversation keeps a small index entry in memory until it expires: ${args.get('ttl-hours') ?? 24} h here).`,
].join('\n');
console.log(`\n${report}\n`);
writeSection('soak', report);
process.exit(failures ? 1 : 0);

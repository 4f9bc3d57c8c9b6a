// `npm run bench`: Passerelle against a bare botbuilder echo bot, both on loopback, each in its own
// process, driven by autocannon with expectReplies activities. Writes bench/RESULTS.md.
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { writeSection } from './results.js';
import { benchActivity } from './activity.js';
import { forkServer } from './compiled.js';

const args = new Map(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]] as const] : [])),
);
const DURATION = Number(args.get('seconds') ?? 20);
const CONNECTIONS = Number(args.get('connections') ?? 10);
const CONVERSATIONS = Number(args.get('conversations') ?? 100_000);
/** Conversations prepared per pooled scenario and server; each is used by one request at a time. */
const POOL = CONNECTIONS * 20;
const ROUNDS = Number(args.get('rounds') ?? 10);

interface Child {
  url: string;
  ask<T>(type: string, extra?: object): Promise<T>;
  stop(): void;
}

const PROFILE = args.get('profile'); // a directory: Passerelle runs with --cpu-prof into it
type Scenario = 'first' | 'continuing' | 'contacts';
const LABELS: Record<Scenario, string> = {
  first: 'first turn (new conversation, greeting)',
  continuing: 'continuing (menu choice / "menu")',
  contacts: 'continuing, one turn in three lists contacts',
};
const ALL = Object.keys(LABELS) as Scenario[];
/** Scenarios on conversations prepared beforehand (a pool of POOL conversations each). */
const POOLED: Scenario[] = ['continuing', 'contacts'];
/** `--scenarios continuing` measures one scenario only (diagnosis, e.g. with --profile). */
const SCENARIOS = (args.get('scenarios')?.split(',') ?? ALL) as Scenario[];

/**
 * `--baseline DIR`: diagnosis of a change. The reference server is Passerelle from another checkout
 * (e.g. a `git worktree` of the previous commit, built with `npx tsc -p tsconfig.bench.json`) instead
 * of the echo bot, so the ratios compare the two versions under the same conditions.
 */
const BASELINE = args.get('baseline');
/**
 * `--redis redis://127.0.0.1:6379`: the reference is Passerelle on its embedded stores (shown as
 * "echo") and the measured server the same build on that Redis (REDIS_URL): the ratio is what Redis
 * costs a turn. Use an empty, throwaway Redis (the run writes passerelle:* keys). Writes the "redis" section.
 */
const REDIS = args.get('redis');
/**
 * `--echo-reused`: the echo bot keeps its connector clients between turns as Passerelle does
 * (src/bot/reusedClients.ts), so the ratio is the cost of Passerelle's own work alone (the "own" section).
 */
const ECHO_REUSED = args.has('echo-reused');

function startChild(
  kind: 'passerelle' | 'echo',
  root = join(import.meta.dirname, '..'),
  extraEnv: Record<string, string> = {},
): Promise<Child> {
  const profile =
    PROFILE && (kind === 'passerelle' || args.has('profile-echo')) ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const env = { ...process.env, ...(args.get('storage') ? { BENCH_STORAGE: args.get('storage') } : {}), ...extraEnv };
  const child = forkServer(root, kind, { env, execArgv: profile });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: { url: string }) =>
      resolve({
        url: m.url,
        ask: (type, extra = {}) =>
          new Promise((done) => {
            child.once('message', done as never);
            child.send({ type, ...extra });
          }),
        stop: () => child.disconnect(),
      }),
    );
  });
}

const run = Date.now().toString(36);
const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ');
const activity = (conversation: string, text?: string) =>
  JSON.stringify(benchActivity(conversation, text, { locale: 'en' }));

let fresh = 0;

/** Turns sent so far in each pooled conversation, across rounds. */
const sent = new Map<string, number>();
/** Pooled conversations with a request in flight, and where each pool's round robin stands. */
const busy = new Set<string>();
const cursor = new Map<string, number>();
/** Answers seen per pooled scenario, and how many listed directory contacts: the mix is checked, not assumed. */
const seen = new Map<string, { answers: number; contacts: number }>();

/**
 * The next pooled conversation with no request in flight, round robin. (autocannon resets a request's
 * context at each new sequence, here at every request: the context cannot hold a conversation per
 * connection. Until 2026-12-03 it tried to, and most "continuing" turns went to new conversations.)
 */
function nextConversation(scenario: Scenario, prefix: string): string {
  const pool = `${prefix}-${scenario}`;
  for (;;) {
    const k = cursor.get(pool) ?? 0;
    cursor.set(pool, k + 1);
    const id = `${pool}-${k % POOL}`;
    if (!busy.has(id)) return id;
  }
}

function bodyFor(scenario: Scenario, prefix: string, context: Record<string, string>): string {
  if (scenario === 'first') return activity(`${prefix}-new-${fresh++}`);
  const conversation = nextConversation(scenario, prefix);
  busy.add(conversation);
  context.conversation = conversation;
  const n = sent.get(conversation) ?? 0;
  sent.set(conversation, n + 1);
  // Contacts: housing, "nowhere to sleep tonight" (three entries from the directory, with their
  // hours and sources), then "menu": one turn in three shows contacts.
  if (scenario === 'contacts') return activity(conversation, ['2', '1', 'menu'][n % 3]);
  // Each conversation alternates a main-menu choice (1–6, the six needs in turn) with "menu", which
  // brings it back. Counted per conversation, not per round: a round that started out of step would
  // send numbers to the needs' own menus (contacts from the directory: heavier turns) and change the mix.
  return activity(conversation, n % 2 ? 'menu' : String(1 + ((n >> 1) % 6)));
}

function answered(scenario: Scenario, prefix: string, body: string, context: Record<string, string>): void {
  if (context.conversation) busy.delete(context.conversation);
  const key = `${prefix}-${scenario}`;
  const counts = seen.get(key) ?? { answers: 0, contacts: 0 };
  counts.answers++;
  if (body.includes('"channelData":{"entry"')) counts.contacts++;
  seen.set(key, counts);
}

async function prepare(url: string, prefix: string): Promise<void> {
  const post = (body: string) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) =>
      r.json(),
    );
  for (const scenario of POOLED)
    for (let k = 0; k < POOL; k++) {
      const id = `${prefix}-${scenario}-${k}`;
      await post(activity(id));
      await post(activity(id, '1')); // "elsewhere": Passerelle waits at main.menu
    }
}

/** What a server reports of itself (bench/serve.ts): CPU µs (all, system), GC pause ms, full GCs. */
interface CpuSample {
  micros: number;
  system: number;
  gcMs: number;
  majorGcs: number;
}

interface Measure {
  /** Server CPU time per request, µs (filled in by the rounds). */
  cpu?: number;
  /** Of which system (kernel) time. */
  system?: number;
  /** Garbage-collection pauses during the round, ms. */
  gcMs?: number;
  /** Full (mark-compact) collections during the round. */
  majorGcs?: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

async function measure(
  url: string,
  scenario: Scenario,
  prefix: string,
  duration = DURATION,
  amount?: number,
): Promise<Measure> {
  const result = await autocannon({
    url: `${url}/api/messages`,
    connections: CONNECTIONS,
    ...(amount ? { amount } : { duration }),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req, context) => ({
          ...req,
          body: bodyFor(scenario, prefix, context as Record<string, string>),
        }),
        onResponse: (_status, body, context) => answered(scenario, prefix, body, context as Record<string, string>),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/** Median of a list of numbers. */
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Summary {
  /** Median server CPU time per request, µs. */
  cpu: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Passerelle ÷ echo in each round, for the ratios' spread. */
  ratios?: number[];
  p99Ratios?: number[];
}

/** Totals over the rounds: throughput from all requests, latencies as the median of the rounds. */
function summarise(runs: Measure[]): Summary {
  return {
    cpu: median(runs.map((r) => r.cpu ?? 0)),
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** What Passerelle's answers were in the pooled scenarios: the share that listed directory contacts. */
function mix(): string {
  const parts = POOLED.filter((sc) => SCENARIOS.includes(sc)).map((sc) => {
    const counts = seen.get(`passerelle-${run}-${sc}`) ?? { answers: 0, contacts: 0 };
    const share = counts.answers ? (100 * counts.contacts) / counts.answers : 0;
    return `${LABELS[sc]}: ${share.toFixed(1)} % of ${counts.answers.toLocaleString('en')} answers listed contacts`;
  });
  return `Pooled conversations (${POOL} per scenario, one request at a time each), Passerelle's answers checked: ${parts.join('; ')}.`;
}

async function main(): Promise<void> {
  console.log(
    `bench: ${DURATION} s per scenario and server in ${ROUNDS} interleaved rounds, ${CONNECTIONS} connections, then ${CONVERSATIONS.toLocaleString('en')} conversations`,
  );
  const echo =
    BASELINE || REDIS
      ? await startChild('passerelle', BASELINE)
      : await startChild('echo', undefined, ECHO_REUSED ? { BENCH_ECHO_REUSED: '1' } : {});
  if (ECHO_REUSED) console.log('reference: the echo bot, its connector clients kept between turns');
  if (BASELINE) console.log(`reference: Passerelle from ${BASELINE} (shown as "echo")`);
  if (REDIS) console.log(`reference: Passerelle embedded (shown as "echo"); measured: Passerelle on ${REDIS}`);
  const passerelle = await startChild('passerelle', undefined, REDIS ? { BENCH_REDIS_URL: REDIS } : {});
  const servers = { echo, passerelle } as const;
  for (const [name, server] of Object.entries(servers)) {
    await prepare(server.url, `${name}-${run}`);
    for (const scenario of POOLED) await measure(server.url, scenario, `${name}-${run}`, 2); // warm-up, not reported
  }
  // The machine's load drifts: echo and Passerelle alternate in short rounds (order swapped each
  // round), so both see the same conditions and each round gives a ratio.
  const slice = Math.max(1, Math.round(DURATION / ROUNDS));
  const runs = Object.fromEntries(
    (['echo', 'passerelle'] as const).map((name) => [
      name,
      Object.fromEntries(SCENARIOS.map((s) => [s, [] as Measure[]])),
    ]),
  ) as Record<'echo' | 'passerelle', Record<Scenario, Measure[]>>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of SCENARIOS) {
      const order = round % 2 ? (['passerelle', 'echo'] as const) : (['echo', 'passerelle'] as const);
      for (const name of order) {
        const before = await servers[name].ask<CpuSample>('cpu');
        const m = await measure(servers[name].url, scenario, `${name}-${run}`, slice);
        const after = await servers[name].ask<CpuSample>('cpu');
        m.gcMs = after.gcMs - before.gcMs;
        m.majorGcs = after.majorGcs - before.majorGcs;
        m.cpu = (after.micros - before.micros) / Math.max(1, m.requests);
        m.system = (after.system - before.system) / Math.max(1, m.requests);
        runs[name][scenario].push(m);
      }
    }
  }
  const results = Object.fromEntries(
    (['echo', 'passerelle'] as const).map((name) => [
      name,
      Object.fromEntries(SCENARIOS.map((s) => [s, summarise(runs[name][s])])),
    ]),
  ) as Record<'echo' | 'passerelle', Record<Scenario, Summary>>;
  for (const scenario of SCENARIOS) {
    const p = results.passerelle[scenario];
    p.ratios = runs.passerelle[scenario].map((r, i) => r.rps / runs.echo[scenario][i].rps);
    p.p99Ratios = runs.passerelle[scenario].map((r, i) => r.p99 / Math.max(1, runs.echo[scenario][i].p99));
  }
  for (const name of ['echo', 'passerelle'] as const) console.log(name, JSON.stringify(results[name]));
  if (process.env.BENCH_VERBOSE)
    for (const name of ['echo', 'passerelle'] as const)
      for (const sc of SCENARIOS)
        console.log(
          name,
          sc,
          'cpu µs/turn by round (system)',
          runs[name][sc]
            .map(
              (r) =>
                `${r.cpu?.toFixed(0)} (sys ${r.system?.toFixed(0)}, gc ${r.gcMs?.toFixed(0)} ms, ${r.majorGcs} major)`,
            )
            .join(' '),
          'req/s',
          runs[name][sc].map((r) => r.rps.toFixed(0)).join(' '),
        );
  echo.stop();

  const before = await passerelle.ask<{ rss: number; heapUsed: number; conversations: number }>('mem');
  const started = Date.now();
  const bulk = await measure(passerelle.url, 'first', `mem-${run}`, undefined, CONVERSATIONS);
  const after = await passerelle.ask<{ rss: number; heapUsed: number; conversations: number }>('mem');
  // Expiry: sweep with the clock 24 h + 1 min ahead (what the sweep timer does a day later).
  const swept = await passerelle.ask<{ removed: number }>('sweep', {});
  const expired = await passerelle.ask<{ rss: number; heapUsed: number; conversations: number }>('mem');
  passerelle.stop();

  const e = results.echo;
  const p = results.passerelle;
  const spread = (xs: number[]) =>
    `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}, median ${median(xs).toFixed(2)}`;
  const row = (label: string, s: Scenario) =>
    `| ${label} | ${e[s].rps.toFixed(0)} | ${p[s].rps.toFixed(0)} | **${(p[s].rps / e[s].rps).toFixed(2)}×** (rounds ${spread(p[s].ratios!)}) | ${e[s].cpu.toFixed(0)} / ${p[s].cpu.toFixed(0)} (**${(e[s].cpu / p[s].cpu).toFixed(2)}×**) | ${e[s].p50} / ${e[s].p99} | ${p[s].p50} / ${p[s].p99} | **${(p[s].p99 / Math.max(e[s].p99, 1)).toFixed(2)}×** (rounds ${spread(p[s].p99Ratios!)}) | ${e[s].errors} / ${p[s].errors} |`;
  const table = [
    `## Benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mb(totalmem())} RAM, Node ${process.version}, load average before the run ${loadBefore}; each server in its own process, autocannon in a third; ${CONNECTIONS} connections, loopback, expectReplies. Each scenario: ${ROUNDS} rounds of ${slice} s per server, echo and Passerelle alternating; req/s the mean of the rounds, latency the median of the rounds' percentiles.`,
    '',
    '| scenario | echo req/s | Passerelle req/s | ratio (target ≥ 0.8) | server CPU µs/turn echo / P. (echo ÷ P.) | echo p50 / p99 ms | Passerelle p50 / p99 ms | p99 ratio (target ≤ 2) | non-2xx+errors echo / P. |',
    '|---|---|---|---|---|---|---|---|---|',
    ...SCENARIOS.map((s) => row(LABELS[s], s)),
    '',
    mix(),
    '',
    `Memory (Passerelle, RSS / heap after GC): before ${mb(before.rss)} / ${mb(before.heapUsed)} (${before.conversations.toLocaleString('en')} conversations stored); after ${bulk.requests.toLocaleString('en')} new conversations in ${((Date.now() - started) / 1000).toFixed(0)} s (${bulk.rps.toFixed(0)} req/s, ${bulk.errors} errors): ${mb(after.rss)} / ${mb(after.heapUsed)} (${after.conversations.toLocaleString('en')} stored); after the expiry sweep (${swept.removed.toLocaleString('en')} conversations removed): ${mb(expired.rss)} / ${mb(expired.heapUsed)} (${expired.conversations} stored).`,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (REDIS && !PROFILE && SCENARIOS.length === ALL.length)
    writeSection(
      'redis',
      `Command: \`npm run bench -- --redis redis://127.0.0.1:6379\` ("echo" = Passerelle embedded, "Passerelle" = the same on Redis, same run).\n\n${table}`,
    );
  const complete = !args.get('storage') && !PROFILE && !BASELINE && !REDIS && SCENARIOS.length === ALL.length;
  if (complete && ECHO_REUSED)
    writeSection(
      'own',
      `Command: \`npm run bench -- --echo-reused\` ("echo" = the echo bot keeping its connector clients between turns, as Passerelle does: the ratio is Passerelle's own work).\n\n${table}`,
    );
  // Diagnostic runs (another storage, profiling, the reused-clients echo) do not replace the reference numbers.
  else if (complete)
    writeSection(
      'bench',
      `Command: \`npm run bench\` (options: \`-- --seconds 20 --rounds 10 --connections 10 --conversations 100000\`).\n\n${table}`,
    );
}

await main();

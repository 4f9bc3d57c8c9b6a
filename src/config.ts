import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { fieldProblems } from './common/zodIssues.js';
import { DEFAULT_OFFICIAL_DOMAINS } from './directory/sourceKind.js';

export { DEFAULT_OFFICIAL_DOMAINS };

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** An IPv4 or IPv6 address, with an optional prefix length (10.0.0.0/8), or `loopback`. */
const isProxyAddress = (item: string) => {
  if (item === 'loopback') return true;
  const [address, prefix, extra] = item.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

const RedisUrl = z.string().regex(/^rediss?:\/\/\S+$/, 'expected redis://host:port[/db] or rediss://…');
/** A count per minute or per client; 0 turns the limit off where the setting says so. */
const count = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  DIRECTORY_FILE: z.string().default('data/directory.json'),
  /** INSEE code of the département served (communes, arrondissements and its name come from it). */
  DEPARTEMENT: z
    .string()
    .regex(/^(\d{2}|2[AB]|97\d)$/, 'an INSEE département code such as 05')
    .default('05'),
  STATE_DIR: z.string().default('var'),
  /** The texts (locales/<lng>/*.json): translators' edits from the admin page are written here. */
  LOCALES_DIR: z.string().default('locales'),
  /** Where the chat's quick exit goes: a neutral page on another site, replacing the chat in the history. */
  QUICK_EXIT_URL: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://meteofrance.com/' })
    .default('https://meteofrance.com/'),
  /** Hours a conversation is kept after its last message. */
  STATE_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(64 * 1024),
  /** Disk kept for synthesised audio in STATE_DIR/audio; the least recently heard goes first. */
  AUDIO_CACHE_MB: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Speech synthesis threads (each holds the engine, ≈60 MB). */
  AUDIO_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  /** Audio requests that may wait for a thread; beyond, 503 with Retry-After. */
  AUDIO_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges,
   * or `loopback`): the client address every limit counts by. Empty: the peer address, always.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((items) => items.every(isProxyAddress), {
      message: 'expected addresses or CIDR ranges separated by commas (e.g. 127.0.0.1,10.0.0.0/8), or loopback',
    }),
  /** Local Direct Line: conversations kept at once (new ones get 503 when every one is in use). */
  DIRECTLINE_MAX_CONVERSATIONS: count(2000, 1_000_000).pipe(z.number().min(1)),
  /** Local Direct Line: conversations one client address may open per minute (0: no limit). */
  DIRECTLINE_NEW_PER_MINUTE: count(20, 100_000),
  /** Local Direct Line: megabytes of activities kept in memory, all conversations together. */
  DIRECTLINE_MAX_MB: count(64, 100_000).pipe(z.number().min(1)),
  /** /api/messages without channel authentication: turns one client address may run per minute (0: no limit). */
  MESSAGES_TURNS_PER_MINUTE: count(120, 1_000_000),
  /** Shared state in Redis for several instances (redis:// or rediss://); empty: all in this process. */
  REDIS_URL: optional.pipe(RedisUrl.optional()),
  /** Public base URL of this server (links in e-mails, printed sheets, chat buttons); else each request's host. */
  PUBLIC_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Secret that signs the links services use to confirm their entry (32+ characters); links are off without it. */
  CONFIRM_LINK_SECRET: optional.pipe(z.string().min(32, 'at least 32 characters').optional()),
  /** Domains of the State and public bodies: only their pages are called "official source". */
  OFFICIAL_DOMAINS: z
    .string()
    .default(DEFAULT_OFFICIAL_DOMAINS.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Insights: a count below this is shown as "< N" in every view and export. */
  INSIGHTS_MIN_COUNT: z.coerce.number().int().min(2).max(1000).default(5),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MicrosoftAppTenantId: optional,
});

export interface Config {
  port: number;
  host: string;
  directoryFile: string;
  /** INSEE code of the département served. */
  departement: string;
  stateDir: string;
  /** Where locales/<lng>/*.json live (translators' edits are written there). */
  localesDir: string;
  quickExitUrl: string;
  stateTtlMs: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  maxBodyBytes: number;
  audio: { cacheBytes: number; workers: number; queue: number };
  /** Proxies whose X-Forwarded-For names the client (addresses, CIDR ranges or `loopback`). */
  trustProxy: string[];
  directLine: { maxConversations: number; newPerMinute: number; maxBytes: number };
  /** Turns per minute per client address on /api/messages when channel authentication is off (0: no limit). */
  messagesTurnsPerMinute: number;
  /** Shared state in Redis when set (several instances); undefined: all state in this process. */
  redisUrl?: string;
  /** Insights: counts below this are suppressed ("< N") in every view and export. */
  insightsMinCount: number;
  /** Where dialogs/ and locales/ live (the repository root). */
  contentDir: string;
  microsoftApp: { appId?: string; appPassword?: string; appType?: string; tenantId?: string };
  publicUrl?: string;
  /** HMAC secret of the services' confirmation links; undefined: no links can be made. */
  confirmLinkSecret?: string;
  officialDomains: string[];
  /** The clock every rule reads (freshness, expiry, opening hours): tests pass their own. */
  now: () => number;
}

export class ConfigError extends Error {}

/** The only reader of process.env: every problem is reported at once, then the start stops. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = fieldProblems(parsed.error, '(environment)').map((i) => `  - ${i.field}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
    throw new ConfigError('invalid configuration:\n  - MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    directoryFile: resolve(root, e.DIRECTORY_FILE),
    departement: e.DEPARTEMENT,
    stateDir: resolve(root, e.STATE_DIR),
    localesDir: resolve(root, e.LOCALES_DIR),
    quickExitUrl: e.QUICK_EXIT_URL,
    stateTtlMs: e.STATE_TTL_HOURS * 3600 * 1000,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    audio: { cacheBytes: e.AUDIO_CACHE_MB * 1024 * 1024, workers: e.AUDIO_WORKERS, queue: e.AUDIO_QUEUE },
    trustProxy: e.TRUST_PROXY,
    directLine: {
      maxConversations: e.DIRECTLINE_MAX_CONVERSATIONS,
      newPerMinute: e.DIRECTLINE_NEW_PER_MINUTE,
      maxBytes: e.DIRECTLINE_MAX_MB * 1024 * 1024,
    },
    messagesTurnsPerMinute: e.MESSAGES_TURNS_PER_MINUTE,
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    insightsMinCount: e.INSIGHTS_MIN_COUNT,
    contentDir: root,
    ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/$/, '') } : {}),
    ...(e.CONFIRM_LINK_SECRET ? { confirmLinkSecret: e.CONFIRM_LINK_SECRET } : {}),
    officialDomains: e.OFFICIAL_DOMAINS,
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    now: Date.now,
  };
}

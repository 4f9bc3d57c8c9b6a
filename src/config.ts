import { resolve } from 'node:path';
import { z } from 'zod';
import { fieldProblems } from './shared/zodIssues.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

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
  /** Where dialogs/ and locales/ live (the repository root). */
  contentDir: string;
  microsoftApp: { appId?: string; appPassword?: string; appType?: string; tenantId?: string };
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
    contentDir: root,
    microsoftApp: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
    },
    now: Date.now,
  };
}

import { resolve } from 'node:path';
import { z } from 'zod';
import { fieldProblems } from './shared/zodIssues.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** The State's and public bodies' web domains (a page under one of them is an official source). */
export const DEFAULT_OFFICIAL_DOMAINS = [
  'gouv.fr',
  'service-public.fr',
  'ameli.fr',
  'caf.fr',
  'francetravail.fr',
  'francetravail.org',
  'ofii.fr',
  'ars.sante.fr',
  'assemblee-nationale.fr',
  'senat.fr',
  'defenseurdesdroits.fr',
  'refugies.info',
  'hautes-alpes.fr',
];

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
  stateTtlMs: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  maxBodyBytes: number;
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
    stateTtlMs: e.STATE_TTL_HOURS * 3600 * 1000,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
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

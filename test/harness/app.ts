import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import { openAccounts, type NewAccount } from '../../src/admin/accounts.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/common/logger.js';
import type { FakeClock } from './clock.js';
import { DIRECTORY, ROOT } from './paths.js';

export interface AppOptions {
  /** Configuration, as environment variables (LOG_LEVEL is silent unless given). */
  env?: Record<string, string>;
  /** A STATE_DIR to reuse (a restart): close() leaves it. A fresh temporary one otherwise. */
  stateDir?: string;
  /** A directory file the test made in its own temporary folder, used in place; else a copy of data/directory.json. */
  directoryFile?: string;
  /** Run on a temporary copy of locales/ (tests that write translations); the repository's otherwise. */
  ownLocales?: boolean;
  /** The app's clock (config.now: conversation expiry, admin sessions); the real one otherwise. */
  clock?: FakeClock;
  /** Conversation state other than the journal in STATE_DIR (MemoryStorage…). */
  storage?: Storage;
  /** Admin accounts created in STATE_DIR before the start. */
  accounts?: (NewAccount & { password: string })[];
  /** Where the logs go (every level); nowhere otherwise. */
  log?: NodeJS.WritableStream;
}

export interface TestApp {
  app: App;
  config: Config;
  stateDir: string;
  /** The directory file this app reads and writes. */
  directoryFile: string;
  /** The locales folder this app reads (and, with ownLocales, writes). */
  localesDir: string;
  /** Stops the app and removes the temporary folders it made. */
  close(): Promise<void>;
}

/** The paths an app runs on: the test's own, or new ones under `own` (a temporary folder). */
export function appPaths(options: Pick<AppOptions, 'env' | 'stateDir' | 'directoryFile' | 'ownLocales'>, own: string) {
  for (const name of ['STATE_DIR', 'DIRECTORY_FILE', 'LOCALES_DIR'])
    if (options.env?.[name] !== undefined) throw new Error(`test harness: pass ${name} as an option, not in env`);
  if (options.directoryFile && resolve(options.directoryFile) === DIRECTORY)
    throw new Error('test harness: an app never runs on the checked-in data/directory.json (it may write it)');
  const stateDir = options.stateDir ?? join(own, 'state');
  mkdirSync(stateDir, { recursive: true });
  let directoryFile = options.directoryFile;
  if (!directoryFile) {
    directoryFile = join(own, 'directory.json');
    copyFileSync(DIRECTORY, directoryFile);
  }
  let localesDir = join(ROOT, 'locales');
  if (options.ownLocales) cpSync(localesDir, (localesDir = join(own, 'locales')), { recursive: true });
  return { stateDir, directoryFile, localesDir };
}

/** The real app, in this process, on the repository's content with its own STATE_DIR and directory copy. */
export async function startApp(options: AppOptions = {}): Promise<TestApp> {
  const own = mkdtempSync(join(tmpdir(), 'passerelle-app-'));
  const remove = () => rmSync(own, { recursive: true, force: true });
  try {
    const { stateDir, directoryFile, localesDir } = appPaths(options, own);
    for (const { password, ...account } of options.accounts ?? []) await openAccounts(stateDir).add(account, password);
    const env = {
      LOG_LEVEL: 'silent',
      ...options.env,
      STATE_DIR: stateDir,
      DIRECTORY_FILE: directoryFile,
      LOCALES_DIR: localesDir,
    };
    const config = { ...loadConfig(env, ROOT), ...(options.clock ? { now: options.clock.now } : {}) };
    const logger = createLogger(options.log ? 'trace' : 'silent', options.log);
    const app = await createApp(config, { logger, ...(options.storage ? { storage: options.storage } : {}) });
    let closed: Promise<void> | undefined;
    return {
      app,
      config,
      stateDir,
      directoryFile,
      localesDir,
      close: () => (closed ??= app.close().finally(remove)),
    };
  } catch (err) {
    remove();
    throw err;
  }
}

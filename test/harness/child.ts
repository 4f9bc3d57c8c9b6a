import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { appPaths, type AppOptions } from './app.js';
import { postActivity, type Answer } from './http.js';
import { ROOT } from './paths.js';

export interface ChildServerOptions extends Pick<AppOptions, 'env' | 'stateDir' | 'directoryFile'> {
  /** The command line, run in the repository root (the content's folder): src/index.ts through tsx by default. */
  command?: string[];
  /** How long the start may take: the server compiles the language models before it listens. */
  startMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  pid: number;
  stateDir: string;
  directoryFile: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** POSTs an activity (an object, or a raw string) to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Sends the signal (SIGKILL for a crash, SIGTERM for a clean stop) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** Kills the process if it still runs and removes the temporary folders it made. */
  close(): Promise<void>;
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

const ENTRY = [process.execPath, '--disable-warning=DEP0111', '--import', 'tsx', 'src/index.ts'];
const PRINTED_URL = /open (http:\/\/\S+?)\/? in a browser/;

/** Resolves with the URL the server prints once it listens; rejects if it exits first or the start takes too long. */
function listening(child: Child, exited: Promise<Exit>, output: () => string, startMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no URL printed in ${startMs} ms:\n${output()}`)), startMs);
    const read = () => {
      const printed = PRINTED_URL.exec(output());
      if (!printed) return;
      clearTimeout(deadline);
      resolve(printed[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(({ code, signal }) => {
      clearTimeout(deadline);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });
}

/**
 * A real Passerelle in its own process (for kill -9, crash and production-build tests), listening
 * on 127.0.0.1 on a free port, with its own STATE_DIR and directory copy unless given.
 */
export async function startChildServer(options: ChildServerOptions = {}): Promise<ChildServer> {
  const own = mkdtempSync(join(tmpdir(), 'passerelle-child-'));
  const remove = () => rmSync(own, { recursive: true, force: true });
  let paths: ReturnType<typeof appPaths>;
  try {
    paths = appPaths(options, own);
  } catch (err) {
    remove();
    throw err;
  }
  const { stateDir, directoryFile, localesDir } = paths;
  const [file, ...args] = options.command ?? ENTRY;
  const env = { ...process.env, LOG_LEVEL: 'warn', ...options.env, PORT: '0', HOST: '127.0.0.1' };
  const child: Child = spawn(file, args, {
    cwd: ROOT,
    env: { ...env, STATE_DIR: stateDir, DIRECTORY_FILE: directoryFile, LOCALES_DIR: localesDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (running()) child.kill(signal);
    return exited;
  };
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= stop('SIGKILL').then(remove));
  try {
    const url = await listening(child, exited, () => output, options.startMs ?? 60_000);
    return {
      url,
      pid: child.pid!,
      stateDir,
      directoryFile,
      output: () => output,
      post: (body, headers) => postActivity(url, body, headers),
      stop,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The servers under test run compiled, as a deployment does (`npm run build`, then `npm run
 * start:prod`): under tsx every function a turn creates is also renamed (esbuild's keepNames), which
 * cost Passerelle about 10 % of its turn's CPU. `npm run build:bench` compiles src and bench/serve.ts.
 */
function servePath(root: string): string {
  const file = join(root, 'dist', 'bench', 'serve.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsc -p tsconfig.bench.json\` in ${root}`);
  return file;
}

/** Forks the compiled server of the checkout at `root` (its working directory), with an IPC channel to it. */
export function forkServer(
  root: string,
  kind: 'passerelle' | 'echo',
  { env = process.env, execArgv = [] as string[] } = {},
): ChildProcess {
  return fork(servePath(root), [kind], {
    cwd: root,
    env,
    execArgv: ['--disable-warning=DEP0111', '--expose-gc', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The servers under test run compiled, as a deployment does (`npm run build`, then `npm run
 * start:prod`): under tsx every function a turn creates is also renamed (esbuild's keepNames), which
 * cost Passerelle about 10 % of its turn's CPU. `npm run build:bench` compiles src and bench/serve.ts.
 */
export function servePath(root: string): string {
  const file = join(root, 'dist', 'bench', 'serve.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsc -p tsconfig.bench.json\` in ${root}`);
  return file;
}

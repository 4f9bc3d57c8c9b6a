import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { greeting, removeTempDirs, ROOT, startChildServer, tempDir, textsOf } from './harness/index.js';

afterAll(removeTempDirs);

// Deployments run the compiled server (README, "Deploying"): it must build and answer like the dev one.
test('npm run build (into a temporary folder), then npm run start:prod: the compiled server starts, answers a greeting and stops on SIGTERM', async () => {
  const hadDist = existsSync(join(ROOT, 'dist'));
  const outDir = tempDir('passerelle-build-');
  execFileSync('npm', ['run', '--silent', 'build', '--', '--outDir', outDir], { cwd: ROOT, stdio: 'pipe' });
  expect(existsSync(join(outDir, 'src', 'index.js'))).toBe(true);
  expect(existsSync(join(ROOT, 'dist')), 'the build leaves the repository alone').toBe(hadDist);
  // As in dist/: the compiled files are ES modules (the repository's "type": "module") and import
  // the repository's packages; the server reads dialogs/, locales/, public/ from its working directory.
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'));
  // The start:prod script's own command line, on the temporary build, exec'ed so that the signal
  // reaches the server itself.
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(scripts['start:prod']).toContain(' dist/src/index.js');
  const command = scripts['start:prod'].replace(' dist/', ` ${outDir}/`);
  const server = await startChildServer({ command: ['sh', '-c', `exec ${command}`] });
  try {
    const res = await server.post(greeting('compiled-1', { locale: 'en-GB' }));
    expect(res.status).toBe(200);
    expect(textsOf(res.json).join('\n')).toMatch(/Passerelle/);
    const page = await fetch(`${server.url}/`); // public/
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/<html/i);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  } finally {
    await server.close();
  }
}, 120_000);

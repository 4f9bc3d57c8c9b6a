import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { greeting, removeTempDirs, ROOT, tempDir, textsOf } from './fixtures/server.js';

afterAll(removeTempDirs);

// Deployments run the compiled server (README, "Deploying"): it must build and answer like the dev one.
test('npm run build, then npm run start:prod: the compiled server starts, answers a greeting and stops on SIGTERM', async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
  // The start:prod script's own command line, exec'ed so that the signal reaches the server itself.
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const child = spawn('sh', ['-c', `exec ${scripts['start:prod']}`], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STATE_DIR: tempDir(), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        const m = /open (http:\/\/\S+?)\/? in a browser/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(greeting('compiled-1', { locale: 'en-GB' })),
    });
    expect(res.status).toBe(200);
    expect(textsOf(await res.json()).join('\n')).toMatch(/Passerelle/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, ROOT, tempDir } from './harness/paths.js';

// The account CLI as an operator runs it: a process per command, the password on stdin.
const tmp = tempDir('passerelle-admin-cli-');
afterAll(removeTempDirs);

describe('account CLI', () => {
  const cli = (args: string[], input = '') =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/admin.ts'), ...args, '--state-dir', join(tmp, 'cli'), '--lang', 'en'],
      { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } },
    );

  it('adds a user from a password on stdin, refuses a weak one, lists and resets', () => {
    const weak = cli(['add-user', 'ops@example.org', '--role', 'admin'], 'azerty123\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
    const added = cli(
      ['add-user', 'ops@example.org', '--role', 'editor', '--organization', 'APPASE', '--name', 'Ops'],
      'Correct-Horse-42-battery\n',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).not.toContain('Correct-Horse');
    const committee = cli(['add-user', 'committee@example.org', '--role', 'observer'], 'Correct-Horse-42-battery\n');
    expect(committee.status, committee.stderr).toBe(0);
    const list = cli(['list']);
    expect(list.stdout).toContain('ops@example.org\teditor\tOps\tAPPASE');
    expect(list.stdout).toContain('committee@example.org\tobserver\tcommittee');
    expect(list.stdout).not.toContain('scrypt');
    expect(cli(['reset-password', 'ops@example.org'], 'Another-Horse-43-battery\n').status).toBe(0);
    expect(cli(['reset-password', 'ghost@example.org'], 'Another-Horse-43-battery\n').status).toBe(1);
    const root = cli(['add-user', 'x@example.org', '--role', 'root'], 'Correct-Horse-42-battery\n');
    expect(root.status).toBe(1);
    expect(root.stderr).toContain('--role observer');
    expect(cli(['frobnicate']).status).toBe(2);
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openAccounts, ROLES, type Accounts, type Role } from '../admin/accounts.js';
import { AdminError } from '../admin/errors.js';
import { readPassword } from './prompt.js';

type Translate = (key: string, vars?: Record<string, string>) => string;

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      organization: { type: 'string', multiple: true },
      entry: { type: 'string', multiple: true },
      name: { type: 'string' },
      'state-dir': { type: 'string' },
      lang: { type: 'string', default: 'fr' },
    },
  });
}
type Options = ReturnType<typeof parseCli>['values'];

/** The CLI's texts (locales/<lang>/admin.json), `{{name}}` filled in from `vars`. */
function cliTexts(contentDir: string, lang: string): Translate {
  const texts = JSON.parse(readFileSync(join(contentDir, 'locales', lang, 'admin.json'), 'utf8')) as Record<
    string,
    string
  >;
  return (key, vars = {}) => (texts[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
}

/** A new password, typed twice on a terminal (once from a pipe). */
async function askNew(who: string, t: Translate): Promise<string> {
  const first = await readPassword(t('admin.cli.password', { email: who }));
  if (process.stdin.isTTY && (await readPassword(t('admin.cli.password-again'))) !== first)
    throw new AdminError(400, 'mismatch', t('admin.cli.password-mismatch'));
  return first;
}

async function addUser(accounts: Accounts, email: string, values: Options, t: Translate): Promise<void> {
  if (!ROLES.includes(values.role as Role)) throw new AdminError(400, 'usage', t('admin.cli.role'));
  const password = await askNew(email, t);
  const user = await accounts.add(
    {
      email,
      role: values.role as Role,
      name: values.name,
      organizations: values.organization,
      entries: values.entry,
    },
    password,
  );
  console.log(t('admin.cli.added', { email: user.email, role: user.role, file: accounts.file }));
}

/** Runs one command; the exit code: 0 done, 2 usage. */
async function run(positionals: string[], values: Options, accounts: Accounts, t: Translate): Promise<number> {
  const [command, email] = positionals;
  if (command === 'list') {
    for (const u of await accounts.list())
      console.log([u.email, u.role, u.name, u.organizations.join(' | '), u.entries.join(' | ')].join('\t'));
    return 0;
  }
  if (command === 'add-user' && email) {
    await addUser(accounts, email, values, t);
    return 0;
  }
  if (command === 'reset-password' && email) {
    if (!(await accounts.find(email))) throw new AdminError(404, 'user-not-found', t('admin.cli.not-found', { email }));
    await accounts.setPassword(email, await askNew(email, t));
    console.log(t('admin.cli.reset', { email }));
    return 0;
  }
  console.error(t('admin.cli.usage'));
  return 2;
}

/**
 * Account CLI: `npm run admin -- add-user <email> --role admin|editor|observer [--organization X] [--entry id]
 * [--name N]`, `reset-password <email>`, `list`; `--state-dir D` (default STATE_DIR), `--lang fr|en`.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(argv);
  const config = loadConfig();
  const t = cliTexts(config.contentDir, values.lang === 'en' ? 'en' : 'fr');
  const accounts = openAccounts(values['state-dir'] ? resolve(values['state-dir']) : config.stateDir);
  try {
    return await run(positionals, values, accounts, t);
  } catch (err) {
    if (err instanceof AdminError && err.code === 'weak-password') {
      console.error([t('admin.cli.weak'), ...(err.details as string[]).map((k) => `  - ${t(k)}`)].join('\n'));
    } else console.error((err as Error).message);
    return 1;
  }
}

// A failure outside the commands (configuration, content files) prints its error and exits 1, as before.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

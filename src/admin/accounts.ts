import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AdminError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { hashPassword, passwordProblems, verifyPassword } from './password.js';
import { describeIssues } from '../common/zodIssues.js';
import { LOCALES } from '../common/locales.js';

/**
 * admin: everything; editor: the entries of their organisations; observer: the insights only
 * (read-only); translator: the texts of their languages only.
 */
export const ROLES = ['admin', 'editor', 'observer', 'translator'] as const;
export type Role = (typeof ROLES)[number];

export const Email = z.string().trim().toLowerCase().pipe(z.email());

const Account = z.object({
  email: Email,
  role: z.enum(ROLES),
  /** Shown as `verifiedBy` on entries this person verifies; never the email. */
  name: z.string().min(1),
  /** An editor may edit entries whose `organization` is one of these, or whose id is listed in `entries`. */
  organizations: z.array(z.string().min(1)).default([]),
  entries: z.array(z.string().min(1)).default([]),
  /** A translator reviews and edits the texts of these languages only. */
  languages: z.array(z.enum(LOCALES)).optional(),
  hash: z.string().startsWith('scrypt$'),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});
export type Account = z.infer<typeof Account>;
const UsersFile = z.object({ users: z.array(Account) });

/** What the rest of the admin code knows of a signed-in person (no hash). */
export type User = Omit<Account, 'hash'>;
export const publicUser = ({ hash: _hash, ...user }: Account): User => user;

export interface NewAccount {
  email: string;
  role: Role;
  name?: string;
  organizations?: string[];
  entries?: string[];
  languages?: string[];
}

/** The users file, parsed again only when its modification time changes (the CLI edits it). */
function usersFile(file: string) {
  let cache: { mtimeMs: number; users: Account[] } | undefined;
  return {
    async load(): Promise<Account[]> {
      const info = await stat(file).catch(() => undefined);
      if (!info) return [];
      if (cache?.mtimeMs === info.mtimeMs) return cache.users;
      const parsed = UsersFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) throw new Error(`accounts: ${file} is invalid: ${describeIssues(parsed.error)}`);
      cache = { mtimeMs: info.mtimeMs, users: parsed.data.users };
      return cache.users;
    },
    async save(users: Account[]): Promise<void> {
      await writeFileAtomic(file, `${JSON.stringify({ users }, null, 2)}\n`);
      cache = undefined;
    },
  };
}

function checkPassword(password: string, email: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length) throw new AdminError(400, 'weak-password', `the password for ${email} is too weak`, problems);
}

/** Accounts in STATE_DIR/admin/users.json (mode 600), re-read when the CLI changes the file. */
export function openAccounts(stateDir: string) {
  const file = join(stateDir, 'admin', 'users.json');
  const { load, save } = usersFile(file);

  return {
    file,
    async find(email: string): Promise<Account | undefined> {
      const wanted = email.trim().toLowerCase();
      return (await load()).find((u) => u.email === wanted);
    },
    async list(): Promise<User[]> {
      return (await load()).map(publicUser);
    },
    async add(input: NewAccount, password: string): Promise<User> {
      const email = Email.parse(input.email);
      const users = await load();
      if (users.some((u) => u.email === email))
        throw new AdminError(409, 'user-exists', `an account for ${email} already exists`);
      checkPassword(password, email);
      const now = new Date().toISOString();
      const account = Account.parse({
        email,
        role: input.role,
        name: input.name?.trim() || email.split('@')[0],
        organizations: input.organizations ?? [],
        entries: input.entries ?? [],
        ...(input.languages?.length ? { languages: input.languages } : {}),
        hash: await hashPassword(password),
        createdAt: now,
        passwordChangedAt: now,
      });
      await save([...users, account]);
      return publicUser(account);
    },
    async setPassword(email: string, password: string): Promise<void> {
      const users = await load();
      const account = users.find((u) => u.email === email.trim().toLowerCase());
      if (!account) throw new AdminError(404, 'user-not-found', `no account for ${email}`);
      checkPassword(password, account.email);
      const updated = { ...account, hash: await hashPassword(password), passwordChangedAt: new Date().toISOString() };
      await save(users.map((u) => (u === account ? updated : u)));
    },
    /** The account when the password matches; a dummy hash is checked otherwise so timing says nothing. */
    async authenticate(email: string, password: string): Promise<Account | undefined> {
      const account = await this.find(email);
      const ok = await verifyPassword(password, account?.hash ?? DUMMY_HASH);
      return ok && account ? account : undefined;
    },
  };
}
export type Accounts = ReturnType<typeof openAccounts>;

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

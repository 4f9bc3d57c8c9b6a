import { isPublic } from '../directory/rules.js';
import type { Entry } from '../directory/schema.js';
import type { Role, User } from './accounts.js';

const same = (a: string, b: string) => a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;

/**
 * Which roles may use a route, by the level it asks for: `account` any signed-in person (who am I,
 * sign out), `user` those who work on the directory, `insights` the steering committee's counters
 * (observers, admins; not editors), `admin` admins only. An observer reaches nothing else.
 */
export const ACCESS = {
  account: ['admin', 'editor', 'observer'],
  user: ['admin', 'editor'],
  insights: ['admin', 'observer'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Access = keyof typeof ACCESS;

export const mayUse = (role: Role, access: Access): boolean => (ACCESS[access] as readonly Role[]).includes(role);

/** Admins edit everything; an editor edits the entries of their organisations or listed by id; observers nothing. */
export function canEdit(user: User, entry: Pick<Entry, 'id' | 'organization'>): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'observer') return false;
  if (user.entries.includes(entry.id)) return true;
  return !!entry.organization && user.organizations.some((o) => same(o, entry.organization!));
}

/**
 * What an account may read: admins everything; an editor the entries they may edit, and of the
 * others only what the public sees anyway (no drafts, no archives, no history).
 */
export function canRead(user: User, entry: Pick<Entry, 'id' | 'organization' | 'status'>): boolean {
  return canEdit(user, entry) || isPublic(entry);
}

/** Verification and status: an editor changes them only through the verify, publish, archive and restore actions. */
export const ACTION_FIELDS = ['verifiedAt', 'verifiedBy', 'status'] as const;

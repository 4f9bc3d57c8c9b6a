import { isPublic } from '../directory/rules.js';
import type { Entry } from '../directory/schema.js';
import type { Role, User } from './accounts.js';

const same = (a: string, b: string) => a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;

/**
 * Which roles may use a route, by the level it asks for: `account` any signed-in person (who am I,
 * sign out), `user` those who work on the directory, `insights` the steering committee's counters
 * (observers, admins; not editors), `texts` the translations (translators, admins), `admin` admins
 * only. An observer or a translator reaches nothing else.
 */
export const ACCESS = {
  account: ['admin', 'editor', 'observer', 'translator'],
  user: ['admin', 'editor'],
  insights: ['admin', 'observer'],
  texts: ['admin', 'translator'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Access = keyof typeof ACCESS;

export const mayUse = (role: Role, access: Access): boolean => (ACCESS[access] as readonly Role[]).includes(role);

/** Admins edit everything; an editor edits the entries of their organisations or listed by id; other roles nothing. */
export function canEdit(user: User, entry: Pick<Entry, 'id' | 'organization'>): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'editor') return false;
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
/** Admins edit every language's texts (French included); a translator only the languages of their account. */
export function canTranslate(user: User, locale: string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'translator' && (user.languages ?? []).some((l) => l === locale);
}

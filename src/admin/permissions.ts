import type { Entry } from '../directory/schema.js';
import type { User } from './accounts.js';

const same = (a: string, b: string) => a.trim().localeCompare(b.trim(), 'fr', { sensitivity: 'base' }) === 0;

/** Admins edit everything; an editor edits the entries of their organisations or listed by id. */
export function canEdit(user: User, entry: Pick<Entry, 'id' | 'organization'>): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'editor') return false;
  if (user.entries.includes(entry.id)) return true;
  return !!entry.organization && user.organizations.some((o) => same(o, entry.organization!));
}

/** Admins edit every language's texts (French included); a translator only the languages of their account. */
export function canTranslate(user: User, locale: string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'translator' && (user.languages ?? []).some((l) => l === locale);
}

import { randomUUID } from 'node:crypto';
import type { Catalog } from '../i18n/catalog.js';
import { checkText } from '../i18n/checkContent.js';
import { fingerprint, type StringStatus } from '../i18n/review.js';
import { languageStatuses, stringRows, type StringRow } from '../i18n/status.js';
import type { Locale } from '../common/locales.js';
import { parisToday } from '../common/time.js';
import type { User } from './accounts.js';
import type { Audit } from './audit.js';
import { AdminError, type FieldProblem } from './errors.js';
import { openLocaleFiles, type LocaleFiles } from './localeFiles.js';
import { canTranslate } from './permissions.js';

/** One string to change: a new text, and whether the person vouches for it against the current French. */
export interface TextChange {
  key: string;
  text?: string;
  reviewed: boolean;
  /** Fingerprint of the French the person saw: refused if the French changed since. */
  french?: string;
  /** Fingerprint of the text the person started from ("" for none): refused if someone else changed it since. */
  base?: string;
}

/** What is wrong with one change, against the rows as they are now. */
function problemsOf(rows: Map<string, StringRow>, change: TextChange): FieldProblem[] {
  const row = rows.get(change.key);
  if (!row) return [{ field: change.key, message: 'no such text in this language' }];
  const at = (message: string) => ({ field: change.key, message });
  const problems: FieldProblem[] = [];
  if (change.french !== undefined && change.french !== fingerprint(row.fr))
    problems.push(at('the French text changed since you opened it: read it again'));
  if (change.base !== undefined && change.base !== (row.text === undefined ? '' : fingerprint(row.text)))
    problems.push(at('someone changed this text since you opened it: reload it'));
  if (change.text !== undefined) problems.push(...checkText(row.fr, change.text).map((p) => at(p.message)));
  else if (change.reviewed && row.text === undefined) problems.push(at('there is no text to mark as reviewed'));
  return problems;
}

/** A change that would alter something: a different text, or a review the string does not have yet. */
const alters = (row: StringRow, c: TextChange) =>
  (c.text !== undefined && c.text !== row.text) || (c.reviewed && row.status !== 'reviewed');

interface Context {
  catalog: Catalog;
  files: LocaleFiles;
  audit: Audit;
  now: () => number;
}

/** Writes checked changes: the catalog first (the bot sees them at once), then the files, then the audit log. */
async function write(
  ctx: Context,
  user: User,
  locale: Locale,
  rows: Map<string, StringRow>,
  changes: TextChange[],
  batch?: string,
) {
  const { catalog, files, audit } = ctx;
  const edited = changes.filter((c) => c.text !== undefined && c.text !== rows.get(c.key)!.text);
  for (const c of edited) catalog.setText(locale, c.key, c.text!);
  for (const c of changes) {
    const text = catalog.texts[locale][c.key];
    const french = fingerprint(rows.get(c.key)!.fr);
    const record = { fr: french, text: fingerprint(text), by: user.name, at: parisToday(ctx.now()) };
    // A new text without the reviewer's word is a new machine text: its old review no longer holds.
    catalog.setReview(locale, c.key, c.reviewed ? record : undefined);
  }
  await files.writeTexts(
    locale,
    edited.map((c) => c.key),
  );
  await files.writeReviews(locale);
  await files.syncMeta();
  for (const c of changes) {
    const before = rows.get(c.key)!.text;
    const after = catalog.texts[locale][c.key];
    await audit.recordText({
      actor: user.email,
      action: batch ? 'import-translations' : before === after ? 'review' : 'translate',
      locale,
      key: c.key,
      ...(before !== after ? { ...(before === undefined ? {} : { before }), after } : {}),
      french: fingerprint(rows.get(c.key)!.fr),
      reviewed: c.reviewed,
      ...(batch ? { batch } : {}),
    });
  }
}

/**
 * The translators' page: each language's strings beside the French, edits checked like the content
 * (variables, length), reviews recorded against the French fingerprint, files written at once, the
 * bot and the pages seeing the change at once, every change in the audit log.
 */
export function createTranslationService(catalog: Catalog, localesDir: string, audit: Audit, now = Date.now) {
  const ctx: Context = { catalog, files: openLocaleFiles(catalog, localesDir), audit, now };
  let lock: Promise<unknown> = Promise.resolve();

  function allowed(user: User, locale: string): Locale {
    const known = catalog.locales.find((l) => l === locale);
    if (!known)
      throw new AdminError(404, 'unknown-language', `no language "${locale}"`, { supported: catalog.locales });
    if (!canTranslate(user, known))
      throw new AdminError(403, 'forbidden', `${user.role} may not edit the "${known}" texts`);
    return known;
  }

  /** Checks every change first (nothing is written if one fails), then writes them, one writer at a time. */
  function apply(user: User, locale: Locale, changes: TextChange[], dryRun: boolean, batch?: string) {
    const run = lock.then(async () => {
      const rows = new Map(stringRows(catalog, locale).map((r) => [r.key, r]));
      // Only what would change is checked: an imported file's untouched rows never block the others.
      const effective = changes.filter((c) => !rows.has(c.key) || alters(rows.get(c.key)!, c));
      const problems = effective.flatMap((c) => problemsOf(rows, c));
      if (problems.length) throw new AdminError(400, 'invalid-text', 'some texts cannot be saved', problems);
      if (!dryRun && effective.length) await write(ctx, user, locale, rows, effective, batch);
      return effective.map((c) => c.key);
    });
    lock = run.catch(() => undefined);
    return run;
  }

  return {
    /** The languages this person may edit, with their counts. */
    languages: (user: User) => languageStatuses(catalog).filter((s) => canTranslate(user, s.code)),
    rows(user: User, locale: string, status?: StringStatus): StringRow[] {
      const rows = stringRows(catalog, allowed(user, locale));
      return status ? rows.filter((r) => r.status === status) : rows;
    },
    async save(user: User, locale: string, change: TextChange): Promise<StringRow> {
      const lng = allowed(user, locale);
      await apply(user, lng, [change], false);
      return stringRows(catalog, lng).find((r) => r.key === change.key)!;
    },
    async import(user: User, locale: string, changes: TextChange[], dryRun: boolean) {
      const changed = await apply(user, allowed(user, locale), changes, dryRun, randomUUID());
      return { dryRun, changed, unchanged: changes.length - changed.length };
    },
  };
}
export type TranslationService = ReturnType<typeof createTranslationService>;

import type { Server } from 'restify';
import { z } from 'zod';
import { AdminError } from '../../admin/errors.js';
import type { TranslationService } from '../../admin/translations.js';
import { fingerprint, STRING_STATUSES } from '../../i18n/review.js';
import type { StringRow } from '../../i18n/status.js';
import { fieldProblems } from '../../common/zodIssues.js';
import type { Route } from './guard.js';

const FORMAT = 'passerelle-translations';
const Fingerprint = z.string().regex(/^(?:[0-9a-f]{16})?$/);

const SaveBody = z.strictObject({
  text: z.string().max(4000).optional(),
  reviewed: z.boolean().default(false),
  french: Fingerprint.optional(),
  base: Fingerprint.optional(),
});

/** The file a reviewer working offline sends back: the export, with texts edited and `reviewed` set. */
const ImportFile = z.object({
  format: z.literal(FORMAT),
  locale: z.string(),
  strings: z
    .array(
      z.object({
        key: z.string().min(1).max(200),
        text: z.string().max(4000).optional(),
        reviewed: z.boolean().default(false),
        frFingerprint: Fingerprint.optional(),
      }),
    )
    .max(5000),
});

const StatusQuery = z.object({ status: z.enum(STRING_STATUSES).optional() });

/** A row as the page needs it: the fingerprints it sends back to detect concurrent changes. */
const view = (r: StringRow) => ({
  ...r,
  french: fingerprint(r.fr),
  base: r.text === undefined ? '' : fingerprint(r.text),
});

/** One language as a file for reviewers working offline: French, text, status, who reviewed it when. */
function exportFile(rows: StringRow[], locale: string) {
  const strings = rows.map((r) => ({
    key: r.key,
    fr: r.fr,
    frFingerprint: fingerprint(r.fr),
    ...(r.text === undefined ? {} : { text: r.text }),
    status: r.status,
    reviewed: r.status === 'reviewed',
    ...(r.review ? { reviewedBy: r.review.by, reviewedAt: r.review.at } : {}),
  }));
  return { format: FORMAT, version: 1, locale, exportedAt: new Date().toISOString(), strings };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, message: string, where = '(body)'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminError(400, 'invalid-body', message, fieldProblems(parsed.error, where));
  return parsed.data;
}

/**
 * /api/admin/translations: the languages a person may edit, a language's strings (filtered by status),
 * one string's save or review, export and import of a language as a JSON file.
 */
export function registerTranslationRoutes(
  server: Server,
  { service, route }: { service: TranslationService; route: Route },
) {
  const base = '/api/admin/translations';
  server.get(
    base,
    route({ auth: 'texts' }, async (_req, res, { user }) => {
      res.json({ languages: service.languages(user) });
    }),
  );
  server.get(
    `${base}/:lng`,
    route({ auth: 'texts' }, async (req, res, { user }) => {
      const { status } = parse(StatusQuery, req.query ?? {}, 'status is reviewed, to-review or stale', '(query)');
      res.json({ locale: req.params.lng, rows: service.rows(user, String(req.params.lng), status).map(view) });
    }),
  );
  server.put(
    `${base}/:lng/:key`,
    route({ auth: 'texts' }, async (req, res, { user }) => {
      const body = parse(SaveBody, req.body ?? {}, 'send {"text", "reviewed", "french", "base"}');
      res.json({
        row: view(await service.save(user, String(req.params.lng), { key: String(req.params.key), ...body })),
      });
    }),
  );
  server.get(
    `${base}/:lng/export.json`,
    route({ auth: 'texts' }, async (req, res, { user }) => {
      const file = exportFile(service.rows(user, String(req.params.lng)), String(req.params.lng));
      res.header(
        'Content-Disposition',
        `attachment; filename="passerelle-${file.locale}-${file.exportedAt.slice(0, 10)}.json"`,
      );
      res.json(file);
    }),
  );
  server.post(
    `${base}/:lng/import`,
    route({ auth: 'texts' }, async (req, res, { user }) => {
      const locale = String(req.params.lng);
      const file = parse(ImportFile, req.body, `send a file exported from ${base}/${locale}/export.json`);
      if (file.locale !== locale)
        throw new AdminError(400, 'wrong-language', `this file holds "${file.locale}" texts, not "${locale}"`);
      const dryRun = (req.query as { dryRun?: string } | undefined)?.dryRun === 'true';
      const changes = file.strings.map(({ key, text, reviewed, frFingerprint }) => ({
        key,
        ...(text === undefined ? {} : { text }),
        reviewed,
        ...(frFingerprint === undefined ? {} : { french: frFingerprint }),
      }));
      res.json(await service.import(user, locale, changes, dryRun));
    }),
  );
}

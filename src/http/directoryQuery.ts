import type { Request, Response } from 'restify';
import type { z } from 'zod';
import type { Areas } from '../directory/areas.js';
import type { DirectoryIndex, Query } from '../directory/search.js';
import type { DirectoryStore } from '../directory/store.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Insights } from '../insights/insights.js';
import { LOCALES, type Locale } from '../common/locales.js';
import { fieldProblems } from '../common/zodIssues.js';
import type { Filters } from './directoryParams.js';
import { sendError } from './errors.js';

export interface DirectoryApiDeps {
  /** The search index of the current directory (rebuilt after every write). */
  index(): DirectoryIndex;
  directory: DirectoryStore;
  catalog: Catalog;
  areas: Areas;
  /** The State's and public bodies' domains: their pages are "official sources". */
  officialDomains: readonly string[];
  /** The app's clock (config.now): freshness, notices and opening hours are read at its time. */
  now: () => number;
  /** Counts the searches of the /annuaire page (source=annuaire), not those of API clients. */
  insights?: Pick<Insights, 'countSearch'>;
}

/** The `lang` query parameter of the read-only routes that do not reject it: French by default. */
export const langOf = (req: Request): Locale => {
  const lang = String(req.query?.lang);
  return (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : 'fr';
};

/**
 * The directory query a request asks for, after its parameters are validated with `schema` and its
 * commune is found; otherwise answers 400 itself and returns undefined.
 */
export function readQuery<S extends z.ZodType<z.infer<typeof Filters>>>(
  req: Request,
  res: Response,
  schema: S,
  areas: Areas,
  now: () => number = Date.now,
): { params: z.infer<S>; query: Query } | undefined {
  const parsed = schema.safeParse(req.query ?? {});
  if (!parsed.success) {
    sendError(res, 400, 'invalid-parameter', 'a query parameter is not valid', fieldProblems(parsed.error, '(query)'));
    return undefined;
  }
  const p = parsed.data;
  let commune: string | undefined;
  if (p.commune === 'elsewhere') commune = 'elsewhere';
  else if (p.commune) {
    commune = areas.findCommune(p.commune)?.code;
    if (!commune) {
      const message = `no commune of the ${areas.departement.name} matches "${p.commune}"`;
      sendError(res, 400, 'unknown-commune', message, [{ field: 'commune', message: 'unknown commune' }]);
      return undefined;
    }
  }
  const { q, theme: themes, lang, languages, audience, openNow } = p;
  return { params: p, query: { q, themes, commune, lang, languages, audience, openNow, at: new Date(now()) } };
}

import { z } from 'zod';
import { THEMES } from '../directory/schema.js';
import { LOCALES } from '../common/locales.js';

const THEME_PREFIXES: ReadonlySet<string> = new Set([...THEMES, ...THEMES.map((t) => t.split('.')[0])]);

/** A comma-separated list in one query parameter. */
const list = (description: string, example: string) =>
  z
    .string()
    .max(500)
    .meta({ description, example })
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

/** The read API's filters (search and CSV export); the OpenAPI document is generated from them. */
export const Filters = z.strictObject({
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Free text: accent- and case-insensitive, typo-tolerant, prefix' }),
  theme: list('Themes or theme groups, comma-separated', 'housing,health.pass')
    .pipe(z.array(z.string().refine((t) => THEME_PREFIXES.has(t), { message: 'unknown theme' })))
    .optional(),
  commune: z.string().max(100).optional().meta({
    description: 'INSEE code, name or postal code of a commune of the département, or "elsewhere"',
    example: '05061',
  }),
  lang: z.enum(LOCALES).default('fr').meta({ description: 'Language of texts; entries speaking it rank higher' }),
  languages: list('Only entries speaking one of these ISO 639 languages, comma-separated', 'ar,fa')
    .pipe(z.array(z.string().regex(/^[a-z]{2,3}$/, 'expected ISO 639 codes')))
    .optional(),
  audience: z.string().max(40).optional().meta({ description: 'Only entries for this audience (or for all)' }),
  openNow: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Only entries open now (Europe/Paris time, French public holidays)' }),
});

export const SearchParams = Filters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Page size' }),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).meta({ description: 'Results to skip' }),
  source: z.enum(['annuaire']).optional().meta({
    description:
      'Sent by the /annuaire page only: its searches are counted anonymously for the steering committee (theme filter, arrondissement, language filter, whether a local contact was found; never the words). API clients leave it out.',
  }),
});
export type SearchParams = z.infer<typeof SearchParams>;

export const VCardParams = z.strictObject({
  ids: z.string().max(10_000).meta({ description: 'Entry ids, comma-separated' }),
});

export const LangParam = z.object({ lang: z.enum(LOCALES).optional().meta({ description: 'Language of texts' }) });

/** The one error shape of every route (src/http/errors.ts). */
export const ApiErrorSchema = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
  .meta({ title: 'Error' });

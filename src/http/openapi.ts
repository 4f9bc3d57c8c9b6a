import { THEMES } from '../directory/schema.js';
import { LOCALES } from '../shared/locales.js';

const error = { $ref: '#/components/schemas/Error' };
const param = (name: string, description: string, schema: object, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const filters = [
  param('q', 'Free text: accent- and case-insensitive, typo-tolerant, prefix', { type: 'string', maxLength: 200 }),
  param('theme', 'Themes or theme groups, comma-separated', { type: 'string', example: 'housing,health.pass' }),
  param('commune', 'INSEE code, name or postal code of a commune of the Hautes-Alpes, or "elsewhere"', {
    type: 'string',
    example: '05061',
  }),
  param('lang', 'Language of texts; entries speaking it rank higher', {
    type: 'string',
    enum: [...LOCALES],
    default: 'fr',
  }),
  param('languages', 'Only entries speaking one of these ISO 639 languages, comma-separated', {
    type: 'string',
    example: 'ar,fa',
  }),
  param('audience', 'Only entries for this audience (or for all)', { type: 'string' }),
  param('openNow', 'Only entries open now (Europe/Paris time, French public holidays)', {
    type: 'string',
    enum: ['true', 'false'],
  }),
];

/** OpenAPI 3.1 description of the public read API, served at /api/openapi.json. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passerelle directory API',
      version: '1.0.0',
      description:
        'Read-only access to the curated directory of local actors for newcomers in the Hautes-Alpes. Every entry lists its sources and when it was last verified.',
    },
    paths: {
      '/api/directory/search': {
        get: {
          summary: 'Search entries, nearest and freshest first',
          parameters: [
            ...filters,
            param('limit', 'Page size', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
            param('offset', 'Results to skip', { type: 'integer', minimum: 0, default: 0 }),
          ],
          responses: {
            200: {
              description: 'Matching entries',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['total', 'results'],
                    properties: {
                      total: { type: 'integer' },
                      results: { type: 'array', items: { $ref: '#/components/schemas/EntryView' } },
                    },
                  },
                },
              },
            },
            400: { description: 'A parameter is not valid', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/api/directory/entries/{id}': {
        get: {
          summary: 'One published entry',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            param('lang', 'Language of texts', { type: 'string', enum: [...LOCALES] }),
          ],
          responses: {
            200: {
              description: 'The entry',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/EntryView' } } },
            },
            404: { description: 'No such published entry', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/api/directory/entries/{id}/vcard': {
        get: {
          summary: 'One entry as a vCard 4.0',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'vCard', content: { 'text/vcard': {} } },
            404: { description: 'No such entry' },
          },
        },
      },
      '/api/directory/export.vcf': {
        get: {
          summary: 'Several entries as vCards',
          parameters: [param('ids', 'Entry ids, comma-separated', { type: 'string' }, true)],
          responses: {
            200: { description: 'vCards', content: { 'text/vcard': {} } },
            400: { description: 'Unknown id', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/api/directory/export.csv': {
        get: {
          summary: 'Search results as CSV (UTF-8 with BOM)',
          parameters: filters,
          responses: {
            200: { description: 'CSV', content: { 'text/csv': {} } },
            400: { description: 'A parameter is not valid', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/api/directory/export.hsds.json': {
        get: {
          summary: 'Published entries as Open Referral HSDS 3.0.1 services (UUID v5 ids derived from entry ids)',
          responses: { 200: { description: 'HSDS services', content: { 'application/json': {} } } },
        },
      },
      '/api/directory/themes': {
        get: {
          summary: 'The theme taxonomy with labels',
          parameters: [param('lang', 'Language of labels', { type: 'string', enum: [...LOCALES] })],
          responses: { 200: { description: 'Themes' } },
        },
      },
      '/api/directory/communes': {
        get: {
          summary: 'Communes of the Hautes-Alpes (INSEE codes, postal codes)',
          responses: { 200: { description: 'Communes' } },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
        EntryView: {
          type: 'object',
          required: ['id', 'name', 'themes', 'summary', 'phones', 'sources', 'verifiedAt', 'stale', 'status'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            organization: { type: 'string' },
            kind: { type: 'string' },
            themes: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'string', enum: [...THEMES] }, label: { type: 'string' } },
              },
            },
            summary: {
              type: 'object',
              properties: {
                text: { type: 'string' },
                lang: { type: 'string' },
                fallback: { type: 'boolean', description: 'true when shown in French because no translation exists' },
              },
            },
            address: {
              type: 'object',
              properties: {
                street: { type: 'string' },
                postalCode: { type: 'string' },
                town: { type: 'string' },
                inseeCode: { type: 'string' },
              },
            },
            phones: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  number: { type: 'string' },
                  display: { type: 'string' },
                  href: { type: 'string' },
                  label: { type: 'string' },
                  sms: { type: 'boolean' },
                },
              },
            },
            email: { type: 'string' },
            website: { type: 'string' },
            hours: {
              type: 'object',
              properties: {
                osm: { type: 'string', description: 'OpenStreetMap opening_hours' },
                note: { type: 'string' },
                open: { description: 'true, false, "unknown", or null when only a note exists' },
                nextChange: { type: 'string', description: 'Europe/Paris wall-clock time YYYY-MM-DDTHH:mm' },
              },
            },
            languagesSpoken: {
              type: 'array',
              items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
            },
            sources: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  url: { type: 'string' },
                  title: { type: 'string' },
                  date: { type: 'string' },
                  attests: { type: 'string' },
                },
              },
            },
            verifiedAt: {
              type: 'string',
              pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
              examples: ['2021', '2021-01', '2021-01-14'],
              description:
                'Date of the most recent dated source or check, with the precision the source has (ISO 8601): YYYY, YYYY-MM or YYYY-MM-DD. "2021" means some time in 2021, not 1 January. `stale` counts from the start of the period.',
            },
            stale: { type: 'boolean', description: 'not verified for 12 months: call before going' },
            status: { type: 'string', enum: ['published', 'needs-verification'] },
            locality: { type: 'string' },
          },
        },
      },
    },
  };
}

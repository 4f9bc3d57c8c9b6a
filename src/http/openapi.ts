import { z } from 'zod';
import { EntryView } from '../directory/present/view.js';
import { ApiErrorSchema, Filters, LangParam, SearchParams, VCardParams } from './directoryParams.js';

type JsonSchema = { properties?: Record<string, Record<string, unknown>>; required?: string[] };

/** Query parameters from a zod object: its JSON Schema's properties, descriptions lifted up. */
function parameters(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema: property,
  }));
}

/** A response body's JSON Schema, as a component (without the draft's `$schema`). */
function component(schema: z.ZodType): object {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return rest;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const failure = (description: string) => ({ description, content: json(ref('Error')) });
const pathId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const searchPaths = {
  '/api/directory/search': {
    get: {
      summary: 'Search entries, nearest and freshest first',
      parameters: parameters(SearchParams),
      responses: {
        200: {
          description: 'Matching entries',
          content: json({
            type: 'object',
            required: ['total', 'results'],
            properties: { total: { type: 'integer' }, results: { type: 'array', items: ref('EntryView') } },
          }),
        },
        400: failure('A parameter is not valid'),
      },
    },
  },
  '/api/directory/entries/{id}': {
    get: {
      summary: 'One published entry',
      parameters: [pathId, ...parameters(LangParam)],
      responses: { 200: { description: 'The entry', content: json(ref('EntryView')) }, 404: failure('No such entry') },
    },
  },
};

const exportPaths = {
  '/api/directory/entries/{id}/vcard': {
    get: {
      summary: 'One entry as a vCard 4.0',
      parameters: [pathId],
      responses: { 200: { description: 'vCard', content: { 'text/vcard': {} } }, 404: failure('No such entry') },
    },
  },
  '/api/directory/export.vcf': {
    get: {
      summary: 'Several entries as vCards',
      parameters: parameters(VCardParams),
      responses: { 200: { description: 'vCards', content: { 'text/vcard': {} } }, 400: failure('Unknown id') },
    },
  },
  '/api/directory/export.csv': {
    get: {
      summary: 'Search results as CSV (UTF-8 with BOM)',
      parameters: parameters(Filters),
      responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, 400: failure('A parameter is not valid') },
    },
  },
  '/api/directory/export.hsds.json': {
    get: {
      summary: 'Published entries as Open Referral HSDS 3.0.1 services (UUID v5 ids derived from entry ids)',
      responses: { 200: { description: 'HSDS services', content: { 'application/json': {} } } },
    },
  },
};

const referencePaths = (departement: string) => ({
  '/api/directory/themes': {
    get: {
      summary: 'The theme taxonomy with labels',
      parameters: parameters(LangParam),
      responses: { 200: { description: 'Themes' } },
    },
  },
  '/api/directory/communes': {
    get: {
      summary: `Communes of the ${departement} (INSEE codes, postal codes, arrondissement)`,
      responses: { 200: { description: 'Communes' } },
    },
  },
  '/api/directory/languages': {
    get: {
      summary: 'Languages spoken on site: how many public entries declare one, and how many speak each',
      responses: { 200: { description: '{ total, declaring, languages: [{ code, count }] }' } },
    },
  },
});

/** OpenAPI 3.1 description of the public read API, generated from the zod schemas the routes use. */
export function openApiDocument(departement: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passerelle directory API',
      version: '1.0.0',
      description: `Read-only access to the curated directory of local actors for newcomers in the ${departement}. Every entry lists its sources and when it was last verified.`,
    },
    paths: { ...searchPaths, ...exportPaths, ...referencePaths(departement) },
    components: { schemas: { Error: component(ApiErrorSchema), EntryView: component(EntryView) } },
  };
}

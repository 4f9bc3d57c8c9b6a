import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadAreas } from '../src/directory/areas.js';
import { toHsdsService } from '../src/directory/hsds.js';
import { validateDirectory } from '../src/directory/validate.js';
import { ROOT } from './helpers/app.js';

/** The official HSDS 3.0.1 schemas (Open Referral, CC BY-SA 4.0), kept beside the repository in ../shared. */
const SCHEMAS = join(ROOT, '..', 'shared', 'standards', 'hsds-3.0.1');
const hasSchemas = existsSync(SCHEMAS) || process.env.CI === 'true';
if (!hasSchemas) console.warn(`notice: ${SCHEMAS} not found; the HSDS schema check is skipped`);

function hsdsValidator() {
  const dir = SCHEMAS;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    delete schema.$schema;
    ajv.addSchema(schema, file);
  }
  return ajv.getSchema('service.json')!;
}

describe('HSDS export', () => {
  const entries = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!.entries;
  const areas = loadAreas('05');

  it.runIf(hasSchemas)('turns every entry into a service that validates against the official HSDS 3.0.1 schema', () => {
    const validate = hsdsValidator();
    expect(validate({ id: 'not-a-uuid', name: 'x', status: 'open' })).toBe(false);
    const problems = entries.flatMap((e) => (validate(toHsdsService(e, areas)) ? [] : [`${e.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`]));
    expect(problems).toEqual([]);
  });

  it('derives stable UUIDs and keeps the facts and their verification date', () => {
    const e = entries.find((x) => x.id === 'gap.pass-chicas')!;
    const a = toHsdsService(e, areas);
    expect(a.id).toBe(toHsdsService(e, areas).id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toMatchObject({ name: e.name, assured_date: e.verifiedAt, status: 'active', phones: [{ number: e.phones[0].number }] });
    expect((a.metadata as unknown[]).length).toBe(e.sources.length);
  });
});

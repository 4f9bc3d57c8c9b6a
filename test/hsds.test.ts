import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadAreas } from '../src/directory/areas.js';
import { assuredDate, toHsdsService } from '../src/directory/present/hsds.js';
import { validateDirectory } from '../src/directory/validate.js';
import { FIXTURES, ROOT } from './harness/paths.js';

/** The official HSDS 3.0.1 schemas (Open Referral, CC BY-SA 4.0), copied into test/fixtures (see its README). */
const SCHEMAS = join(FIXTURES, 'hsds-3.0.1');

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
  const entries = validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!
    .entries;
  const areas = loadAreas('05');

  it('turns every entry into a service that validates against the official HSDS 3.0.1 schema', () => {
    const validate = hsdsValidator();
    expect(validate({ id: 'not-a-uuid', name: 'x', status: 'open' })).toBe(false);
    const problems = entries.flatMap((e) =>
      validate(toHsdsService(e, areas)) ? [] : [`${e.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`],
    );
    expect(problems).toEqual([]);
  });

  it('derives stable UUIDs and keeps the facts and their verification date', () => {
    const e = entries.find((x) => x.id === 'national.3646')!;
    expect(e.verifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const a = toHsdsService(e, areas);
    expect(a.id).toBe(toHsdsService(e, areas).id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toMatchObject({
      name: e.name,
      assured_date: e.verifiedAt,
      status: 'active',
      phones: [{ number: e.phones[0].number }],
    });
    expect((a.metadata as unknown[]).length).toBe(e.sources.length);
  });

  it('exports a year- or month-only verification date as the start of its period, and says so in metadata', () => {
    const e = entries.find((x) => x.id === 'gap.pass-chicas')!;
    expect(e.verifiedAt).toBe('2017');
    const a = toHsdsService(e, areas);
    expect(a).toMatchObject({ assured_date: '2017-01-01', phones: [{ number: e.phones[0].number }] });
    const metadata = a.metadata as { field_name: string; replacement_value: string }[];
    expect(metadata.length).toBe(e.sources.length + 1);
    expect(metadata.find((m) => m.field_name === 'assured_date')?.replacement_value).toMatch(
      /^2017 \(dated to the year only/,
    );
    expect(assuredDate('2021-01')).toEqual({ date: '2021-01-01', precision: 'month' });
    expect(assuredDate('2021-01-14')).toEqual({ date: '2021-01-14' });
    expect(entries.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(toHsdsService(x, areas).assured_date as string))).toBe(true);
  });
});

import type { Entry } from '../../src/directory/schema.js';

/** A valid published directory entry for unit tests; `over` replaces any field. */
export function testEntry(over: Partial<Entry> = {}): Entry {
  return {
    id: 'test.entry',
    name: 'Entrée de test',
    kind: 'association',
    themes: ['basic.food'],
    summary: { fr: 'Résumé.' },
    area: { level: 'departement', codes: ['05'] },
    phones: [],
    languagesSpoken: [],
    audiences: ['all'],
    sources: [{ url: 'https://example.org', title: 'Source', date: '2026', attests: 'tout' }],
    verifiedAt: '2026-10-01',
    verifiedBy: 'test',
    status: 'published',
    updatedAt: '2026-10-01T00:00:00+02:00',
    version: 1,
    ...over,
  };
}

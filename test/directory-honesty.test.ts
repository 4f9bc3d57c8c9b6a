// The honesty rule (data/SOURCES.md, issue 14): every phone, e-mail, street address and opening hour an entry
// publishes is quoted in the `attests` text of one of that entry's own sources. Checked on the real data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unquotedFacts } from '../src/directory/attestation.js';
import { validateDirectory } from '../src/directory/validate.js';
import type { Entry } from '../src/directory/schema.js';
import { ROOT } from './helpers/app.js';
import { testEntry } from './helpers/entry.js';

const realEntries = (): Entry[] =>
  validateDirectory(JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8'))).data!.entries;

const source = (attests: string) => [{ url: 'https://example.org', title: 'Source', date: '2025', attests }];

describe('the honesty rule on the real directory', () => {
  it.each(realEntries().map((e) => [e.id, e] as const))('%s quotes every contact fact in a source', (_id, e) => {
    expect(unquotedFacts(e)).toEqual([]);
  });

  it('would catch a phone number added to a real entry without a source saying it', () => {
    const e = realEntries().find((x) => x.id === 'gap.pass-chicas')!;
    expect(unquotedFacts({ ...e, phones: [...e.phones, { number: '+33492000000' }] })).toEqual(['phone +33492000000']);
  });
});

describe('what counts as quoting a fact', () => {
  it.each([
    ['a phone written with spaces', { phones: [{ number: '+33492406161' }] }, 'Standard : 04 92 40 61 61.', []],
    ['a phone written with dots', { phones: [{ number: '+33646919838' }] }, 'Appelez le 06.46.91.98.38', []],
    ['a short number', { phones: [{ number: '116117' }] }, 'Composez le 116 117.', []],
    ['a short number inside a longer one', { phones: [{ number: '15' }] }, 'Tél. 04 92 15 00 00', ['phone 15']],
    [
      'an unquoted phone',
      { phones: [{ number: '+33492000000' }] },
      'Standard : 04 92 40 61 61.',
      ['phone +33492000000'],
    ],
    ['an e-mail', { email: 'contact@example.org' }, 'Écrire à Contact@example.org', []],
    ['an unquoted e-mail', { email: 'contact@example.org' }, 'Écrire par formulaire', ['email contact@example.org']],
    [
      'a street, case and accents aside',
      { address: { street: '2 rue des Pommiers', town: 'Veynes' } },
      'MDS – 2 RUE DES POMMIERS',
      [],
    ],
    [
      'a street with a remark',
      { address: { street: '1 place Auguste Muret (au sein du CHICAS)', town: 'Gap' } },
      'CHICAS, 1 place Auguste Muret, BP 101',
      [],
    ],
    [
      'an unquoted street',
      { address: { street: '6 bis avenue Guillaume Farel', town: 'Gap' } },
      'Centre à Gap',
      ['street 6 bis avenue Guillaume Farel'],
    ],
    ['round-the-clock hours', { hours: { osm: '24/7' } }, 'gratuit, 24h/24 et 7j/7', []],
    ['hours in French', { hours: { osm: 'Mo-Su 09:00-20:00' } }, 'ouvert 7j/7 de 9h à 20h', []],
    [
      'hours up to midnight',
      { hours: { osm: '14:00-24:00; Su 08:00-24:00' } },
      'de 14 heures à minuit et le dimanche de 8 heures à minuit',
      [],
    ],
    [
      'hours that no source gives',
      { hours: { osm: 'Mo-Fr 09:00-17:00' } },
      'du lundi au vendredi de 9h à 12h',
      ['hours Mo-Fr 09:00-17:00'],
    ],
    ['round-the-clock hours nobody stated', { hours: { osm: '24/7' } }, 'gratuit et anonyme', ['hours 24/7']],
  ])('%s', (_name, over, attests, missing) => {
    expect(unquotedFacts(testEntry({ ...(over as Partial<Entry>), sources: source(attests) }))).toEqual(missing);
  });

  it('checks the street and hours of every site too', () => {
    const site = {
      address: { street: '4 rue de la Madeleine', town: 'Gap', inseeCode: '05061' },
      hours: 'We 14:00-17:00',
    };
    const e = testEntry({ sites: [site], sources: source('Centre au 4 rue de la Madeleine, mercredi de 14h à 17h') });
    expect(unquotedFacts(e)).toEqual([]);
    const other = testEntry({ sites: [site], sources: source('Centre à Gap') });
    expect(unquotedFacts(other)).toEqual(['site street 4 rue de la Madeleine', 'site hours We 14:00-17:00']);
  });

  it("reports a phone that the entry's only source does not quote", () => {
    const e = testEntry({ phones: [{ number: '+33492406161' }], sources: source('Aucun numéro.') });
    expect(unquotedFacts(e)).toEqual(['phone +33492406161']);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/i18n/catalog.js';
import { formatEmergencyLine, phoneLink, type Style } from '../src/directory/present/formatEntry.js';
import { formatHit } from '../src/directory/present/formatHit.js';
import type { Entry } from '../src/directory/schema.js';
import { ROOT } from './harness/paths.js';

// The Markdown engine and options Web Chat 4.18 renders bot messages with (markdown-it 13, linkify on):
// what a newcomer taps is what this parser makes of the text.
type Token = { type: string; content: string; attrGet(name: string): string | null; children: Token[] | null };
const MarkdownIt = createRequire(join(ROOT, 'package.json'))('markdown-it') as new (options: object) => {
  parseInline(text: string, env: object): Token[];
  render(text: string): string;
};
const md = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true });

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const catalog = loadCatalog(join(ROOT, 'locales'));
const entries = (JSON.parse(readFileSync(join(ROOT, 'data', 'directory.json'), 'utf8')) as { entries: Entry[] })
  .entries;

/** Every link of a message: its target and the text shown, as markdown-it (linkify included) reads them. */
function links(markdown: string): { href: string; text: string }[] {
  const found: { href: string; text: string }[] = [];
  for (const line of markdown.split('\n')) {
    const tokens = md.parseInline(line, {})[0]?.children ?? [];
    let open: { href: string; text: string } | undefined;
    for (const token of tokens) {
      if (token.type === 'link_open') open = { href: token.attrGet('href') ?? '', text: '' };
      else if (token.type === 'link_close' && open) (found.push(open), (open = undefined));
      else if (open) open.text += token.content;
    }
  }
  return found;
}

/** The addresses a card must link to, exactly. */
const targets = (e: Entry) => [
  ...e.phones.map((p) => phoneLink(p.number).href),
  ...(e.email ? [`mailto:${e.email}`] : []),
  ...(e.website ? [new URL(e.website).href] : []),
];

describe.each(['ar', 'fa', 'ps'])('every link of every directory card in %s', (lng) => {
  const style: Style = { locale: lng, tag: catalog.meta[lng as 'ar']!.tag, rtl: true };
  const t = catalog.t(lng);

  it.each(entries.map((e) => [e.id, e] as const))(
    '%s opens the right addresses, with no bidi mark in any',
    (_id, e) => {
      const text = formatHit({ entry: e, locality: 'arrondissement', stale: false, score: 0 }, t, style);
      expect(text).toMatch(BIDI); // the isolates are there, around the links
      const found = links(text);
      for (const link of found) {
        expect(link.href, link.href).not.toMatch(BIDI);
        expect(link.href).not.toMatch(/xn--|%E2%81%A[6-9]|%E2%80%8[EF]/i);
        expect(link.text, link.text).not.toMatch(BIDI);
      }
      // Every contact detail is a link to exactly its address (a summary may add links of its own).
      const hrefs = found.map((l) => new URL(l.href).href);
      for (const target of targets(e)) expect(hrefs).toContain(target);
    },
  );

  it('the emergency lines link each number in bold', () => {
    for (const e of entries.filter((x) => x.phones.length)) {
      const line = formatEmergencyLine(e, style);
      const [link] = links(line);
      expect(link.href).toBe(phoneLink(e.phones[0].number).href);
      expect(link.text).not.toMatch(BIDI);
      expect(md.render(line)).toMatch(/<strong>[^<]*<a href="tel:/);
    }
  });
});

describe('links in left-to-right languages', () => {
  it.each(['fr', 'en', 'ti', 'ru', 'uk'])('%s cards link every phone, e-mail and website, with no bidi mark', (lng) => {
    const style: Style = { locale: lng, tag: catalog.meta[lng as 'fr']!.tag, rtl: false };
    for (const e of entries) {
      const text = formatHit({ entry: e, locality: 'arrondissement', stale: false, score: 0 }, catalog.t(lng), style);
      expect(text).not.toMatch(BIDI);
      const hrefs = links(text).map((l) => new URL(l.href).href);
      for (const target of targets(e)) expect(hrefs, e.id).toContain(target);
    }
  });
});

// Issue 21, the low items and the pieces under the attack tests: markdown in chat, vCard line breaks,
// web addresses, the client address behind proxies, the JSON depth scan, the CSV writer, warm-ups.
import { createRequire } from 'node:module';
import type { Request } from 'restify';
import { describe, expect, it, vi } from 'vitest';
import { csvToDrafts } from '../src/admin/csv.js';
import { loadContent } from '../src/content.js';
import { loadAreas } from '../src/directory/areas.js';
import { neutralize, toCsv } from '../src/directory/present/csv.js';
import { formatEmergencyLine, type Style } from '../src/directory/present/formatEntry.js';
import { formatHit } from '../src/directory/present/formatHit.js';
import { toVCard } from '../src/directory/present/vcard.js';
import type { Hit } from '../src/directory/search.js';
import { validateEntry } from '../src/directory/validate.js';
import { createClientAddress } from '../src/http/clientAddress.js';
import { jsonDepthExceeds } from '../src/http/jsonDepth.js';
import { createLogger } from '../src/common/logger.js';
import { createInterpreters } from '../src/understanding/interpreters.js';
import { ROOT } from './helpers/app.js';
import { testEntry } from './helpers/entry.js';

// The markdown renderer Web Chat uses (a dependency of botframework-webchat), with its linkify.
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new (options: object) => {
  render(text: string): string;
};
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const FR: Style = { locale: 'fr', tag: 'fr-FR', rtl: false };
const t = ((key: string) => key) as never;
const hit = (over: Parameters<typeof testEntry>[0]): Hit => ({
  entry: testEntry(over),
  locality: 'departement',
  stale: false,
  score: 1,
});
const links = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
/** Links whose visible text is not their own address (what hides a target): tel: links show the number. */
const disguised = (html: string) =>
  [...html.matchAll(/<a href="([^"]*)">(.*?)<\/a>/g)]
    .filter(([, href, text]) => !href.startsWith('tel:') && text.replace(/&amp;/g, '&') !== decodeURI(href))
    .map(([, href, text]) => `${text} → ${href}`);

describe('directory text inserted into chat markdown is escaped', () => {
  it.each([
    ['summary', { summary: { fr: 'Appelez le [115](https://evil.example/115) tout de suite' } }],
    ['summary, reference style', { summary: { fr: 'Le [115][1] répond.\n\n[1]: https://evil.example/r' } }],
    ['name', { name: '[Urgence](https://evil.example/n)' }],
    ['caveat', { caveat: { fr: '<https://evil.example/c> ou ![x](https://evil.example/i.png)' } }],
    ['hours note', { hours: { note: { fr: '[ouvert](https://evil.example/h)' } } }],
    ['hours note, javascript:', { hours: { note: { fr: '[ouvert](javascript:alert(1))' } } }],
    ['phone label', { phones: [{ number: '115', label: { fr: '[ici](https://evil.example/p)' } }] }],
    ['address', { address: { town: 'Gap', street: '[1 rue](https://evil.example/a)' } }],
  ])('a link in the %s stays text: no link to evil.example', (_field, over) => {
    const html = markdown.render(formatHit(hit(over), t, FR));
    // A bare address may still be linkified, showing itself; nothing shows one text and opens another.
    expect(disguised(html)).toEqual([]);
    expect(links(html).filter((href) => href.startsWith('javascript'))).toEqual([]);
    expect(html).not.toMatch(/<img/);
  });

  it('keeps what it must: the text as written, phone links, and a website that still links', () => {
    const md = formatHit(
      hit({
        summary: { fr: 'Appelez le [115](https://evil.example/115)' },
        phones: [{ number: '+33492000000' }],
        website: 'https://www.example.org/aide_sociale',
      }),
      t,
      FR,
    );
    const html = markdown.render(md);
    expect(html).toContain('Appelez le [115](');
    expect(disguised(html)).toEqual([]);
    expect(links(html)).toEqual(expect.arrayContaining(['tel:+33492000000', 'https://www.example.org/aide_sociale']));
  });

  it('the emergency lines too', () => {
    const e = testEntry({ summary: { fr: '[SAMU](https://evil.example/15)' }, phones: [{ number: '15' }] });
    const html = markdown.render(formatEmergencyLine(e, FR));
    expect(disguised(html)).toEqual([]);
    expect(links(html)).toContain('tel:15');
  });
});

describe('vCard line breaks', () => {
  it.each([
    ['a bare CR', 'ligne 1\rBEGIN:VCARD'],
    ['CRLF', 'ligne 1\r\nBEGIN:VCARD'],
    ['LF', 'ligne 1\nBEGIN:VCARD'],
  ])('%s in a text becomes \\n, never a raw break that ends the property', (_name, summary) => {
    const card = toVCard(testEntry({ name: `Nom\rX-INJECTED:1` }), summary);
    const lines = card.split('\r\n');
    expect(card.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines.filter((l) => l.startsWith('BEGIN:VCARD'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('X-INJECTED'))).toBe(false);
    expect(card).toContain('NOTE:ligne 1\\nBEGIN:VCARD');
  });
});

describe('web addresses in the directory schema', () => {
  const bad = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:msgbox',
    'file:///etc/passwd',
    'ftp://example.org/',
  ];
  it.each(bad)('%s is refused as website and as a source url', (url) => {
    const asWebsite = validateEntry(testEntry({ website: url }));
    expect(asWebsite.entry).toBeUndefined();
    expect(asWebsite.problems.map((p) => p.field)).toContain('website');
    const source = { url, title: 'x', date: '2026', attests: 'x' };
    const asSource = validateEntry(testEntry({ sources: [source] }));
    expect(asSource.problems.map((p) => p.field)).toContain('sources.0.url');
  });

  it.each(['https://example.org/', 'http://example.org/a?b=c#d'])('%s is accepted', (url) => {
    expect(
      validateEntry(testEntry({ website: url, sources: [{ url, title: 'x', date: '2026', attests: 'x' }] })).entry,
    ).toBeDefined();
  });
});

describe('the client address', () => {
  const req = (peer: string, xff?: string) =>
    ({
      socket: { remoteAddress: peer },
      headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
    }) as unknown as Request;

  it.each([
    ['no proxy trusted: the header is ignored', [], '127.0.0.1', '203.0.113.9', '127.0.0.1'],
    ['a trusted proxy: the address it saw', ['127.0.0.1'], '127.0.0.1', '203.0.113.9', '203.0.113.9'],
    ['a forged left part is not believed', ['127.0.0.1'], '127.0.0.1', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    [
      'trusted hops are walked from the right',
      ['10.0.0.0/8', 'loopback'],
      '::ffff:127.0.0.1',
      '198.51.100.1, 10.1.2.3',
      '198.51.100.1',
    ],
    ['an untrusted peer is the client', ['127.0.0.1'], '192.0.2.5', '203.0.113.9', '192.0.2.5'],
    ['garbage in the header stops the walk', ['127.0.0.1'], '127.0.0.1', 'not-an-ip', '127.0.0.1'],
    ['IPv6 ranges', ['2001:db8::/32'], '2001:db8::1', '2001:db8::2, 2a01::7', '2a01::7'],
  ])('%s', (_name, trusted, peer, xff, expected) => {
    expect(createClientAddress(trusted)(req(peer, xff))).toBe(expected);
  });
});

describe('JSON depth scan', () => {
  it.each([
    ['[[[]]]', 3, false],
    ['[[[[]]]]', 3, true],
    ['{"a":{"b":{"c":1}}}', 3, false],
    ['{"a":"[[[[[[[["}', 2, false],
    ['{"a":"\\"[[[[","b":[[[[1]]]]}', 4, true],
    ['{"a":"\\\\","b":[[1]]}', 3, false],
    ['{"a":"\\\\","b":[[[1]]]}', 3, true],
  ])('%s deeper than %i: %s', (text, max, deeper) => {
    expect(jsonDepthExceeds(text, max)).toBe(deeper);
  });
});

describe('one CSV writer', () => {
  it.each(['=1+1', '+33', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises %j', (cell) => {
    expect(neutralize(cell)).toBe(`'${cell}`);
    expect(toCsv(['a'], [{ a: cell }])).toContain(`'${cell.replace(/"/g, '""')}`);
  });

  it('reads its own neutralised cells back as they were', () => {
    const csv = toCsv(['id', 'name'], [{ id: 'gap.x', name: '=HYPERLINK("x")' }]);
    expect(csvToDrafts(csv).drafts[0]).toMatchObject({ id: 'gap.x', name: '=HYPERLINK("x")' });
  });
});

describe('the commune lookup is warmed with the language models', () => {
  it('warm() runs a commune lookup of each kind before any user does', () => {
    const { lexicons } = loadContent(ROOT, createLogger('silent'));
    const areas = loadAreas('05');
    const find = vi.spyOn(areas, 'findCommune');
    const elsewhere = vi.spyOn(areas, 'findElsewhere');
    const interpreters = createInterpreters(lexicons, areas);
    expect(find).not.toHaveBeenCalled();
    interpreters.warm();
    expect(find.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(find.mock.calls.some(([text]) => /^\d{5}$/.test(text))).toBe(true);
    expect(elsewhere).toHaveBeenCalled();
  });
});

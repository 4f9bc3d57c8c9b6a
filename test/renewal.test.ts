import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalStatus, renewalWindow } from '../src/common/renewal.js';
import { dateParser } from '../src/understanding/dates.js';
import type { Locale } from '../src/common/locales.js';
import {
  afterTown,
  choiceIds,
  fakeClock,
  startServer,
  waitingNode,
  type Reply,
  type TestServer,
} from './harness/index.js';

describe('renewal window (CESEDA R.431-5)', () => {
  it.each([
    // expiry, kind, opens, closes, remind
    ['2027-03-12', 'anef', '2026-11-12', '2027-01-11', '2026-12-28'],
    ['2027-03-12', 'other', '2027-01-12', '2027-03-11', '2027-02-25'],
    // Two months before 30 April is 28 February (no 30 February); leap years count.
    ['2027-04-30', 'other', '2027-02-28', '2027-04-29', '2027-04-15'],
    ['2028-04-30', 'other', '2028-02-29', '2028-04-29', '2028-04-15'],
    ['2028-03-01', 'anef', '2027-11-02', '2028-01-01', '2027-12-18'],
  ] as const)('%s (%s) → %s … %s, reminder %s', (expiry, kind, opens, closes, remind) => {
    expect(renewalWindow(expiry, kind)).toEqual({ kind, expiry, opens, closes, remind });
  });

  it.each([
    ['2027-06-01', 'anef', 'ahead'],
    ['2027-03-12', 'anef', 'open'],
    ['2027-01-20', 'anef', 'late'],
    ['2027-01-20', 'other', 'open'],
    ['2026-12-03', 'anef', 'expired'],
    ['2020-05-01', 'other', 'expired'],
    ['2036-12-03', 'anef', 'ahead'],
    ['2036-12-04', 'anef', 'absurd'],
  ] as const)('on 2026-12-03, a %s %s title is %s', (expiry, kind, status) => {
    expect(renewalStatus(renewalWindow(expiry, kind), '2026-12-03')).toBe(status);
  });
});

describe('dates as people type them', () => {
  it.each([
    ['fr', '12/03/2027', '2027-03-12'],
    ['fr', 'elle finit le 12.3.27', '2027-03-12'],
    ['fr', '2027-03-12', '2027-03-12'],
    ['fr', 'mars 2027', '2027-03'],
    ['fr', '12 sept. 2027', '2027-09-12'],
    ['fr', '03/2027', '2027-03'],
    ['en', 'March 2027', '2027-03'],
    ['en', '12 March 2027', '2027-03-12'],
    ['en', '03/25/2027', '2027-03-25'],
    ['fa', '۱۲/۰۳/۲۰۲۷', '2027-03-12'],
    ['fa', '12 مارچ 2027', '2027-03-12'],
    ['fa', 'مارس ۲۰۲۷', '2027-03'],
    ['ar', '١٢ مارس ٢٠٢٧', '2027-03-12'],
    ['ps', '۱۲ مارچ ۲۰۲۷', '2027-03-12'],
    ['ti', '12 መጋቢት 2027', '2027-03-12'],
    ['ru', '12 марта 2027', '2027-03-12'],
    ['uk', 'березень 2027', '2027-03'],
    ['uk', '12 mars 2027', '2027-03-12'],
  ] as const)('%s: "%s" → %s', (locale, text, value) => {
    expect(dateParser(locale)(text)).toEqual({ value });
  });

  it.each([
    ['fr', '31/02/2027'],
    ['fr', 'bonjour'],
    ['fa', 'نمی دانم'],
    ['en', '2027'],
    ['ru', '13/13/2027'],
  ] as const)('%s: "%s" is no date', (locale, text) => {
    expect(dateParser(locale as Locale)(text)).toBeNull();
  });
});

describe('"when must I renew?" in the rights tree', () => {
  const clock = fakeClock(Date.parse('2026-12-03T10:00:00Z'));
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ clock });
  });
  afterAll(() => server.close());

  const toDateQuestion = async (locale: string, title: 'yes' | 'no' | 'unknown') => {
    const c = await afterTown(server.app, 'Gap', { locale });
    await c.press({ choice: 'rights' });
    await c.press({ choice: 'permit' });
    const asked = await c.press({ choice: 'renew-when' });
    expect(waitingNode(asked)).toBe('rights.renew-title');
    const date = await c.press({ choice: title });
    expect(waitingNode(date)).toBe('rights.renew-date');
    return c;
  };
  const calendarLinks = (replies: Reply[]) =>
    replies
      .flatMap((r) =>
        (r.attachments ?? []).flatMap((a) => (a.content as { buttons?: { value: string }[] }).buttons ?? []),
      )
      .filter((b) => typeof b.value === 'string' && b.value.startsWith('/api/renewal.ics'));

  it('answers a Dari date in Persian digits with the ANEF window, a calendar link and the local contacts; the date is not kept', async () => {
    const c = await toDateQuestion('fa-AF', 'yes');
    const replies = await c.say('۱۲/۰۳/۲۰۲۷');
    const links = calendarLinks(replies).map((b) => b.value);
    expect(links).toEqual(['/api/renewal.ics?expiry=2027-03-12&kind=anef&lng=fa']);
    expect(replies.some((r) => r.channelData?.entry)).toBe(true);
    expect(waitingNode(replies)).toBe('rights.renew-more');
    expect(choiceIds(replies)).toEqual(['date', 'another', 'menu']);
    const stored = JSON.stringify(await server.app.storage.read([]));
    expect(stored).not.toContain('2027');
  });

  it.each([
    ['past date: expired, no calendar', 'fr-FR', 'yes', '01/10/2026', 'rights.renew-status.expired', 0],
    ['absurd date: > 10 years ahead', 'fr-FR', 'no', '12/03/2040', 'rights.renew-status.absurd', 0],
    ['title unknown: both windows, two calendars', 'en-US', 'unknown', 'March 2027', 'rights.renew-month-only', 2],
    ['late for the ANEF', 'ru-RU', 'yes', '20.01.2027', 'rights.renew-status.late', 0],
  ] as const)('%s', async (_name, locale, title, typed, key, calendars) => {
    const c = await toDateQuestion(locale, title);
    const replies = await c.say(typed);
    const t = server.app.catalog.t(locale.slice(0, 2));
    const first = t(key, { expiry: 'X', month: 'X' }).split('X')[0];
    expect(replies.some((r) => r.text?.includes(first))).toBe(true);
    expect(calendarLinks(replies)).toHaveLength(calendars);
  });

  it('title unknown: no verdict when the two windows stand differently today; a month stays a month', async () => {
    const c = await toDateQuestion('fr-FR', 'unknown');
    const replies = await c.say('mars 2027');
    const t = server.app.catalog.t('fr');
    const text = replies.map((r) => r.text ?? '').join('\n');
    for (const status of ['ahead', 'open', 'late']) expect(text).not.toContain(t(`rights.renew-status.${status}`));
    expect(text).toContain(t('rights.renew-month-only', { month: 'mars 2027' }));
    expect(text).not.toContain('1 mars 2027');
  });

  it('asks again when the text is no date', async () => {
    const c = await toDateQuestion('fr-FR', 'no');
    const replies = await c.say('31/02/2027');
    expect(replies[0].text).toBe(server.app.catalog.t('fr')('rights.renew-date.invalid'));
    expect(waitingNode(replies)).toBe('rights.renew-date');
  });

  it('serves the calendar file with two alarms, and refuses what is no reminder', async () => {
    const res = await fetch(`${server.url}/api/renewal.ics?expiry=2027-05-03&kind=anef&lng=fa`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ics = await res.text();
    expect(ics).toContain('DTSTART;VALUE=DATE:20270103');
    expect(ics).toContain('DTEND;VALUE=DATE:20270305');
    expect([...ics.matchAll(/TRIGGER;VALUE=DATE-TIME:(\d+T\d+Z)/g)].map((m) => m[1])).toEqual([
      '20270103T080000Z',
      '20270218T080000Z',
    ]);
    expect(ics).toContain(server.app.catalog.t('fa')('rights.renew-ics.summary'));
    for (const [query, status] of [
      ['expiry=2027-02-30&kind=anef', 400],
      ['expiry=2027-05-03&kind=paper', 400],
      ['expiry=2027-05-03&kind=anef&lng=xx', 400],
      ['expiry=2026-12-20&kind=anef', 422],
      ['expiry=2045-01-01&kind=other', 422],
    ] as const)
      expect((await fetch(`${server.url}/api/renewal.ics?${query}`)).status, query).toBe(status);
  });
});

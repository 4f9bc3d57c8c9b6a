import { createEvent, type EventAttributes } from 'ics';
import type { Request, Response, Server } from 'restify';
import type { Catalog } from '../i18n/catalog.js';
import { LOCALES } from '../common/locales.js';
import { formatPartialDate } from '../directory/present/formatEntry.js';
import {
  dayOf,
  isoDay,
  renewalStatus,
  renewalWindow,
  TITLE_KINDS,
  type RenewalWindow,
  type TitleKind,
} from '../common/renewal.js';
import { sendError } from './errors.js';

/** Reminders ring at 08:00 UTC (9:00 or 10:00 in France): a working hour to act on them. */
const ALARM_HOUR_UTC = 8;

const dateArray = (day: string) => day.split('-').map(Number) as [number, number, number];
const alarmAt = (day: string) => Date.parse(`${day}T0${ALARM_HOUR_UTC}:00:00Z`);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One all-day event over the filing window, alarms at its opening and two weeks before its end (past ones left out). */
export function renewalEvent(window: RenewalWindow, today: string, catalog: Catalog, lng: string): EventAttributes {
  const t = catalog.t(lng);
  const style = { locale: lng, tag: catalog.meta[lng as keyof Catalog['meta']]?.tag ?? lng, rtl: false };
  const day = (d: string) => formatPartialDate(d, style);
  const alarms = [
    { when: window.opens, key: 'rights.renew-ics.opens' },
    { when: window.remind, key: 'rights.renew-ics.remind' },
  ]
    .filter((a) => a.when >= today)
    .map((a) => ({ action: 'display' as const, description: t(a.key), trigger: alarmAt(a.when) }));
  return {
    // The same file twice updates one event instead of adding a second.
    uid: `renewal-${window.kind}-${window.expiry}@passerelle`,
    productId: 'passerelle',
    start: dateArray(window.opens),
    end: dateArray(nextDay(window.closes)),
    title: t('rights.renew-ics.summary'),
    description: t('rights.renew-ics.description', {
      opens: day(window.opens),
      closes: day(window.closes),
      expiry: day(window.expiry),
    }),
    alarms,
  };
}

/**
 * GET /api/renewal.ics?expiry=YYYY-MM-DD&kind=anef|other&lng=fa: the renewal window as a calendar
 * file. Stateless: the query is the whole input, nothing is stored, and the request log keeps the
 * route only, never the query.
 */
export function registerRenewalCalendar(
  server: Server,
  { catalog, now }: { catalog: Catalog; now: () => number },
): void {
  server.get('/api/renewal.ics', async (req: Request, res: Response) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const expiry = isoDay(String(query.expiry ?? ''));
    const kind = String(query.kind ?? '') as TitleKind;
    const lng = String(query.lng ?? 'fr');
    if (!expiry || !TITLE_KINDS.includes(kind) || !(LOCALES as readonly string[]).includes(lng))
      return sendError(res, 400, 'bad-query', 'expiry (YYYY-MM-DD), kind (anef|other) and lng are required', {
        kinds: TITLE_KINDS,
        languages: LOCALES,
      });
    const today = dayOf(now());
    const window = renewalWindow(expiry, kind);
    const status = renewalStatus(window, today);
    if (window.remind < today || (status !== 'ahead' && status !== 'open'))
      return sendError(res, 422, 'no-reminder', 'no reminder to set for this date', { status });
    const { error, value } = createEvent(renewalEvent(window, today, catalog, lng));
    if (error || !value) return sendError(res, 500, 'internal', 'calendar file could not be built');
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="renewal-${expiry}.ics"`);
    res.setHeader('Cache-Control', 'no-store');
    res.sendRaw(200, value);
  });
}

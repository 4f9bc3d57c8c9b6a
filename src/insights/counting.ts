import type { Areas } from '../directory/areas.js';
import type { Hit } from '../directory/search.js';
import type { Output, Profile } from '../engine/step.js';
import { parisToday } from '../common/time.js';
import type { Counters } from './counters.js';
import { areaOf, languageOf, outcomeOf, turnKey, type Shown } from './pathEnd.js';
import type { Redis } from '../common/redis.js';

export interface InsightsOptions {
  areas: Pick<Areas, 'communes'>;
  /** The app's clock: only its month is kept. */
  now: () => number;
  /** Hears a failure of counting, which never reaches the turn or the search that was counted. */
  onError?: (error: Error) => void;
  /** REDIS_URL: every instance's counts added up in Redis (see redisInsights.ts). */
  redis?: Redis;
}

/** What an /annuaire page search asked for, as the read API resolved it (commune: a code or "elsewhere"). */
export interface PageSearch {
  q?: string;
  themes?: string[];
  commune?: string;
  languages?: string[];
}

/** The month (Europe/Paris) of the clock, worked out again once a minute at most. */
export function monthClock(now: () => number): () => string {
  let minute = NaN;
  let month = '';
  return () => {
    const at = now();
    const m = Math.floor(at / 60_000);
    if (m !== minute) [minute, month] = [m, parisToday(at).slice(0, 7)];
    return month;
  };
}

/**
 * What the bot, the read API and the reports endpoint call: synchronous in-memory increments.
 * Statistics never break what they count: a failure goes to `onError`, the turn or request goes on.
 */
export function countingInto(target: () => Counters, month: () => string, { areas, onError }: InsightsOptions) {
  const failed = (err: unknown) => onError?.(err instanceof Error ? err : new Error(String(err)));
  return {
    /** The bot, after a turn: its path end (at most one) and the entries it showed. */
    countTurn(outputs: readonly Output[], profile: Profile, shown: readonly Shown[]): void {
      try {
        const key = turnKey(outputs, profile, shown, areas);
        if (!key) return;
        const m = month();
        target().addPath(m, key);
        for (const s of shown) for (const hit of s.hits) target().addShown(m, hit.entry.id);
      } catch (err) {
        failed(err);
      }
    },
    /** A search of the /annuaire page (not of API clients): its theme filter, place, language and outcome. */
    countSearch(search: PageSearch, hits: readonly Pick<Hit, 'locality'>[]): void {
      try {
        const node = `annuaire.${search.themes?.[0] ?? (search.q?.trim() ? 'text' : 'all')}`;
        const lang = languageOf(search.languages?.[0]);
        target().addPath(month(), {
          theme: 'annuaire',
          node,
          lang,
          area: areaOf(search.commune, areas),
          outcome: outcomeOf(hits),
        });
      } catch (err) {
        failed(err);
      }
    },
    /**
     * One accepted report of wrong information on an entry (POST /api/directory/entries/:id/reports
     * calls it once the report is accepted): the entry's id and themes, the reporter's language if known.
     */
    countReport(entry: { id: string; themes: readonly string[] }, lang?: string): void {
      try {
        const m = month();
        const node = entry.themes[0] ?? 'none';
        target().addPath(m, {
          theme: 'report',
          node,
          lang: languageOf(lang),
          area: 'unknown',
          outcome: 'reported-wrong',
        });
        target().addReport(m, entry.id);
      } catch (err) {
        failed(err);
      }
    },
  };
}

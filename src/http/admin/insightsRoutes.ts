import type { Request, Server } from 'restify';
import { z } from 'zod';
import { AdminError } from '../../admin/errors.js';
import type { Areas } from '../../directory/areas.js';
import { isStale } from '../../directory/rules.js';
import type { DirectoryStore } from '../../directory/store.js';
import type { Insights } from '../../insights/insights.js';
import { tableCsv } from '../../insights/tableCsv.js';
import { buildInsight, monthsBetween, TABLES, type Insight } from '../../insights/tables.js';
import { monthsBefore, parisToday } from '../../common/time.js';
import { fieldProblems } from '../../common/zodIssues.js';
import type { Route } from './guard.js';

export interface InsightsRouteDeps {
  insights: Pick<Insights, 'counters'>;
  store: DirectoryStore;
  areas: Pick<Areas, 'arrondissements'>;
  /** Counts below it are suppressed (INSIGHTS_MIN_COUNT). */
  minCount: number;
  now: () => number;
  route: Route;
}

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const Period = z.strictObject({ from: Month.optional(), to: Month.optional() });
/** Longest period asked at once: three years of months. */
const MAX_MONTHS = 36;
/** Without `from`, the six months up to `to`. */
const DEFAULT_MONTHS = 6;

/** The period a request asks for (to: this month by default; from: five months before `to`). */
function periodOf(req: Request, now: number): { from: string; to: string } {
  const parsed = Period.safeParse(req.query ?? {});
  if (!parsed.success)
    throw new AdminError(
      400,
      'invalid-period',
      'from and to are months YYYY-MM',
      fieldProblems(parsed.error, '(query)'),
    );
  const to = parsed.data.to ?? parisToday(now).slice(0, 7);
  const from = parsed.data.from ?? monthsBefore(`${to}-01`, DEFAULT_MONTHS - 1).slice(0, 7);
  const length = from <= to ? monthsBetween(from, to).length : 0;
  if (length < 1 || length > MAX_MONTHS)
    throw new AdminError(
      400,
      'invalid-period',
      `from must be at most ${MAX_MONTHS} months before to, and not after it`,
      [{ field: 'from', message: `between ${MAX_MONTHS} months before "to" and "to"` }],
    );
  return { from, to };
}

/**
 * GET /api/admin/insights?from=YYYY-MM&to=YYYY-MM (JSON, every table) and
 * GET /api/admin/insights/<table>.csv (one table): the steering committee's anonymous counters,
 * small counts suppressed; observers and admins only.
 */
export function registerInsightsRoutes(server: Server, deps: InsightsRouteDeps): void {
  const { insights, store, minCount, now, route } = deps;
  const areaNames = new Map(deps.areas.arrondissements.map((a) => [a.code, a.name]));
  const insight = (req: Request): Insight => {
    const at = now();
    const entry = (id: string) => {
      const e = store.get(id);
      return e && { name: e.name, stale: isStale(e.verifiedAt, at) };
    };
    return buildInsight(insights.counters(), { ...periodOf(req, at), minCount, entry, areaNames });
  };

  server.get(
    '/api/admin/insights',
    route({ auth: 'insights' }, async (req, res) => {
      res.json(insight(req));
    }),
  );
  server.get(
    '/api/admin/insights/:file',
    route({ auth: 'insights' }, async (req, res) => {
      const id = /^([a-z-]+)\.csv$/.exec(String(req.params.file))?.[1];
      if (!id || !(TABLES as readonly string[]).includes(id))
        throw new AdminError(404, 'not-found', `no insights table "${String(req.params.file)}"`, { tables: TABLES });
      const all = insight(req);
      const table = all.tables.find((t) => t.id === id)!;
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header('Content-Disposition', `attachment; filename="insights-${id}-${all.from}-${all.to}.csv"`);
      res.sendRaw(200, tableCsv(table));
    }),
  );
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content.js';
import { loadAreas } from '../src/directory/areas.js';
import type { Hit } from '../src/directory/search.js';
import { initialState, step, type DialogState, type Input, type Output } from '../src/engine/step.js';
import { Counters } from '../src/insights/counters.js';
import { openInsights } from '../src/insights/insights.js';
import { areaOf, languageOf, outcomeOf, pathEnd, type Shown } from '../src/insights/pathEnd.js';
import { rollUp, suppressedTable, type Fact } from '../src/insights/suppress.js';
import { buildInsight, monthsBetween } from '../src/insights/tables.js';
import { tableCsv } from '../src/insights/tableCsv.js';
import { createInterpreters } from '../src/understanding/interpreters.js';
import { ROOT, removeTempDirs, tempDir } from './harness/paths.js';

afterAll(removeTempDirs);

const { graph, lexicons } = loadContent(ROOT);
const areas = loadAreas('05');
const interpreters = createInterpreters(lexicons, areas);

/** One engine step on the real trees, as the bot runs it. */
const turn = (state: DialogState, input: Input) =>
  step(
    graph,
    state,
    input,
    (p) => interpreters.get(p.locale),
    (key) => key,
  );
const press = (state: DialogState, choice: string) => turn(state, { kind: 'value', choice });
const hit = (id: string, locality: Hit['locality']) => ({ entry: { id } as Hit['entry'], locality });
/** What the renderer would report for every resources or search output of a turn. */
const showing = (outputs: Output[], hits: ReturnType<typeof hit>[]): Shown[] =>
  outputs.filter((o) => o.type === 'resources' || o.type === 'search').map((output) => ({ output, hits }));

describe('path ends, from the real trees', () => {
  const greeted = turn(initialState({}), { kind: 'start' });
  const french = press(greeted.state, 'fr');
  const onMenu = press(french.state, 'skip');
  const housing = press(onMenu.state, 'housing');
  const tonight = press(housing.state, 'no');

  it.each([
    ['a greeting (the welcome message)', greeted.outputs, [], { node: 'main.welcome', outcome: 'information' }],
    ['choosing a language (menus only)', french.outputs, [], undefined],
    ['opening a theme (menus only)', housing.outputs, [], undefined],
    [
      'contacts, one local',
      tonight.outputs,
      [hit('a', 'national'), hit('b', 'arrondissement')],
      { theme: 'housing', node: 'housing.tonight-contacts', outcome: 'local' },
    ],
    ['contacts, national only', tonight.outputs, [hit('a', 'national'), hit('c', 'region')], { outcome: 'national' }],
    ['contacts, none', tonight.outputs, [], { outcome: 'none' }],
  ])('%s', (_name, outputs, hits, expected) => {
    const end = pathEnd(outputs, showing(outputs, hits));
    if (expected === undefined) expect(end).toBeUndefined();
    else expect(end).toMatchObject(expected);
  });

  it('ends on the emergency screen, and on "not understood" at the waiting menu', () => {
    const emergency = press(onMenu.state, 'emergency');
    expect(pathEnd(emergency.outputs, [])).toEqual({
      theme: 'emergency',
      node: 'emergency.start',
      outcome: 'emergency',
    });
    const lost = turn(housing.state, { kind: 'text', text: 'qwxz vbnm' });
    expect(lost.outputs).toContainEqual({ type: 'text', key: 'common.not-understood' });
    expect(pathEnd(lost.outputs, [])).toEqual({ theme: 'housing', node: 'housing.start', outcome: 'not-understood' });
  });

  it('ends nothing on "help", "forget me" or a button outside the menu', () => {
    for (const command of ['help', 'forget', 'menu', 'back'] as const)
      expect(pathEnd(turn(housing.state, { kind: 'value', command }).outputs, [])).toBeUndefined();
  });

  it('counts a free-text search of the contacts menu with its hits', () => {
    const contacts = press(onMenu.state, 'contacts');
    const searched = turn(contacts.state, { kind: 'text', text: 'zzyzx qwerty' });
    const end = pathEnd(searched.outputs, showing(searched.outputs, [hit('a', 'commune')]));
    expect(searched.outputs[0]).toEqual({ type: 'search', query: 'zzyzx qwerty' });
    expect(end).toEqual({ theme: 'search', node: 'search.bot', outcome: 'local' });
  });

  it('takes the hits of the output, not the fallback help shown instead', () => {
    const [resources] = tonight.outputs.filter((o) => o.type === 'resources');
    const shown: Shown[] = [
      { output: resources, hits: [] },
      { output: resources, hits: [hit('help', 'commune')], fallback: true },
    ];
    expect(pathEnd(tonight.outputs, shown)?.outcome).toBe('none');
  });
});

describe('dimensions', () => {
  it.each([
    [undefined, 'unknown'],
    ['05061', '052'], // Gap
    ['05023', '051'], // Briançon
    ['elsewhere', 'outside'],
    ['38185', 'outside'], // Grenoble, another département
  ])('commune %s → arrondissement %s', (commune, area) => expect(areaOf(commune, areas)).toBe(area));

  it.each([
    [undefined, 'unknown'],
    ['ti', 'ti'],
    ['es', 'other'],
  ])('language %s → %s', (lang, counted) => expect(languageOf(lang)).toBe(counted));

  it('local when one hit serves the commune, arrondissement or département', () => {
    expect(outcomeOf([{ locality: 'departement' }, { locality: 'national' }])).toBe('local');
    expect(outcomeOf([{ locality: 'region' }, { locality: 'national' }])).toBe('national');
    expect(outcomeOf([])).toBe('none');
  });
});

const fact = (key: string, month: string, count: number): Fact => ({ key: [key], month, count });

describe('suppression', () => {
  const months = ['2026-11', '2026-12'];

  it('hides counts below the threshold and leaves them out of every total', () => {
    const table = suppressedTable(
      't',
      ['k'],
      months,
      [fact('a', '2026-11', 12), fact('a', '2026-12', 3), fact('b', '2026-11', 7), fact('b', '2026-12', 9)],
      5,
    );
    // December has one small cell: the smallest other one (b, 9) is hidden too, or the month's
    // total in another table would give a's 3 back.
    expect(table.rows).toEqual([
      { key: ['a'], cells: [12, '< 5'], total: 12 },
      { key: ['b'], cells: [7, '< 5'], total: 7 },
    ]);
  });

  it('hides no second cell when two are already hidden, and shows zeros', () => {
    const table = suppressedTable(
      't',
      ['k'],
      months,
      [fact('a', '2026-12', 1), fact('b', '2026-12', 4), fact('c', '2026-12', 30)],
      5,
    );
    expect(table.rows.map((r) => r.cells)).toEqual([
      [0, 30],
      [0, '< 5'],
      [0, '< 5'],
    ]);
  });

  it('follows the configured threshold', () => {
    const table = suppressedTable('t', ['k'], months, [fact('a', '2026-11', 7), fact('b', '2026-11', 12)], 10);
    expect(table.rows.map((r) => r.cells[0])).toEqual(['< 10', '< 10']);
  });

  it('rolls up shown cells only: a sum is 0 or at least the threshold', () => {
    const nodes = suppressedTable(
      'needs',
      ['theme', 'node'],
      months,
      [
        { key: ['housing', 'h.a'], month: '2026-11', count: 6 },
        { key: ['housing', 'h.b'], month: '2026-11', count: 2 },
        { key: ['health', 'x.c'], month: '2026-11', count: 1 },
        { key: ['health', 'x.d'], month: '2026-11', count: 8 },
      ],
      5,
    );
    const themes = rollUp(nodes, 'themes', [0]);
    expect(themes.rows).toEqual([
      { key: ['health'], cells: [8, 0], total: 8 },
      { key: ['housing'], cells: [6, 0], total: 6 },
    ]);
  });

  it('writes CSV with the hidden cells as text and the total of shown cells', () => {
    const table = suppressedTable('t', ['k'], months, [fact('a', '2026-11', 12), fact('b', '2026-11', 2)], 5);
    const csv = tableCsv(table);
    expect(csv.split(/\r?\n/).slice(0, 3)).toEqual(['\ufeffk,2026-11,2026-12,total_shown', 'a,< 5,0,0', 'b,< 5,0,0']);
  });

  it('lists the months of a period, across a year', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});

describe('counters and their file', () => {
  const end = {
    theme: 'housing',
    node: 'housing.tonight-contacts',
    lang: 'ti',
    area: '051',
    outcome: 'local',
  } as const;

  it('reads back what it wrote, and refuses anything else', () => {
    const counters = new Counters();
    counters.addPath('2026-12', end, 3);
    counters.addShown('2026-12', 'gap.pass-chicas');
    counters.addReport('2026-11', 'national.3039');
    const again = Counters.parse(counters.serialize());
    expect(again.pathRows()).toEqual([{ month: '2026-12', ...end, count: 3 }]);
    expect(again.shownRows()).toEqual([{ month: '2026-12', entry: 'gap.pass-chicas', count: 1 }]);
    expect(again.reportRows()).toEqual([{ month: '2026-11', entry: 'national.3039', count: 1 }]);
    const withText = counters.serialize().replace('housing.tonight-contacts', 'Je dors dehors à Embrun');
    expect(() => Counters.parse(withText)).toThrow(/invalid/);
    expect(() => Counters.parse(counters.serialize().replace('"2026-12"', '"2026-12-03"'))).toThrow(/invalid/);
  });

  it('counts in memory, writes on flush, survives a reopen, sets an unreadable file aside', async () => {
    const dir = tempDir();
    let now = Date.parse('2026-12-03T10:00:00Z');
    const first = await openInsights(dir, { areas, now: () => now });
    first.countSearch({ themes: ['housing'], commune: '05061', languages: ['ps'] }, [{ locality: 'national' }]);
    first.countReport({ id: 'national.3039', themes: ['rights.legal-aid'] }, 'fr');
    expect(existsSync(first.file)).toBe(false);
    await first.flush();
    now = Date.parse('2027-01-02T10:00:00Z');
    const second = await openInsights(dir, { areas, now: () => now });
    second.countSearch({ q: 'cours' }, []);
    await second.flush();
    const rows = (await openInsights(dir, { areas, now: () => now })).counters().pathRows();
    expect(rows).toEqual([
      {
        month: '2026-12',
        theme: 'annuaire',
        node: 'annuaire.housing',
        lang: 'ps',
        area: '052',
        outcome: 'national',
        count: 1,
      },
      {
        month: '2026-12',
        theme: 'report',
        node: 'rights.legal-aid',
        lang: 'fr',
        area: 'unknown',
        outcome: 'reported-wrong',
        count: 1,
      },
      {
        month: '2027-01',
        theme: 'annuaire',
        node: 'annuaire.text',
        lang: 'unknown',
        area: 'unknown',
        outcome: 'none',
        count: 1,
      },
    ]);

    writeFileSync(first.file, '{"format": "passerelle-insights-counters", "version": 1, "paths": [');
    const fresh = await openInsights(dir, { areas, now: () => now });
    expect(fresh.problem).toMatch(/unreadable/);
    expect(fresh.counters().pathRows()).toEqual([]);
    expect(readFileSync(`${first.file}.unreadable`, 'utf8')).toMatch(/"paths": \[$/);
  });

  it('never breaks what it counts: a failure goes to onError', async () => {
    const errors: Error[] = [];
    const insights = await openInsights(tempDir(), { areas, now: Date.now, onError: (e) => errors.push(e) });
    const outputs: Output[] = [
      { type: 'enter', tree: 'x', nodeId: 'x.a' },
      { type: 'emergency', lead: [] },
    ];
    const broken = [{ output: outputs[1], hits: [null] }] as unknown as Shown[];
    expect(() => insights.countTurn(outputs, {}, broken)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  it('builds every table for a period', () => {
    const counters = new Counters();
    for (const lang of ['fr', 'ar', 'ti']) counters.addPath('2026-12', { ...end, lang }, 6);
    counters.addShown('2026-12', 'gap.pass-chicas', 9);
    const insight = buildInsight(counters, {
      from: '2026-11',
      to: '2026-12',
      minCount: 5,
      entry: (id) => (id === 'gap.pass-chicas' ? { name: 'PASS', stale: true } : undefined),
      areaNames: new Map([['051', 'Briançon']]),
    });
    const byId = Object.fromEntries(insight.tables.map((t) => [t.id, t]));
    expect(insight.months).toEqual(['2026-11', '2026-12']);
    expect(byId.languages.rows.map((r) => [r.key[0], r.cells[1]])).toEqual([
      ['ar', 6],
      ['fr', 6],
      ['ti', 6],
    ]);
    expect(byId.areas.rows).toEqual([{ key: ['051', 'Briançon'], cells: [0, 18], total: 18 }]);
    expect(byId['stale-shown'].rows).toEqual([{ key: ['gap.pass-chicas', 'PASS', 'true'], cells: [0, 9], total: 9 }]);
    expect(byId['dead-ends'].rows).toEqual([]);
  });
});

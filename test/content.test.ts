import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, keysOf } from '../src/engine/graph.js';
import { loadTrees } from '../src/content.js';
import { loadCatalog } from '../src/i18n/catalog.js';
import { checkContent, checkPlurals } from '../src/i18n/checkContent.js';
import { LOCALES } from '../src/common/locales.js';
import { THEMES } from '../src/directory/schema.js';
import { loadLexicons } from '../src/understanding/lexicon.js';
import { checkIntents, loadIntents } from '../src/understanding/intents.js';
import { loadIntentRules } from '../src/content.js';
import { ROOT } from './harness/paths.js';
import { provenanceTable, withProvenance } from '../src/i18n/provenance.js';
import { languageStatuses } from '../src/i18n/status.js';

const graph = buildGraph(loadTrees(join(ROOT, 'dialogs')), loadIntentRules(join(ROOT, 'dialogs')));
const catalog = loadCatalog(join(ROOT, 'locales'));
const lexicons = loadLexicons(join(ROOT, 'locales'), catalog.locales);

describe('the real dialog trees and locales', () => {
  it('pass the graph checks and the content checks, with every key in every language', () => {
    const { errors, warnings } = checkContent(graph, catalog, THEMES);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(catalog.locales).toEqual([...LOCALES]);
  });

  it('have a tree per theme, each ending on directory results', () => {
    for (const tree of ['main', 'training', 'housing', 'health', 'rights', 'contacts', 'emergency'])
      expect(graph.starts.has(tree)).toBe(true);
    for (const tree of ['training', 'housing', 'health', 'rights', 'contacts']) {
      const resources = [...graph.nodes].filter(([id, n]) => id.startsWith(`${tree}.`) && n.kind === 'resources');
      expect(resources.length, tree).toBeGreaterThan(1);
    }
  });

  it('keep each key in the locale file named by its first segment', () => {
    for (const lng of catalog.locales) {
      for (const file of readdirSync(join(ROOT, 'locales', lng)).filter(
        (f) => f.endsWith('.json') && !['meta.json', 'lexicon.json', 'intents.json', 'review.json'].includes(f),
      )) {
        const ns = file.replace(/\.json$/, '');
        const keys = Object.keys(JSON.parse(readFileSync(join(ROOT, 'locales', lng, file), 'utf8')));
        expect(
          keys.filter((k) => k.split('.')[0] !== ns),
          `${lng}/${file}`,
        ).toEqual([]);
      }
    }
  });

  it('declare the provenance of every locale', () => {
    for (const lng of catalog.locales) {
      const meta = catalog.meta[lng];
      expect(meta, lng).toBeDefined();
      expect(['source', 'human', 'machine']).toContain(meta!.translation);
      expect(typeof meta!.reviewed).toBe('boolean');
      expect(meta!.dir).toBe(['ar', 'fa', 'ps'].includes(lng) ? 'rtl' : 'ltr');
    }
  });

  it('name each language in its own script on the language menu, identically in every locale', () => {
    const labels = Object.fromEntries(LOCALES.map((l) => [l, catalog.texts.fr[`main.language.${l}`]]));
    for (const lng of catalog.locales)
      for (const l of LOCALES) expect(catalog.texts[lng][`main.language.${l}`] ?? labels[l]).toBe(labels[l]);
  });

  it('have lexicons with every global command', () => {
    for (const lng of catalog.locales) {
      const lexicon = lexicons[lng]!;
      for (const command of ['menu', 'back', 'emergency', 'language', 'help', 'restart', 'forget']) {
        expect(lexicon.commands[command as keyof typeof lexicon.commands]?.length, `${lng} ${command}`).toBeGreaterThan(
          0,
        );
      }
      for (const tree of ['training', 'housing', 'health', 'rights'])
        expect(lexicon.needs[tree]?.length, `${lng} ${tree}`).toBeGreaterThan(3);
    }
  });

  it('have training phrases for every described need in every language, each naming a node', () => {
    const intents = loadIntents(join(ROOT, 'locales'), catalog.locales);
    expect(Object.keys(intents)).toEqual([...LOCALES]);
    expect(checkIntents(graph, intents)).toEqual({ errors: [], warnings: [] });
    expect(graph.intents.size).toBe(28);
    for (const [lng, phrases] of Object.entries(intents))
      for (const [id, list] of Object.entries(phrases)) expect(list.length, `${lng} ${id}`).toBeGreaterThanOrEqual(12);
  });

  it('reject phrases for a node the trees do not have', () => {
    const { errors } = checkIntents(graph, { fr: { 'housing.nowhere': ['x'] } });
    expect(errors).toEqual(['fr/intents.json: "housing.nowhere" is not a node of the dialog trees']);
  });

  it("keep Web Chat's retry link in every language (a Markdown reference Web Chat turns into a button)", () => {
    for (const lng of catalog.locales)
      expect(catalog.texts[lng]['web.webchat.send-failed'], lng).toMatch(/\[[^\]]+\]\[RETRY\]/);
  });

  it('use only keys that exist in French', () => {
    const missing = [...keysOf(graph).keys()].filter((k) => !(k in catalog.texts.fr));
    expect(missing).toEqual([]);
  });

  it('cite an official source on every message that states a dated rule', () => {
    const dated = [...graph.nodes].filter(
      ([, n]) => n.kind === 'message' && /\b20(2[4-9])\b/.test(catalog.texts.fr[n.text] ?? ''),
    );
    for (const [id, node] of dated) expect((node as { sources?: unknown[] }).sources?.length, id).toBeGreaterThan(0);
  });
});

describe('checkContent', () => {
  it('reports a missing key, a key only in one locale and mismatched variables', () => {
    const broken = structuredClone(catalog.texts);
    delete broken.fr['main.menu.text'];
    broken.en['common.only-english'] = 'x';
    broken.en['common.commune-set'] = 'Noted: {{city}}.';
    const { errors } = checkContent(graph, { ...catalog, texts: broken }, THEMES);
    expect(errors.join('\n')).toContain('fr: key "main.menu.text" used by main.menu is missing');
    expect(errors.join('\n')).toContain('en: key "common.only-english" does not exist in French');
    expect(errors.join('\n')).toContain('en: key "common.commune-set" uses {{city}} but French uses {{town}}');
  });

  it("reports missing plural forms, by each language's own plural rules", () => {
    const texts = structuredClone(catalog.texts);
    for (const lng of catalog.locales)
      Object.assign(texts[lng], { 'common.results_one': '1', 'common.results_other': 'n' });
    texts.ru['common.results_few'] = 'n';
    const errors = checkPlurals({ ...catalog, texts }).join('\n');
    expect(errors).toContain('ru: key "common.results" lacks the plural forms many');
    expect(errors).toContain('uk: key "common.results" lacks the plural forms few, many');
    expect(errors).toContain('ar: key "common.results" lacks the plural forms few, many, two, zero');
    expect(errors).not.toContain('en:');
  });
});

describe('the README', () => {
  it('shows the provenance table derived from meta.json and review.json (npm run i18n -- status --write)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = provenanceTable(languageStatuses(catalog), catalog.meta);
    expect(withProvenance(readme, table)).toBe(readme);
  });

  it('shows the provenance of every locale as meta.json declares it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const lng of catalog.locales) {
      const meta = catalog.meta[lng]!;
      const row = readme.split('\n').find((l) => l.startsWith(`| ${lng} |`));
      expect(row, lng).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      expect(cells.slice(3, 6), lng).toEqual([meta.dir, meta.translation, meta.reviewed ? 'yes' : 'no']);
    }
  });
});

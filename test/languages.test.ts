import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../src/common/locales.js';
import { formatHit } from '../src/directory/present/formatHit.js';
import {
  allText,
  cardButtons,
  choiceIds,
  conversation,
  entriesShown,
  FIXTURES,
  startApp,
  waitingNode,
  type Reply,
} from './harness/index.js';
import type { App } from '../src/app.js';

let app: App;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await startApp());
});
afterAll(() => close());

interface Fixture {
  needs: { text: string; tree: string }[];
  commands: { text: string; command: string }[];
  /** Words a lexicon once routed wrongly (translation review of 2026-12-03): never to `not`. */
  avoid?: { text: string; not: string }[];
}
const fixture = (lng: string): Fixture => JSON.parse(readFileSync(join(FIXTURES, 'languages', `${lng}.json`), 'utf8'));
const COMMAND_NODE: Record<string, string | null> = {
  emergency: 'emergency.after',
  menu: 'main.menu',
  back: 'main.menu',
  language: 'main.language',
  help: 'housing.start',
  restart: 'main.commune',
  forget: null,
};
const RTL = ['ar', 'fa', 'ps'];

/** Paths by numbers from the main menu through every theme, with a theme the results must show. */
const PATHS: [string, string[], string, string][] = [
  ['training', ['1', '2'], 'training.more', 'language.french-course'],
  ['housing', ['2', '1'], 'housing.more', 'housing.emergency-shelter'],
  ['health', ['3', '4'], 'health.more', 'health.mental'],
  ['rights', ['4', '1', '3'], 'rights.more', 'rights.legal-aid'],
  ['contacts', ['5', '3', '1'], 'contacts.more', 'health.pass'],
];

async function atMenu(lng: string, town = 'Gap') {
  const tag = app.catalog.meta[lng as keyof typeof app.catalog.meta]!.tag;
  const c = conversation(app, { locale: tag });
  const greeting = await c.start();
  expect(waitingNode(greeting), `${lng} greeting`).toBe('main.commune');
  expect(waitingNode(await c.say(town))).toBe('main.menu');
  return c;
}

describe.each([...LOCALES])('%s', (lng) => {
  const t = () => app.catalog.t(lng);

  it('greets in the language of the channel, with the message locale and direction', async () => {
    const tag = app.catalog.meta[lng]!.tag;
    const greeting = await conversation(app, { locale: tag }).start();
    expect(greeting[0].text).toBe(t()('main.welcome.text'));
    expect(greeting.every((r) => r.locale === tag)).toBe(true);
    expect(app.catalog.meta[lng]!.dir).toBe(RTL.includes(lng) ? 'rtl' : 'ltr');
  });

  it.each(PATHS)('completes %s by numbers to a result', async (_tree, steps, waits, theme) => {
    const c = await atMenu(lng, '05100');
    let replies: Reply[] = [];
    for (const s of steps) replies = await c.say(s);
    expect(waitingNode(replies)).toBe(waits);
    const themes = entriesShown(replies).flatMap((id) => app.directory.get(id)!.themes);
    expect(themes).toContain(theme);
    expect(allText(replies)).not.toContain('(en français)');
  });

  it('completes every theme by typing the button labels', async () => {
    for (const [choice, tree] of [
      ['training', 'training'],
      ['housing', 'housing'],
      ['health', 'health'],
      ['rights', 'rights'],
      ['contacts', 'contacts'],
    ]) {
      const c = await atMenu(lng);
      expect(waitingNode(await c.say(t()(`main.menu.${choice}`))), `${lng} ${choice}`).toBe(`${tree}.start`);
    }
  });

  it('understands typed needs as people write them, down to a node of their theme', async () => {
    const { needs } = fixture(lng);
    expect(needs.length).toBeGreaterThanOrEqual(10);
    for (const tree of ['housing', 'health', 'rights', 'training'])
      expect(needs.filter((n) => n.tree === tree).length, tree).toBeGreaterThanOrEqual(2);
    const c = await atMenu(lng);
    const misses: string[] = [];
    for (const need of needs) {
      const replies = await c.say(need.text);
      const node = waitingNode(replies);
      // Reached a node of the theme, or asked "did you mean …?" offering one.
      const asked = (replies.at(-1)!.channelData as { ask?: string }).ask;
      const reached = asked === 'guess' ? choiceIds(replies) : asked ? [] : [node ?? ''];
      // A crisis ("I want to die", "my husband beats me") may also be answered by the node of that
      // need, as long as an emergency or crisis number is given at once (a call button or a tel: link).
      const calls = [allText(replies), ...replies.flatMap(cardButtons).map((b) => b.value)].join(' ');
      const crisis = need.tree === 'emergency' && /tel:(15|17|112|114|115|119|3114|3919)\b/.test(calls);
      if (!crisis && !reached.some((id) => id.startsWith(`${need.tree}.`)))
        misses.push(`"${need.text}" → ${asked ?? node} ${choiceIds(replies).join(' ')} (expected a ${need.tree} node)`);
      await c.say('menu');
      if (node === 'main.language') await c.say(lng === 'fr' ? '1' : String(LOCALES.indexOf(lng) + 1));
    }
    expect(misses).toEqual([]);
  });

  it('does not send words that look alike to the wrong place', async () => {
    for (const { text, not } of fixture(lng).avoid ?? []) {
      const c = await atMenu(lng);
      const replies = await c.say(text);
      const forgotten = replies.at(-1)?.text === t()('common.forgotten');
      const place = forgotten ? 'forget' : (waitingNode(replies) ?? '').split('.')[0];
      expect(place, `${lng} "${text}"`).not.toBe(not);
    }
  });

  it('understands the global commands', async () => {
    for (const { text, command } of fixture(lng).commands) {
      const c = await atMenu(lng);
      await c.say('2'); // housing
      const replies = await c.say(text);
      if (command === 'forget') {
        // Typed, it is confirmed first (the quick-exit button erases at once).
        expect(replies.at(-1)!.channelData, text).toMatchObject({ ask: 'forget', choices: ['yes', 'no'] });
        expect((await c.press({ choice: 'yes' })).at(-1)!.text, text).toBe(t()('common.forgotten'));
      } else expect(waitingNode(replies), `${lng} "${text}"`).toBe(COMMAND_NODE[command]);
    }
  });

  it('reads digits in every script', async () => {
    for (const two of ['2', '٢', '۲']) {
      const c = await atMenu(lng);
      expect(waitingNode(await c.say(two))).toBe('housing.start');
    }
  });
});

describe('switching language', () => {
  it.each([
    ['fr', 'язык', 'ru'],
    ['en', 'زبان', 'fa'],
    ['ar', 'langue', 'fr'],
    ['uk', 'ቋንቋ', 'ti'],
    ['ps', 'language', 'uk'],
  ])(
    'from %s, "%s" opens the language menu in any language, then %s keeps the place in the conversation',
    async (from, keyword, to) => {
      const c = await atMenu(from);
      await c.say('2');
      expect(waitingNode(await c.say(keyword))).toBe('main.language');
      const replies = await c.say(app.catalog.texts.fr[`main.language.${to}`]);
      // Back to the question the person was at (housing), asked again in the new language.
      expect(waitingNode(replies)).toBe('housing.start');
      expect(replies.at(-1)!.text).toBe(app.catalog.t(to)('housing.start.text'));
      const tag = app.catalog.meta[to as keyof typeof app.catalog.meta]!.tag;
      expect(replies.at(-1)!.locale).toBe(tag);
    },
  );
});

describe('right-to-left and fallbacks', () => {
  it('isolates phone numbers and French names inside right-to-left text', async () => {
    const c = await atMenu('ar');
    const replies = [...(await c.say('2')), ...(await c.say('1'))];
    const result = replies.find((r) => (r.channelData as { entry?: string })?.entry)!;
    expect(result.text).toMatch(/📞 \u2068[^\u2069]+\u2069/u);
    expect(result.text).toMatch(/^\*\*\u2068/);
    // The call button shows the number isolated too; its tel: target never holds a bidi control.
    const [button] = cardButtons(result);
    expect(button.title).toMatch(/\u2068[\d\s+]+\u2069/);
    expect(button.value).toMatch(/^tel:\+?\d+$/);
  });

  it("shows a missing summary in French with a note in the user's language", () => {
    const entry = structuredClone(app.directory.get('gap.pass-chicas')!);
    entry.summary = { fr: 'Résumé seulement en français.' };
    const text = formatHit({ entry, locality: 'arrondissement', stale: false, score: 0 }, app.catalog.t('ru'), {
      locale: 'ru',
      tag: 'ru-RU',
      rtl: false,
    });
    expect(text).toContain(`Résumé seulement en français. ${app.catalog.t('ru')('common.result.in-french')}`);
    expect(app.catalog.t('ru')('common.result.in-french')).not.toBe(app.catalog.t('fr')('common.result.in-french'));
  });
});

describe('towns typed in other scripts', () => {
  it.each([
    ['ru', 'Гап', 'Gap'],
    ['uk', 'Бриансон', 'Briançon'],
    ['ru', 'Эмбрен', 'Embrun'],
    ['ti', 'ጋፕ', 'Gap'],
    ['ti', 'ብሪያንሶን', 'Briançon'],
    ['ar', 'غاب', 'Gap'],
    ['ar', 'أنا في بريانسون', 'Briançon'],
    ['fa', 'گپ', 'Gap'],
    ['ps', 'ګاپ', 'Gap'],
  ])('%s "%s" is %s', async (lng, typed, town) => {
    const tag = app.catalog.meta[lng as keyof typeof app.catalog.meta]!.tag;
    const c = conversation(app, { locale: tag });
    await c.start();
    const replies = await c.say(typed);
    expect(waitingNode(replies)).toBe('main.menu');
    expect(replies[0].text).toBe(app.catalog.t(lng)('common.commune-set', { town }));
  });
});

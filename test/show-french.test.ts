import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { conversation, entriesShown, startApp, waitingNode, type Reply } from './harness/index.js';

let app: App;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await startApp());
});
afterAll(() => close());

const t = (lng: string) => app.catalog.t(lng);
const tag = (lng: string) => app.catalog.meta[lng as 'fr']!.tag;
// A card button under the answer's last message: the menu keeps its four chips (issue 22).
const actions = (replies: Reply[]) => (replies.at(-1) ? cardActions(replies.at(-1)!) : []);
const frenchButton = (replies: Reply[]) =>
  actions(replies).find((a) => (a.value as { command?: string } | undefined)?.command === 'french');
function cardActions(reply: Reply) {
  return (reply.attachments ?? []).flatMap(
    (a) => (a.content as { buttons?: { type: string; title: string; value: unknown }[] })?.buttons ?? [],
  );
}
const texts = (replies: Reply[]) => replies.filter((r) => r.type === 'message').map((r) => r.text);

describe('a language nobody has reviewed yet', () => {
  it.each(['en', 'ar', 'fa', 'ps', 'ti', 'ru', 'uk'])(
    '%s: the first answer says it is an automatic translation, and every answer offers the French',
    async (lng) => {
      const c = conversation(app, { locale: tag(lng) });
      const greeting = await c.start();
      expect(greeting[0].text).toBe(t(lng)('main.welcome.text'));
      expect(texts(greeting)).toContain(t(lng)('common.machine-notice'));
      // The notice comes before the question, whose buttons stay last on screen.
      expect(greeting.at(-1)!.text).toBe(t(lng)('main.commune.text'));
      expect(frenchButton(greeting)).toMatchObject({ type: 'postBack', title: t(lng)('common.show-french') });
      const menu = await c.say('Gap');
      expect(texts(menu)).not.toContain(t(lng)('common.machine-notice'));
      expect(frenchButton(menu)).toBeDefined();
    },
  );

  it('"show in French" gives the same answer in French, the buttons still in Arabic, nothing moved', async () => {
    const c = conversation(app, { locale: tag('ar') });
    await c.start();
    await c.say('Gap');
    await c.say('2'); // housing
    const results = await c.say('1'); // no safe place tonight: emergency shelter contacts
    const shown = entriesShown(results);
    expect(shown.length).toBeGreaterThan(0);
    const french = await c.press(frenchButton(results)!.value as { command: string });
    expect(french[0]).toMatchObject({ text: t('ar')('common.french-version'), locale: tag('ar') });
    const body = french.slice(1);
    expect(body.every((r) => r.locale === tag('fr'))).toBe(true);
    expect(entriesShown(french)).toEqual(shown);
    const card = body.find((r) => (r.channelData as { entry?: string } | undefined)?.entry === shown[0])!;
    expect(card.text).toContain(app.directory.get(shown[0])!.summary.fr);
    expect(card.text).not.toMatch(/[\u2066-\u2069]/); // French text: no isolates
    // The menu after the results: its question in French, its buttons as the Arabic user sees them.
    expect(waitingNode(french)).toBe(waitingNode(results));
    const chips = (replies: Reply[]) => (replies.at(-1)?.suggestedActions?.actions ?? []).map((a) => a.title);
    expect(chips(french)).toEqual(chips(results));
    expect(frenchButton(french)).toBeUndefined();
    // The conversation did not move: the same menu answers the next choice.
    expect(waitingNode(await c.say('1'))).not.toBe(waitingNode(results));
  });

  it('shows the notice again when the person switches to another unreviewed language', async () => {
    const c = conversation(app, { locale: tag('fr') });
    expect(texts(await c.start())).not.toContain(t('fr')('common.machine-notice'));
    await c.say('Gap');
    await c.say('langue');
    const ukrainian = await c.say(app.catalog.texts.fr['main.language.uk']);
    expect(texts(ukrainian)).toContain(t('uk')('common.machine-notice'));
    expect(frenchButton(ukrainian)).toBeDefined();
  });

  it('has no French button on the language menu, nor on channels without buttons', async () => {
    const c = conversation(app, { locale: tag('ru') });
    await c.start();
    await c.say('Gap');
    const languages = await c.say('язык');
    expect(waitingNode(languages)).toBe('main.language');
    expect(frenchButton(languages)).toBeUndefined();
    const sms = conversation(app, { locale: tag('ru'), channelId: 'sms' });
    const greeting = await sms.start();
    expect(texts(greeting)).toContain(t('ru')('common.machine-notice'));
    expect(greeting.some((r) => r.suggestedActions)).toBe(false);
  });

  it('ignores a forged button value: unknown keys, themes or sources are never rendered', async () => {
    const c = conversation(app, { locale: tag('ar') });
    await c.start();
    const before = await c.say('Gap');
    for (const outputs of [
      [{ type: 'text', key: 'common.nope' }],
      [{ type: 'text', key: 'main.welcome.text', sources: [{ url: 'https://evil.example', date: '2026' }] }],
      [{ type: 'resources', themes: ['made.up'], limit: 3 }],
      'everything',
    ]) {
      const replies = await c.press({ command: 'french', outputs } as never);
      expect(texts(replies).join('\n')).not.toContain('evil.example');
      expect(replies.filter((r) => r.type === 'message')).toEqual([]);
    }
    expect(waitingNode(await c.say('2'))).toBe('housing.start');
    expect(waitingNode(before)).toBe('main.menu');
  });
});

describe('a reviewed language, and French', () => {
  it('says nothing about translation and offers no French button', async () => {
    const meta = app.catalog.meta.ti!;
    meta.reviewed = true; // what the translators' page does once every Tigrinya string is reviewed
    try {
      for (const lng of ['fr', 'ti']) {
        const greeting = await conversation(app, { locale: tag(lng) }).start();
        expect(texts(greeting)).not.toContain(t(lng)('common.machine-notice'));
        expect(frenchButton(greeting)).toBeUndefined();
      }
    } finally {
      meta.reviewed = false;
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurn, evaluateNlu, type LanguageReport } from '../src/cli/evaluateNlu.js';
import type { Locale } from '../src/common/locales.js';
import type { App } from '../src/app.js';
import {
  afterTown,
  cardButtons,
  choiceIds,
  conversation,
  entriesShown,
  ROOT,
  startApp,
  waitingNode,
  type Reply,
} from './harness/index.js';

/** Needs reached in one turn on the held-out sets (measured with `npm run eval:nlu`, minus a margin). */
const FLOORS: Record<Locale, number> = {
  fr: 0.94,
  en: 0.95,
  ar: 0.89,
  fa: 0.94,
  ps: 0.88,
  ti: 0.84,
  ru: 0.92,
  uk: 0.86,
};

describe('held-out evaluation sets (test/fixtures/nlu-eval)', () => {
  let reports: LanguageReport[];
  beforeAll(() => {
    reports = evaluateNlu(ROOT);
  });

  it('cover every language with at least 25 needs and 20 ordinary sentences', () => {
    expect(reports.map((r) => r.language)).toEqual(Object.keys(FLOORS));
    for (const r of reports)
      expect(
        [r.cases, r.ordinary].map((n) => n >= 25 && n >= 20),
        r.language,
      ).toEqual([true, true]);
  });

  it.each(Object.entries(FLOORS))('%s reaches the answer in one turn at least at its floor (%s)', (lng, floor) => {
    const r = reports.find((x) => x.language === lng)!;
    expect(
      r.correct / r.cases,
      r.confusions.map((c) => `${c.expected} → ${c.got}: ${c.text}`).join('\n'),
    ).toBeGreaterThanOrEqual(floor);
  });

  it('never opens the emergency screen, asks to forget or offers another language on an ordinary sentence', () => {
    const falses = reports.flatMap((r) =>
      [...r.falseEmergency, ...r.falseForget, ...r.falseSwitch].map((t) => `${r.language}: ${t}`),
    );
    expect(falses).toEqual([]);
  });
});

describe("the issue's examples", () => {
  const turn = createTurn(ROOT);

  it.each<[Locale, string, string]>([
    ['en', 'I have nowhere to sleep tonight', 'housing.tonight'],
    ['en', 'my permit expires next month, how do I renew it', 'rights.permit-renew'],
    ['en', "I am very sad, I can't sleep", 'health.psy'],
    ['fa', 'حالم خیلی خراب است', 'health.distress'],
    ['ar', 'إيجاد عمل', 'training.work'],
  ])('%s "%s" reaches %s in one turn', (lng, text, node) => {
    expect(turn(lng, text).outcome).toMatchObject({ node, emergency: false });
  });

  it.each<[Locale, string]>([
    ['ar', 'كم مدة انتظار الرد'],
    ['fa', 'درخواستم هنوز قبول نشده'],
    ['fa', 'نشده'],
    ['ar', 'إنساني'],
    ['fr', "c'est pas urgent, je voulais juste savoir"],
    ['ru', 'всё хорошо, спасибо'],
  ])('%s "%s" neither opens the emergency screen nor asks to forget', (lng, text) => {
    const { outcome } = turn(lng, text);
    expect(outcome.emergency).toBe(false);
    expect(outcome.asked).not.toBe('forget');
  });

  it('"I forgot my residence card at home" is not about health, and erases nothing', () => {
    const { outcome } = turn('en', 'I forgot my residence card at home');
    expect([outcome.node ?? '', ...(outcome.offered ?? [])].filter((id) => id.startsWith('health.'))).toEqual([]);
    expect(outcome.asked).not.toBe('forget');
    expect(outcome.emergency).toBe(false);
  });

  it.each(['وینه', 'ویزه', 'واده', 'ځورونه'])('Pashto "%s" no longer goes to housing', (text) => {
    const { outcome } = turn('ps', text);
    expect([outcome.node ?? '', ...(outcome.offered ?? [])].filter((id) => id.startsWith('housing.'))).toEqual([]);
    expect(outcome.emergency).toBe(false);
  });

  it('sets the slots a need implies: a renewal is a permit holder, nowhere to sleep is no shelter', () => {
    expect(turn('fr', 'je veux renouveler mon titre de séjour').state.profile.status).toBe('permit');
    expect(turn('fr', 'je dors dehors ce soir').state.profile.shelter).toBe('no');
    // A fact the user gave is kept.
    expect(
      turn('fr', 'je veux renouveler mon titre de séjour', { profile: { status: 'refugee' } }).state.profile.status,
    ).toBe('refugee');
  });

  it('reads "no insurance" as the answer to the cover question', () => {
    const { outcome, state } = turn('fr', "je n'ai pas d'assurance maladie");
    expect(outcome.node).toBe('health.cover');
    expect(state.profile.cover).toBe('no');
    expect(state.node).not.toBe('health.cover');
  });

  it('asks the status first for a permit question, keeping the need', () => {
    const asked = turn('fr', 'comment avoir un titre de séjour en france');
    expect(asked.state).toMatchObject({ node: 'rights.start', pending: 'rights.permit' });
    const served = turn('fr', 'Réfugié(e)', asked.state);
    expect(served.outputs.filter((o) => o.type === 'enter').map((o) => o.nodeId)).toContain('rights.permit-bpi');
    expect(served.state.pending).toBeUndefined();
  });

  it.each<[Locale, string, string, string]>([
    ['fr', 'housing.start', "non j'ai rien", 'housing.tonight'],
    ['en', 'health.cover', "I don't have any", 'health.no-cover'],
    ['ar', 'health.cover', 'ليس عندي', 'health.no-cover'],
    ['ru', 'health.cover', 'нет, никакой', 'health.no-cover'],
    ['fr', 'health.cover', 'je ne sais pas', 'health.cover-help'],
    ['en', 'training.cir', 'yes I did', 'training.cir-yes'],
  ])('%s at %s, "%s" answers the question (%s)', (lng, node, text, next) => {
    const { outputs } = turn(lng, text, { node, history: [node] });
    expect(outputs.find((o) => o.type === 'enter')).toMatchObject({ nodeId: next });
  });

  it('reads an emergency in the conversation language or as an international number, not inside a date', () => {
    expect(turn('fr', 'urgence').outcome.emergency).toBe(true);
    expect(turn('fr', '112').outcome.emergency).toBe(true);
    expect(turn('ar', 'SOS').outcome.emergency).toBe(true);
    expect(turn('fr', 'mon rendez-vous est le 15 mars').outcome.emergency).toBe(false);
    expect(turn('fr', "ce n'est pas une urgence").outcome.emergency).toBe(false);
    // Typed in another script, the words of that script's languages count (exact only).
    expect(turn('fr', 'طوارئ').outcome.emergency).toBe(true);
  });
});

describe('conversations', () => {
  let app: App;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await startApp());
  });
  afterAll(() => close());
  const t = (lng: string) => app.catalog.t(lng);
  const data = (replies: Reply[]) => (replies.at(-1)!.channelData ?? {}) as { ask?: string; node?: string };

  it.each([
    ['fr-FR', 'fr', 'oublie-moi', 'non', 'oui'],
    ['en-GB', 'en', 'forget me', 'no', 'yes'],
    ['ar', 'ar', 'احذف بياناتي', 'لا', 'نعم'],
    ['ru', 'ru', 'забудь меня', 'нет', 'да'],
    ['ti', 'ti', 'ረስዑኒ', 'ኣይፋል', 'እወ'],
  ])(
    '%s: typed "forget me" asks first (yes/no in the language), "no" keeps, "yes" erases',
    async (tag, lng, forget, no, yes) => {
      const id = `confirm-${lng}`;
      const c = await afterTown(app, 'Gap', { locale: tag, id });
      const key = `webchat/conversations/${id}/`;
      const asked = await c.say(forget);
      expect(data(asked)).toMatchObject({ ask: 'forget', node: 'main.menu' });
      expect(asked.at(-1)!.suggestedActions!.actions.map((a) => a.title)).toEqual([
        t(lng)('common.forget.yes'),
        t(lng)('common.forget.no'),
      ]);
      expect(Object.keys(await app.storage.read([key]))).toEqual([key]);
      const kept = await c.say(no);
      expect(kept[0].text).toBe(t(lng)('common.forget.kept'));
      expect(waitingNode(kept)).toBe('main.menu');
      await c.say(forget);
      expect((await c.say(yes)).at(-1)!.text).toBe(t(lng)('common.forgotten'));
      expect(await app.storage.read([key])).toEqual({});
    },
  );

  it('erases at once on the quick-exit button', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR', id: 'quick-exit' });
    expect((await c.press({ command: 'forget' })).at(-1)!.text).toBe(t('fr')('common.forgotten'));
    expect(await app.storage.read(['webchat/conversations/quick-exit/'])).toEqual({});
  });

  it('keeps a need typed at the town question, asks the town, then serves the need', async () => {
    const c = conversation(app, { locale: 'fr-FR' });
    expect(waitingNode(await c.start())).toBe('main.commune');
    const kept = await c.say('je voudrais des cours de français');
    expect(kept[0].text).toBe(t('fr')('common.need-kept', { need: t('fr')('common.intent.training.classes') }));
    expect(waitingNode(kept)).toBe('main.commune');
    const served = await c.say('Briançon');
    expect(served[0].text).toBe(t('fr')('common.commune-set', { town: 'Briançon' }));
    expect(waitingNode(served)).toBe('training.more');
    expect(entriesShown(served).flatMap((e) => app.directory.get(e)!.themes)).toContain('language.french-course');
  });

  it('keeps a need typed as the very first message (no greeting turn), through the welcome questions', async () => {
    const c = conversation(app, { locale: 'fr-FR', channelId: 'sms' });
    const first = await c.say('je voudrais des cours de français');
    expect(first[0].text).toBe(t('fr')('common.need-kept', { need: t('fr')('common.intent.training.classes') }));
    expect(waitingNode(first)).toBe('main.commune');
    expect(waitingNode(await c.say('Briançon'))).toBe('training.more');
  });

  it('keeps a need typed at the language question, offers that language, then asks the town and serves it', async () => {
    const c = conversation(app, { locale: 'es-ES' });
    expect(waitingNode(await c.start())).toBe('main.language');
    const offer = await c.say('I have nowhere to sleep tonight');
    expect(data(offer)).toMatchObject({ ask: 'switch', node: 'main.language' });
    expect(choiceIds(offer)).toEqual(['switch', 'stay']);
    expect(waitingNode(await c.press({ choice: 'switch' }))).toBe('main.commune');
    const served = await c.say('Briançon');
    expect(waitingNode(served)).toBe('housing.more');
    expect(served.at(-1)!.text).toBe(t('en')('housing.more.text'));
  });

  it('offers to switch language with a button in both languages, and never switches silently', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const offer = await c.say('I have nowhere to sleep tonight');
    expect(data(offer).ask).toBe('switch');
    const language = t('en')('main.language.en');
    expect(offer.map((r) => r.text).slice(0, 2)).toEqual([
      t('fr')('common.switch.offer', { language }),
      t('en')('common.switch.offer', { language }),
    ]);
    expect(offer.at(-1)!.suggestedActions!.actions.map((a) => a.title)).toEqual([
      t('en')('common.switch.yes'),
      t('fr')('common.switch.no'),
    ]);
    // Staying serves the need in French.
    const stayed = await c.say(t('fr')('common.switch.no'));
    expect(waitingNode(stayed)).toBe('housing.more');
    expect(stayed.at(-1)!.text).toBe(t('fr')('housing.more.text'));
    // Switching speaks English from then on.
    await c.say('menu');
    await c.say('I need a lawyer for my OQTF');
    const switched = await c.press({ choice: 'switch' });
    expect(switched.at(-1)!.text).toBe(t('en')('rights.more.text'));
  });

  it('offers a low-confidence guess as a choice, never acting on it', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const guess = await c.say('titre de sejour expire');
    expect(data(guess)).toMatchObject({ ask: 'guess', node: 'main.menu' });
    expect(guess[0].text).toBe(t('fr')('common.guess.text'));
    const ids = choiceIds(guess);
    expect(ids.at(-1)).toBe('none');
    expect(ids.slice(0, -1).every((id) => id.startsWith('rights.permit'))).toBe(true);
    expect(guess.at(-1)!.suggestedActions!.actions[0].title).toBe(t('fr')(`common.intent.${ids[0]}`));
    const other = await c.press({ choice: 'none' });
    expect(other[0].text).toBe(t('fr')('common.guess.other'));
    expect(waitingNode(other)).toBe('main.menu');
    await c.say('titre de sejour expire');
    expect(waitingNode(await c.say('1'))).toBe('rights.more');
  });

  it('answers an unknown button command politely and keeps the conversation', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR', id: 'unknown-command' });
    await c.say('2');
    const replies = await c.press({ command: 'launch-rockets' });
    expect(replies[0].text).toBe(t('fr')('common.not-understood'));
    expect(waitingNode(replies)).toBe('housing.start');
    expect(waitingNode(await c.say('1'))).toBe('housing.more');
  });

  it('after a typed emergency, offers to go back where the user was', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    await c.say('2');
    const emergency = await c.say("c'est une urgence");
    expect(allNumbers(emergency)).toEqual(expect.arrayContaining(['112', '15', '17']));
    expect(choiceIds(emergency)).toContain('resume');
    expect(waitingNode(await c.press({ choice: 'resume' }))).toBe('housing.start');
    // The menu button leads to the same screen without a way back (the menu is one button away).
    await c.say('menu');
    expect(choiceIds(await c.say('6'))).not.toContain('resume');
  });

  it('after two messages not understood, offers contacts and a local help line, and the way back', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    expect((await c.say('zzqx'))[0].text).toBe(t('fr')('common.not-understood'));
    const lost = await c.say('qqzx wwv');
    expect(waitingNode(lost)).toBe('main.lost-menu');
    expect(choiceIds(lost)).toEqual(['contacts', 'menu', 'resume']);
    const shown = entriesShown(lost).map((id) => app.directory.get(id)!);
    expect(shown.length).toBeGreaterThan(0);
    for (const entry of shown) expect(entry.themes).toContain('rights.access');
    expect(waitingNode(await c.say(t('fr')('common.resume')))).toBe('main.menu');
  });
});

/** Phone numbers shown as tel: links or call buttons. */
function allNumbers(replies: Reply[]): string[] {
  const links = [
    ...replies
      .map((r) => r.text ?? '')
      .join('\n')
      .matchAll(/\(tel:([+0-9]+)\)/g),
  ].map((m) => m[1]);
  const buttons = replies.flatMap(cardButtons).flatMap((b) => (/^tel:([+0-9]+)$/.exec(b.value) ?? []).slice(1));
  return [...links, ...buttons];
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterTown,
  cardButtons,
  allText,
  choiceIds,
  conversation,
  entriesShown,
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

/** Themes of the entries shown, to assert on structure rather than prose. */
const themesShown = (replies: Reply[]) =>
  new Set(entriesShown(replies).flatMap((id) => app.directory.get(id)?.themes ?? []));

type Path = {
  name: string;
  locale: string;
  town: string;
  steps: string[];
  waits: string;
  themes: string[];
  noPhone?: boolean;
};

/** Every theme, by buttons' labels, numbers and typed needs, to a real local contact. */
const PATHS: Path[] = [
  {
    name: 'housing: nowhere to sleep tonight',
    locale: 'fr-FR',
    town: 'Gap',
    steps: ['Logement', '1'],
    waits: 'housing.more',
    themes: ['housing.emergency-shelter'],
  },
  {
    name: 'housing: typed rent problem → CAF in one turn',
    locale: 'fr-FR',
    town: '05000',
    steps: ["j'arrive plus a payer mon loyer"],
    waits: 'housing.more',
    themes: ['housing.benefits'],
  },
  {
    name: 'health: no cover, no papers → PASS',
    locale: 'fr-FR',
    town: 'Briançon',
    steps: ['Santé', '3', '2', '2'],
    waits: 'health.more',
    themes: ['health.pass'],
  },
  {
    name: 'health: distress → 3114 and mental health',
    locale: 'fr-FR',
    town: 'Embrun',
    steps: ['3', '2'],
    waits: 'health.more',
    themes: ['health.mental'],
  },
  {
    name: 'rights: refugee, residence permit',
    locale: 'fr-FR',
    town: 'gap',
    steps: ['Droits et papiers', '1', '1'],
    waits: 'rights.more',
    themes: ['rights.residence-permit'],
  },
  {
    name: 'rights: legal help',
    locale: 'fr-FR',
    town: 'Veynes',
    steps: ['4', '7', '3'],
    waits: 'rights.more',
    themes: ['rights.legal-aid'],
  },
  {
    name: 'training: job, under 26 → Mission locale',
    locale: 'fr-FR',
    town: 'Gap',
    steps: ['Français et travail', '3', '1'],
    waits: 'training.more',
    themes: ['work.youth'],
    noPhone: true,
  },
  {
    name: 'training: French classes',
    locale: 'fr-FR',
    town: 'Briancon',
    steps: ['1', '2'],
    waits: 'training.more',
    themes: ['language.french-course'],
  },
  {
    name: 'contacts: food aid',
    locale: 'fr-FR',
    town: 'Gap',
    steps: ['Trouver un contact', '5', '1'],
    waits: 'contacts.more',
    themes: ['basic.food'],
  },
  {
    name: 'housing: no shelter tonight',
    locale: 'en-GB',
    town: 'Gap',
    steps: ['Housing', 'No'],
    waits: 'housing.more',
    themes: ['housing.emergency-shelter'],
  },
  {
    name: 'health: no insurance (typed need answers the cover question) → PASS',
    locale: 'en-US',
    town: 'Briançon',
    steps: ['I have no health insurance', '3'],
    waits: 'health.more',
    themes: ['health.pass'],
  },
  {
    name: 'rights: asylum seeker',
    locale: 'en-GB',
    town: 'Gap',
    steps: ['Rights & papers', '5', '1'],
    waits: 'rights.more',
    themes: ['rights.asylum'],
  },
  {
    name: 'training: 26 or older → France Travail',
    locale: 'en-GB',
    town: 'Gap',
    steps: ['French & work', '3', '2'],
    waits: 'training.more',
    themes: ['work.job-search'],
  },
  {
    name: 'contacts: residence permit',
    locale: 'en-GB',
    town: 'skip',
    steps: ['Find a contact', '4', '1'],
    waits: 'contacts.more',
    themes: ['rights.residence-permit'],
  },
];

describe('transcripts through every theme', () => {
  it.each(PATHS)('$locale $name', async ({ locale, town, steps, waits, themes, noPhone }) => {
    const c = conversation(app, { locale });
    const greeting = await c.start();
    expect(waitingNode(greeting)).toBe('main.commune');
    expect(waitingNode(await c.say(town))).toBe('main.menu');
    let replies: Reply[] = [];
    for (const step of steps) replies = await c.say(step);
    expect(waitingNode(replies)).toBe(waits);
    const shown = themesShown(replies);
    for (const theme of themes) expect([...shown]).toContain(theme);
    const results = replies.filter((r) => (r.channelData as { entry?: string } | undefined)?.entry);
    for (const r of results) {
      expect(r.text, 'every result says how to reach it').toMatch(/📞|🌐|📍|✉️/u);
      // Every number of a contact is also a button: call (tel:) or, for a number that takes texts, SMS.
      const phones = app.directory.get((r.channelData as { entry: string }).entry)!.phones;
      const buttons = cardButtons(r).filter((b) => typeof b.value === 'string');
      const calls = buttons.filter((b) => /^(tel|sms):/.test(b.value));
      expect(calls.map((b) => b.value)).toEqual(phones.map((p) => `${p.sms ? 'sms' : 'tel'}:${p.number}`));
      // And a button reports a problem with this entry (issue 13).
      const entry = encodeURIComponent((r.channelData as { entry: string }).entry);
      expect(buttons.some((b) => b.value.includes(`/signaler/${entry}`))).toBe(true);
      expect(r.text, 'numbers are plain text beside their buttons').not.toMatch(/\]\(tel:/);
    }
    if (!noPhone) expect(replies.flatMap(cardButtons).some((b) => b.type === 'call')).toBe(true);
    expect(allText(replies)).not.toMatch(
      /\b(common|main|housing|health|rights|training|contacts|themes)\.[a-z-]+\.[a-z-]+\b/,
    );
  });
});

describe('numbers and ordinals typed in words', () => {
  it.each([
    ['fr-FR', 'la deuxième', 'housing.start'],
    ['fr-FR', 'le troisième', 'health.start'],
    ['fr-FR', 'deux', 'housing.start'],
    ['fr-FR', 'numéro 4', 'rights.start'],
    ['en-GB', 'the third one', 'health.start'],
    ['en-GB', 'two', 'housing.start'],
    ['en-GB', 'number four', 'rights.start'],
  ])('%s "%s" chooses by position', async (locale, text, waits) => {
    const c = await afterTown(app, 'Gap', { locale });
    expect(waitingNode(await c.say(text))).toBe(waits);
  });

  it('does not read a number inside a longer label ("une adresse")', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    expect(waitingNode(await c.say('une adresse'))).not.toBe('training.start');
  });
});

describe('global commands and free text', () => {
  it.each([
    ['fr-FR', 'urgence', 'emergency.after'],
    ['fr-FR', 'menu', 'main.menu'],
    ['fr-FR', 'langue', 'main.language'],
    ['en-GB', 'emergency', 'emergency.after'],
    ['en-GB', 'language', 'main.language'],
    ['en-GB', 'menu', 'main.menu'],
  ])('%s "%s" works from deep inside a theme', async (locale, command, waits) => {
    const c = await afterTown(app, 'Gap', { locale });
    await c.say('2');
    const replies = await c.say(command);
    expect(waitingNode(replies)).toBe(waits);
  });

  it('leads the emergency screen with call buttons (15, 17, 112, 115, SMS to 114), explanations after', async () => {
    const c = conversation(app, { locale: 'fr-FR' });
    await c.start();
    const t = app.catalog.t('fr');
    const replies = (await c.say('urgence')).filter((r) => r.type === 'message');
    // One message, so that a phone shows it from its start: the short line, the lead buttons, then the details.
    const [screen] = replies;
    expect(screen.text).toBe(t('emergency.start.text'));
    const [lead, details] = (screen.attachments ?? []).map((a) => cardButtons({ attachments: [a] }));
    expect(lead.map((b) => [b.type, b.value])).toEqual([
      ['call', 'tel:15'],
      ['call', 'tel:17'],
      ['call', 'tel:112'],
      ['call', 'tel:115'],
      ['openUrl', 'sms:114'],
    ]);
    expect(lead[0].title).toBe(t('common.emergency.button.15', { number: '15' }));
    const card = screen.attachments![1].content as { title: string; text: string };
    expect(card.title).toBe(t('common.emergency.details'));
    for (const n of ['112', '15', '17', '18', '114', '115', '3919', '119', '3114'])
      expect(card.text).toContain(`**${n}**`);
    expect(details.map((b) => b.value)).toEqual(['tel:18', 'tel:3919', 'tel:119', 'tel:3114']);
    expect(waitingNode(replies)).toBe('emergency.after');
  });

  it('shows the emergency numbers as tel: links on channels without buttons (SMS)', async () => {
    const c = conversation(app, { channelId: 'sms', locale: 'fr-FR' });
    await c.start();
    const replies = await c.say('urgence');
    const text = allText(replies);
    for (const n of ['112', '15', '17', '18', '115', '3919', '119', '3114']) expect(text).toContain(`(tel:${n})`);
    expect(replies.flatMap(cardButtons)).toEqual([]);
  });

  it('back returns to the previous menu, help keeps the current one', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'en-GB' });
    await c.say('Health');
    expect(waitingNode(await c.say('how does it work'))).toBe('health.start');
    expect(waitingNode(await c.say('back'))).toBe('main.menu');
  });

  it('restart starts again from the welcome and asks the town', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    expect(waitingNode(await c.say('recommencer'))).toBe('main.commune');
  });

  it('answers unknown text kindly with the same menu, never a dead end', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const replies = await c.say('blablabla xyz');
    expect(waitingNode(replies)).toBe('main.menu');
    expect(choiceIds(replies)).toEqual(['training', 'housing', 'health', 'rights', 'contacts', 'emergency', 'audio']);
    expect(replies[0].text).toBe(app.catalog.t('fr')('common.not-understood'));
  });

  it('asks again for a town it does not know, and accepts "elsewhere"', async () => {
    const c = conversation(app, { locale: 'fr-FR' });
    await c.start();
    const replies = await c.say('Atlantide');
    expect(replies[0].text).toBe(app.catalog.t('fr')('main.commune.invalid'));
    expect(waitingNode(replies)).toBe('main.commune');
    expect(waitingNode(await c.say('1'))).toBe('main.menu');
  });

  it('a town elsewhere in France keeps national contacts only', async () => {
    const c = conversation(app, { locale: 'fr-FR' });
    await c.start();
    await c.say('Marseille');
    const replies = [...(await c.say('Logement')), ...(await c.say('1'))];
    const levels = entriesShown(replies).map((id) => app.directory.get(id)!.area.level);
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(['national']));
  });

  it('asks the language when the channel gives none we serve, then speaks it', async () => {
    const c = conversation(app, { locale: 'es-ES' });
    const greeting = await c.start();
    expect(waitingNode(greeting)).toBe('main.language');
    expect(greeting.at(-1)!.suggestedActions!.actions.map((a) => a.title)).toContain('العربية');
    const replies = await c.say('English');
    expect(waitingNode(replies)).toBe('main.commune');
    expect(replies.at(-1)!.text).toBe(app.catalog.t('en')('main.commune.text'));
  });

  it('"forget me" erases the conversation state once confirmed', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR', id: 'forget-me-test' });
    const key = `webchat/conversations/forget-me-test/`;
    expect(Object.keys(await app.storage.read([key]))).toEqual([key]);
    await c.say('oublie-moi');
    expect(Object.keys(await app.storage.read([key]))).toEqual([key]);
    await c.say('oui');
    expect(await app.storage.read([key])).toEqual({});
  });

  it('sends the trace contract on the emulator channel only', async () => {
    const emulator = conversation(app, { channelId: 'emulator', locale: 'fr-FR' });
    const traces = (await emulator.start()).filter((a) => a.type === 'trace');
    expect(traces[0]).toMatchObject({ name: 'passerelle.node', value: { tree: 'main', nodeId: 'main.welcome' } });
    const web = conversation(app, { channelId: 'webchat', locale: 'fr-FR' });
    expect((await web.start()).some((a) => a.type === 'trace')).toBe(false);
  });

  it('numbers the choices in the text on channels without buttons (SMS)', async () => {
    const c = conversation(app, { channelId: 'sms', locale: 'fr-FR' });
    await c.start();
    const menu = (await c.say('Gap')).at(-1)!;
    expect(menu.suggestedActions).toBeUndefined();
    expect(menu.text).toMatch(/\n1\. .+\n2\. .+/);
    expect(waitingNode(await c.say('2'))).toBe('housing.start');
  });
});

describe('typing a name at "find a contact"', () => {
  it.each([
    ['fr-FR', 'cimade', 'hautes-alpes.cimade'],
    ['fr-FR', 'restos du coeur', 'gap.restos-du-coeur'],
    ['en-GB', 'osiris', 'marseille.osiris'],
  ])('%s "%s" shows %s', async (locale, text, entry) => {
    const c = await afterTown(app, 'Gap', { locale });
    expect(waitingNode(await c.say('5'))).toBe('contacts.start');
    const replies = await c.say(text);
    expect(entriesShown(replies)).toContain(entry);
    expect(waitingNode(replies)).toBe('contacts.more');
  });

  it('says when nothing matches, without echoing markdown', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    await c.say('5');
    const replies = await c.say('[zzqx](zzqy) **zzqx**');
    expect(replies[0].text).toBe(app.catalog.t('fr')('common.search-none', { query: 'zzqx zzqy zzqx' }));
    expect(waitingNode(replies)).toBe('contacts.more');
  });

  it('still understands a typed need there, down to its answer', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    await c.say('5');
    const replies = await c.say('je dors dans la rue');
    expect(waitingNode(replies)).toBe('housing.more');
    expect([...themesShown(replies)]).toContain('housing.emergency-shelter');
  });
});

describe('a service name typed anywhere', () => {
  it.each([
    ['fr-FR', 'cimade', 'hautes-alpes.cimade'],
    ['fr-FR', 'Restos du cœur', 'gap.restos-du-coeur'],
    ['ar-SA', 'cimade', 'hautes-alpes.cimade'],
    ['en-GB', 'osiris', 'marseille.osiris'],
  ])('%s "%s" at the main menu shows %s, then the main menu again', async (locale, text, entry) => {
    const c = await afterTown(app, 'Gap', { locale });
    const replies = await c.say(text);
    expect(entriesShown(replies)).toContain(entry);
    expect(waitingNode(replies)).toBe('main.menu');
    expect(allText(replies)).not.toContain(app.catalog.t('fr')('common.not-understood'));
  });

  it('is not confused by words that only appear in summaries', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const replies = await c.say('bonjour');
    expect(entriesShown(replies)).toEqual([]);
    expect(replies[0].text).toBe(app.catalog.t('fr')('common.not-understood'));
  });
});

describe('contact cards fit what they describe', () => {
  it('a hotline says when it answers and that calling is the way, never "call before going"', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const t = app.catalog.t('fr');
    await c.say(t('main.menu.contacts'));
    // Typed alone, "3114" is an emergency number (the emergency screen): the card is found by its name.
    const replies = await c.say('prévention suicide');
    const card = replies.find((r) => (r.channelData as { entry?: string })?.entry === 'national.3114');
    expect(card?.text).toContain(t('common.hours.always'));
    expect(card?.text).toContain(t('common.result.by-phone'));
    expect(card?.text).not.toContain(t('common.result.call-first'));
  });

  it('a place one goes to that was checked long ago says "call before going"', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    await c.say('5');
    const replies = await c.say('maison des solidarités');
    const bonne = replies.find((r) => (r.channelData as { entry?: string })?.entry === 'gap.mds-bonne');
    expect(bonne?.text).toContain(app.catalog.t('fr')('common.result.call-first'));
  });
});

describe('at most four chips', () => {
  it('shows three chips (the tree\'s "first" choices) and "more", whose page shows the others', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const t = app.catalog.t('fr');
    const menu = (await c.say('menu')).at(-1)!;
    const chips = menu.suggestedActions!.actions;
    expect(chips.map((a) => a.title)).toEqual([
      t('main.menu.housing'),
      t('main.menu.health'),
      t('main.menu.emergency'),
      t('common.choices.more'),
    ]);
    expect(chips[3]).toMatchObject({ type: 'postBack', value: { page: 1 } });
    expect(choiceIds([menu])).toHaveLength(7);
    const more = await c.press({ page: 1 });
    const second = more.at(-1)!;
    expect(second.text).toBe(t('common.choices.more-text'));
    expect(second.suggestedActions!.actions.map((a) => a.title)).toEqual([
      t('main.menu.training'),
      t('main.menu.rights'),
      t('main.menu.contacts'),
      t('common.choices.more'),
    ]);
    const last = (await c.press({ page: 2 })).at(-1)!;
    expect(last.suggestedActions!.actions.map((a) => a.title)).toEqual([
      t('main.menu.audio'),
      t('common.choices.first'),
    ]);
    expect(waitingNode(more)).toBe('main.menu');
    // A choice of the first page is still understood while the second is shown, by label or number
    // (numbers keep the tree's order: 1 is still "French and work").
    expect(waitingNode(await c.say(t('main.menu.housing')))).toBe('housing.start');
    await c.say('menu');
    expect(waitingNode(await c.say('1'))).toBe('training.start');
    await c.say('menu');
    expect(waitingNode(await c.say('6'))).toBe('emergency.after');
  });

  it('never shows more than four chips at any menu', async () => {
    for (const node of app.graph.nodes.values())
      if (node.kind === 'menu') expect(node.choices.length).toBeGreaterThan(0);
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    for (const text of ['5', '4']) {
      const replies = await c.say(text);
      expect(replies.at(-1)!.suggestedActions!.actions.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('very long messages', () => {
  it('asks for a few words and keeps the menu, but still hears an emergency', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'fr-FR' });
    const long = await c.say('bla '.repeat(300));
    expect(long[0].text).toBe(app.catalog.t('fr')('common.too-long'));
    expect(waitingNode(long)).toBe('main.menu');
    expect(waitingNode(await c.say(`urgence ${'bla '.repeat(300)}`))).toBe('emergency.after');
  });
});

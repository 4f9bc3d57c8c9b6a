import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { afterTown, allText, startApp, waitingNode } from './harness/index.js';

let app: App;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ app, close } = await startApp());
});
afterAll(() => close());

const t = (lng: string) => app.catalog.t(lng);

describe('temporary protection (APS), the status of most Ukrainians in France', () => {
  it.each([
    ['uk', 'тимчасовий захист'],
    ['ru', 'временная защита'],
    ['fr', 'protection temporaire'],
    ['en', 'APS'],
  ])('%s: "%s" at the rights question leads to the APS rules, with their dated sources', async (lng, typed) => {
    const c = await afterTown(app, 'Gap', { locale: app.catalog.meta[lng as 'fr']!.tag });
    expect(waitingNode(await c.say(t(lng)('main.menu.rights')))).toBe('rights.start');
    expect(waitingNode(await c.say(typed))).toBe('rights.need');
    const replies = await c.say(t(lng)('rights.need.permit'));
    const text = allText(replies);
    expect(text).toContain(t(lng)('rights.permit-aps.text'));
    expect(text).toContain('hautes-alpes.gouv.fr');
    expect(text).toContain('dip.euaa.europa.eu');
    // Not the texts for multi-year cards and their renewal on ANEF.
    expect(text).not.toContain(t(lng)('rights.permit-renew.text'));
    expect(waitingNode(replies)).toBe('rights.more');
  });

  it('is remembered: housing and health do not ask the status again', async () => {
    const c = await afterTown(app, 'Gap', { locale: 'uk-UA' });
    await c.say(t('uk')('main.menu.rights'));
    await c.say('тимчасовий захист');
    await c.say('меню');
    await c.say(t('uk')('main.menu.housing'));
    await c.say(t('uk')('housing.start.yes'));
    const home = await c.say(t('uk')('housing.need.home'));
    expect(waitingNode(home)).not.toBe('housing.status');
    expect(allText(home)).toContain(t('uk')('housing.social-info.text'));
  });

  it('is a choice of its own on the housing status question', () => {
    const node = app.graph.nodes.get('housing.status') as { choices: { id: string; set?: { status?: string } }[] };
    expect(node.choices.find((c) => c.id === 'temporary-protection')?.set?.status).toBe('temporary-protection');
  });
});

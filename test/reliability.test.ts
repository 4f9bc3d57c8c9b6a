import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { activity, greeting, nodesOf, startServer, textsOf, type TestServer } from './harness/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

/** A short normal conversation: greeting, language, skip the town, the main menu. */
async function normalConversation(id: string): Promise<void> {
  expect(nodesOf((await s.post(greeting(id))).json)).toContain('main.language');
  expect(nodesOf((await s.post(activity(id, '1'))).json)).toContain('main.commune');
  const menu = await s.post(activity(id, 'menu'));
  expect(menu.status).toBe(200);
  expect(nodesOf(menu.json)).toContain('main.menu');
}

const raw = (body: string) => body;
const withField = (field: string, json: string) =>
  raw(JSON.stringify(activity('deep')).replace(/}$/, `,"${field}":${json}}`));

describe('bad input on /api/messages gets a 4xx {code, message} or a polite reply, never a 5xx', () => {
  const cases: { name: string; body: unknown; headers?: Record<string, string>; status: number; code?: string }[] = [
    { name: 'malformed JSON', body: raw('{"type": "message",'), status: 400, code: 'invalid-content' },
    { name: 'not JSON at all', body: raw('hello'), status: 400, code: 'invalid-content' },
    { name: 'empty body', body: raw(''), status: 400, code: 'invalid-activity' },
    { name: 'JSON null', body: raw('null'), status: 400, code: 'invalid-activity' },
    { name: 'JSON array', body: raw('[{"type":"message"}]'), status: 400, code: 'invalid-activity' },
    { name: 'missing type', body: { ...activity('m1', 'hi'), type: undefined }, status: 400, code: 'invalid-activity' },
    { name: 'empty type', body: { ...activity('m1', 'hi'), type: '' }, status: 400, code: 'invalid-activity' },
    {
      name: 'missing conversation',
      body: { ...activity('m1', 'hi'), conversation: undefined },
      status: 400,
      code: 'invalid-activity',
    },
    {
      name: 'conversation without id',
      body: { ...activity('m1', 'hi'), conversation: {} },
      status: 400,
      code: 'invalid-activity',
    },
    { name: 'missing from', body: { ...activity('m1', 'hi'), from: undefined }, status: 400, code: 'invalid-activity' },
    {
      name: 'missing channelId',
      body: { ...activity('m1', 'hi'), channelId: undefined },
      status: 400,
      code: 'invalid-activity',
    },
    { name: 'text is a number', body: activity('m1', 42 as never), status: 400, code: 'invalid-activity' },
    { name: 'text is an object', body: activity('m1', { a: 1 } as never), status: 400, code: 'invalid-activity' },
    {
      name: 'unknown deliveryMode',
      body: activity('m1', 'hi', { deliveryMode: 'shout' }),
      status: 400,
      code: 'invalid-activity',
    },
    {
      name: 'membersAdded not a list',
      body: { ...greeting('m1'), membersAdded: 'everyone' },
      status: 400,
      code: 'invalid-activity',
    },
    {
      name: 'membersAdded with null',
      body: { ...greeting('m1'), membersAdded: [null] },
      status: 400,
      code: 'invalid-activity',
    },
    {
      name: 'normal delivery, loopback serviceUrl, relayed by a proxy',
      body: activity('m1', 'hi', { deliveryMode: 'normal' }),
      headers: { 'x-forwarded-for': '203.0.113.9' },
      status: 400,
      code: 'invalid-service-url',
    },
    {
      name: 'normal delivery to a public host',
      body: activity('m1', 'hi', { deliveryMode: 'normal', serviceUrl: 'https://example.org/' }),
      status: 400,
      code: 'invalid-service-url',
    },
    {
      name: 'text over 20,000 characters',
      body: activity('m1', 'a'.repeat(20_001)),
      status: 413,
      code: 'text-too-long',
    },
    {
      name: 'body over the 64 KiB limit',
      body: activity('m1', 'hi', { value: 'x'.repeat(70_000) }),
      status: 413,
      code: 'payload-too-large',
    },
    { name: 'unknown activity type', body: { ...activity('m2', 'hi'), type: 'zzz-unknown' }, status: 200 },
    { name: 'typing', body: { ...activity('m2'), type: 'typing' }, status: 200 },
    { name: 'event', body: { ...activity('m2'), type: 'event', name: 'whatever' }, status: 200 },
    { name: 'invoke (expectReplies)', body: { ...activity('m2'), type: 'invoke', name: 'whatever' }, status: 200 },
    // Refused before parsing since issue 21: deeper JSON overflowed whatever walked it (a 500).
    {
      name: 'deep nesting in value (20,000 levels)',
      body: withField('value', '['.repeat(20_000) + ']'.repeat(20_000)),
      status: 400,
      code: 'too-deep',
    },
    {
      name: 'deep nesting in channelData',
      body: withField('channelData', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)),
      status: 400,
      code: 'too-deep',
    },
    { name: 'nesting within the limit', body: withField('value', '['.repeat(60) + ']'.repeat(60)), status: 200 },
    { name: '__proto__ in the body', body: withField('__proto__', '{"polluted":true}'), status: 200 },
    { name: 'bad timestamp', body: activity('m3', 'hi', { timestamp: 'not a date' }), status: 200 },
    { name: 'attachments of junk', body: activity('m3', 'hi', { attachments: [1, null] as never }), status: 200 },
    {
      name: 'value.choice is an object',
      body: activity('m3', undefined, { value: { choice: { a: 1 } } }),
      status: 200,
    },
    { name: 'odd locale', body: activity('m4', 'hi', { locale: '../../etc/passwd' }), status: 200 },
    { name: 'conversation id like a path', body: activity('../../../etc/passwd', 'hi'), status: 200 },
  ];

  test.each(cases)('$name → $status', async ({ body, headers, status, code }) => {
    const res = await s.post(body, headers);
    expect(res.status).toBe(status);
    if (status >= 400) {
      expect(res.json).toMatchObject({ code, message: expect.any(String) });
      expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack
    } else if (res.json?.activities?.length) {
      // A reply, if any, is the bot speaking (a menu or its apology), never an error dump.
      for (const text of textsOf(res.json)) expect(text.length).toBeGreaterThan(0);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a non-JSON content type gets 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await fetch(`${s.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'type=message',
      });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'unsupported-media-type' });
    }
  });

  const texts: [string, string][] = [
    ['control characters', '\u0000\u0001\u0007\u001b[31m\u007f\u0085 menu'],
    ['a lone surrogate', 'abc\ud800def'],
    ['RTL and LTR mixed', 'سكن \u202Ehousing\u202C مسكن ١'],
    ['Persian digits', '۲'],
    ['emoji and ZWJ sequences', '👩‍👩‍👧‍👦🏳️‍🌈 🆘'],
    ['zero-width characters', 'm\u200be\u200cn\u200du\ufeff'],
    ['Tigrinya and Cyrillic', 'ሰላም Привіт'],
    ['10,000 characters', 'logement '.repeat(1_111).slice(0, 10_000)],
    ['10,000 characters without spaces', 'ا'.repeat(10_000)],
    ['only whitespace', ' \n\t\u00a0\u3000 '],
  ];
  test.each(texts)('%s gets a polite reply', async (name, text) => {
    const id = `text-${name}`;
    await s.post(greeting(id));
    const started = performance.now();
    const res = await s.post(activity(id, text));
    expect(res.status).toBe(200);
    expect(textsOf(res.json).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('property: thousands of generated activities', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('1', '2', '6', '١', '۳', 'menu', 'urgence', 'retour', 'aide', 'forget me', 'logement', ''),
    fc.string({ maxLength: 200 }).map((t) => t.repeat(50)),
  );
  const junk = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.string({ maxLength: 10 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.object({ maxDepth: 2 }),
  );
  /** Mostly a valid value, sometimes junk: most activities reach the bot, enough exercise the validator. */
  const mostly = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: junk, weight: 1 });
  const body = fc.record(
    {
      type: fc.oneof(
        { arbitrary: fc.constant('message'), weight: 8 },
        {
          arbitrary: fc.constantFrom(
            'conversationUpdate',
            'event',
            'invoke',
            'typing',
            'endOfConversation',
            'messageReaction',
            'deleteUserData',
          ),
          weight: 3,
        },
        { arbitrary: fc.string({ maxLength: 70 }), weight: 1 },
        { arbitrary: junk, weight: 1 },
      ),
      channelId: mostly(fc.constantFrom('emulator', 'directline', 'webchat', 'sms', 'test')),
      deliveryMode: fc.oneof(
        { arbitrary: fc.constant('expectReplies'), weight: 15 },
        { arbitrary: fc.constantFrom('normal', 'bogus'), weight: 1 },
        { arbitrary: junk, weight: 1 },
      ),
      // Normal delivery to a loopback serviceUrl is the Emulator's path (a real callback): not fuzzed here.
      serviceUrl: mostly(fc.webUrl()),
      from: mostly(fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }) })),
      conversation: fc.oneof(
        { arbitrary: fc.record({ id: fc.constantFrom('prop-1', 'prop-2', 'prop-3', 'prop-4') }), weight: 10 },
        { arbitrary: fc.record({ id: fc.string({ maxLength: 600 }) }), weight: 2 },
        { arbitrary: junk, weight: 1 },
      ),
      text: mostly(text),
      locale: mostly(
        fc.oneof(
          fc.constantFrom('fr-FR', 'en', 'ar', 'fa-AF', 'ps', 'ti', 'ru', 'uk', 'xx'),
          fc.string({ maxLength: 70 }),
        ),
      ),
      value: fc.oneof(
        fc.record({ choice: fc.oneof(fc.string({ maxLength: 10 }), junk) }),
        fc.record({ command: fc.constantFrom('menu', 'back', 'forget', 'nope') }),
        junk,
      ),
      membersAdded: mostly(fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 10 }) }), { maxLength: 2 })),
      channelData: junk,
    },
    { requiredKeys: ['type', 'channelId', 'from', 'conversation', 'deliveryMode'] },
  );

  test('1,200 generated activities: always a 2xx reply or a 4xx {code, message}; the server keeps working', async () => {
    const statuses = new Map<number, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await s.post(b);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 400) {
          expect(res.status).toBeLessThan(500);
          expect(res.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        } else {
          expect(res.status).toBe(200);
        }
      }),
      { numRuns: 1_200, seed: Number(process.env.FC_SEED ?? 20_260_101) },
    );
    console.log(
      `fast-check: 1,200 activities in ${Math.round(performance.now() - started)} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    // Both paths were exercised, not only the validator's 400.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    await normalConversation('after-the-storm');
  }, 90_000);
});

import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphError } from '../src/engine/graph.js';
import { initialState, step, type DialogState, type Input, type Output } from '../src/engine/step.js';
import { createInterpreter } from '../src/understanding/interpreter.js';
import type { Lexicon } from '../src/understanding/lexicon.js';
import type { IntentFile, TreeFile } from '../src/engine/schema.js';

const menu = (text: string, choices: [string, string][], extra = {}) => ({
  kind: 'menu' as const,
  text,
  choices: choices.map(([id, next]) => ({ id, label: `l.${id}`, next })),
  ...extra,
});

/** A small graph with the shape of the real one: welcome → language → menu → themes. */
function trees(): TreeFile[] {
  return [
    {
      tree: 'main',
      start: 'main.welcome',
      nodes: {
        'main.welcome': { kind: 'message', text: 'm.welcome', next: 'main.locale' },
        'main.locale': { kind: 'branch', slot: 'locale', cases: {}, whenSet: 'main.menu', default: 'main.language' },
        'main.language': {
          kind: 'menu',
          text: 'm.language',
          choices: [
            { id: 'fr', label: 'l.fr', next: 'main.menu', set: { locale: 'fr' } },
            { id: 'en', label: 'l.en', next: 'main.menu', set: { locale: 'en' } },
          ],
        },
        'main.menu': menu(
          'm.menu',
          [
            ['housing', 'housing.start'],
            ['emergency', 'emergency.start'],
          ],
          {
            input: { parser: 'commune', slot: 'commune', next: 'main.menu', invalid: 'm.invalid' },
          },
        ),
      },
    },
    {
      tree: 'housing',
      start: 'housing.start',
      nodes: {
        'housing.start': menu('h.start', [
          ['tonight', 'housing.tonight'],
          ['later', 'housing.age'],
        ]),
        'housing.tonight': {
          kind: 'message',
          text: 'h.tonight',
          sources: [{ url: 'https://example.org/115', date: '2026-01' }],
          next: 'housing.results',
        },
        'housing.results': { kind: 'resources', themes: ['housing.emergency-shelter'], limit: 3, next: 'housing.more' },
        'housing.age': { kind: 'branch', slot: 'age', cases: { 'under-26': 'housing.young' }, default: 'housing.more' },
        'housing.young': { kind: 'message', text: 'h.young', next: 'housing.more' },
        'housing.more': menu(
          'h.more',
          [
            ['menu', 'main.menu'],
            ['again', 'housing.start'],
          ],
          {
            input: { parser: 'search', next: 'housing.start', invalid: 'm.invalid' },
          },
        ),
      },
    },
    {
      tree: 'emergency',
      start: 'emergency.start',
      nodes: {
        'emergency.start': { kind: 'emergency', next: 'emergency.after' },
        'emergency.after': menu('e.after', [['menu', 'main.menu']]),
      },
    },
  ];
}

const lexicon: Lexicon = {
  commands: {
    menu: ['menu'],
    back: ['retour', 'back'],
    emergency: ['urgence', 'emergency'],
    language: ['langue'],
    help: ['aide'],
    restart: ['recommencer'],
    forget: ['oublie moi'],
  },
  needs: { housing: ['logement', 'dormir'], emergency: [] },
  yes: ['oui'],
  no: ['non'],
  synonyms: { 'l.tonight': ['ce soir', 'dehors'] },
  ordinals: [
    ['premier', 'first'],
    ['deuxieme', 'second'],
  ],
};
const labels: Record<string, string> = {
  'l.housing': 'Logement',
  'l.emergency': 'Urgence',
  'l.tonight': 'Dormir ce soir',
  'l.later': 'Plus tard',
  'l.menu': 'Menu principal',
  'l.again': 'Autre question',
  'l.fr': 'Français',
  'l.en': 'English',
};
const interpreter = createInterpreter({
  lexicon,
  parsers: { commune: (t) => (t.toLowerCase() === 'gap' ? { value: '05061', vars: { town: 'Gap' } } : null) },
});
const graph = buildGraph(trees());

/** The directory's names, as the bot's predicate sees them: "cimade" is one, "xyzzy" is not. */
const knowsName = (text: string) => ['cimade', 'restos du coeur'].includes(text.trim().toLowerCase());

function run(inputs: (string | Input)[], state: DialogState = initialState({ locale: 'fr' })) {
  let outputs: Output[] = [];
  for (const input of inputs) {
    const result = step(
      graph,
      state,
      typeof input === 'string' ? { kind: 'text', text: input } : input,
      () => interpreter,
      (k) => labels[k] ?? k,
      knowsName,
    );
    state = result.state;
    outputs = result.outputs;
  }
  return {
    state,
    outputs,
    entered: outputs.filter((o) => o.type === 'enter').map((o) => (o as { nodeId: string }).nodeId),
  };
}

describe('step', () => {
  it.each<[string, (string | Input)[], string]>([
    ['start with a known locale skips the language menu', [{ kind: 'start' }], 'main.menu'],
    ['button by number', [{ kind: 'start' }, '1'], 'housing.start'],
    ['number in Arabic-Indic digits', [{ kind: 'start' }, '١'], 'housing.start'],
    ['number in Persian digits', [{ kind: 'start' }, '۲'], 'emergency.after'],
    ['label without accent or case', [{ kind: 'start' }, 'LOGEMENT'], 'housing.start'],
    ['label with a typo', [{ kind: 'start' }, 'logemnt'], 'housing.start'],
    ['synonym', [{ kind: 'start' }, '1', 'ce soir'], 'housing.more'],
    ['ordinal word', [{ kind: 'start' }, 'le premier'], 'housing.start'],
    ['button value (postBack)', [{ kind: 'start' }, { kind: 'value', choice: 'housing' }], 'housing.start'],
    ['typed need jumps to its tree', [{ kind: 'start' }, '1', 'menu', 'je cherche un logement'], 'housing.start'],
    [
      'emergency word anywhere in a message',
      [{ kind: 'start' }, '1', 'c’est une urgence, aidez moi vite'],
      'emergency.after',
    ],
    ['menu command from deep inside', [{ kind: 'start' }, '1', '1'], 'housing.more'],
    ['back returns to the previous menu', [{ kind: 'start' }, '1', 'retour'], 'main.menu'],
    ['back twice never goes past the first menu', [{ kind: 'start' }, 'retour', 'retour'], 'main.menu'],
    ['language command opens the language menu', [{ kind: 'start' }, 'langue'], 'main.language'],
    ['commune parser fills its slot', [{ kind: 'start' }, 'Gap'], 'main.menu'],
    ['number out of range is not understood', [{ kind: 'start' }, '9'], 'main.menu'],
    ['a first message without greeting still starts', ['bonjour'], 'main.menu'],
    ['a first message that is an emergency is honoured', ['urgence'], 'emergency.after'],
  ])('%s', (_name, inputs, waiting) => {
    expect(run(inputs).state.node).toBe(waiting);
  });

  it('says why when nothing matches and shows the menu again', () => {
    const { outputs, state } = run([{ kind: 'start' }, '1', 'xyzzy']);
    expect(outputs[0]).toEqual({ type: 'text', key: 'common.not-understood' });
    expect(outputs.some((o) => o.type === 'choices')).toBe(true);
    expect(state.node).toBe('housing.start');
  });

  it.each<[string, (string | Input)[], string]>([
    ["at a theme's first menu", [{ kind: 'start' }, '1'], 'housing.start'],
    ['at the emergency menu', [{ kind: 'start' }, 'urgence'], 'emergency.after'],
  ])('shows a directory entry whose name is typed %s, then the same menu', (_where, before, menu) => {
    const { outputs, state } = run([...before, 'Cimade']);
    expect(outputs[0]).toEqual({ type: 'search', query: 'Cimade' });
    expect(outputs.some((o) => o.type === 'text' && o.key === 'common.not-understood')).toBe(false);
    expect(outputs.at(-1)).toMatchObject({ type: 'choices', nodeId: menu });
    expect(state.node).toBe(menu);
  });

  it('rejects an unknown town at a menu with free input, with its own message', () => {
    const { outputs } = run([{ kind: 'start' }, 'Atlantis']);
    expect(outputs[0]).toEqual({ type: 'text', key: 'm.invalid' });
  });

  it('sets profile slots from the parser and from choices', () => {
    expect(run([{ kind: 'start' }, 'Gap']).state.profile).toEqual({ locale: 'fr', commune: '05061' });
    expect(run([{ kind: 'start' }], initialState()).state.node).toBe('main.language');
    expect(run([{ kind: 'start' }, 'English'], initialState()).state.profile.locale).toBe('en');
  });

  it('follows branches on profile slots', () => {
    const young = run(['2'], { node: 'housing.start', history: [], profile: { age: 'under-26' } });
    expect(young.entered).toEqual(['housing.age', 'housing.young', 'housing.more']);
    const other = run(['2'], { node: 'housing.start', history: [], profile: {} });
    expect(other.entered).toEqual(['housing.age', 'housing.more']);
  });

  it('emits texts with their sources, then resources, then the next menu', () => {
    const { outputs } = run([{ kind: 'start' }, '1', '1']);
    const kinds = outputs.filter((o) => o.type !== 'enter').map((o) => o.type);
    expect(kinds).toEqual(['text', 'resources', 'text', 'choices']);
    expect(outputs.find((o) => o.type === 'text')).toMatchObject({
      key: 'h.tonight',
      sources: [{ url: 'https://example.org/115' }],
    });
    expect(outputs.find((o) => o.type === 'resources')).toEqual({
      type: 'resources',
      themes: ['housing.emergency-shelter'],
      limit: 3,
    });
  });

  it('looks free text up in the directory at a menu with a search input', () => {
    const { outputs, state } = run([{ kind: 'start' }, '1', '1', 'cimade gap']);
    expect(outputs.find((o) => o.type === 'search')).toEqual({ type: 'search', query: 'cimade gap' });
    expect(state.node).toBe('housing.start');
  });

  it('asks for a few words when a message was too long, keeping the menu', () => {
    const { outputs, state } = run([{ kind: 'start' }, { kind: 'text', text: 'x'.repeat(500), long: true }]);
    expect(outputs[0]).toEqual({ type: 'text', key: 'common.too-long' });
    expect(state.node).toBe('main.menu');
  });

  it('asks before forgetting on a typed "forget me", then forgets everything but the language', () => {
    const asked = run([{ kind: 'start' }, 'Gap', 'oublie-moi']);
    expect(asked.outputs.map((o) => o.type)).toEqual(['text', 'choices']);
    expect(asked.outputs[1]).toMatchObject({ ask: 'forget', choices: [{ id: 'yes' }, { id: 'no' }] });
    expect(asked.state.profile.commune).toBe('05061');
    const { outputs, state } = run(['oui'], asked.state);
    expect(outputs.map((o) => o.type)).toEqual(['forget', 'text']);
    expect(state).toEqual({ node: null, history: [], profile: { locale: 'fr' } });
  });

  it('forgets at once on the quick-exit button (a forget command value)', () => {
    const { outputs } = run([{ kind: 'start' }, 'Gap', { kind: 'value', command: 'forget' }]);
    expect(outputs.map((o) => o.type)).toEqual(['forget', 'text']);
  });

  it('restarts from the welcome, keeping the language only', () => {
    const { state, entered } = run([{ kind: 'start' }, 'Gap', 'recommencer']);
    expect(entered[0]).toBe('main.welcome');
    expect(state.profile).toEqual({ locale: 'fr' });
  });

  it('survives stored state from another version: an odd question, needs and ways back that no longer exist', () => {
    const stale = {
      node: 'main.menu',
      history: ['main.menu'],
      profile: { locale: 'fr' },
      ask: { kind: 'guess', nodes: 'housing.start' },
      pending: 'housing.gone',
      resume: 'housing.gone',
      misses: 'many',
    } as unknown as DialogState;
    const { state } = run(['1'], stale);
    expect(state.node).toBe('housing.start');
    expect(state).not.toHaveProperty('pending');
    expect(state).not.toHaveProperty('ask');
    const switched = run(['1'], { ...stale, ask: { kind: 'switch', locale: 'xx' } } as unknown as DialogState);
    expect(switched.state.profile.locale).toBe('fr');
  });

  it('keeps saying it did not understand when the trees have no "lost" screen', () => {
    const { outputs, state } = run([{ kind: 'start' }, '1', 'xyzzy', 'qwvzz', 'zzqx']);
    expect(outputs[0]).toEqual({ type: 'text', key: 'common.not-understood' });
    expect(state.node).toBe('housing.start');
  });

  it('does not change the state it is given', () => {
    const before = initialState({ locale: 'fr' });
    const copy = structuredClone(before);
    run([{ kind: 'start' }, '1'], before);
    expect(before).toEqual(copy);
  });
});

describe('buildGraph', () => {
  const broken = (mutate: (t: TreeFile[]) => void) => {
    const t = trees();
    mutate(t);
    try {
      buildGraph(t);
    } catch (err) {
      return (err as GraphError).problems;
    }
    return [];
  };

  it.each([
    [
      'a dangling edge',
      (t: TreeFile[]) => ((t[1].nodes['housing.young'] as { next: string }).next = 'housing.nowhere'),
      'node "housing.young" → next "housing.nowhere" does not exist',
    ],
    [
      'an unreachable node',
      (t: TreeFile[]) => (t[1].nodes['housing.orphan'] = { kind: 'message', text: 'x.y', next: 'main.menu' }),
      'node "housing.orphan" is unreachable',
    ],
    [
      'a cycle without a menu',
      (t: TreeFile[]) => ((t[1].nodes['housing.young'] as { next: string }).next = 'housing.age'),
      'cycle without a menu',
    ],
    [
      'a node outside its tree prefix',
      (t: TreeFile[]) => (t[1].nodes['main.stray'] = { kind: 'message', text: 'x.y', next: 'main.menu' }),
      'must start with "housing."',
    ],
    [
      'a slot value that does not exist',
      (t: TreeFile[]) =>
        ((t[1].nodes['housing.age'] as { cases: Record<string, string> }).cases = { teen: 'housing.young' }),
      'case "teen" is not a value of slot "age"',
    ],
    ['a missing required root', (t: TreeFile[]) => t.splice(2, 1), 'required node "emergency.start" is missing'],
    [
      'a commune input without a slot',
      (t: TreeFile[]) => delete (t[0].nodes['main.menu'] as { input: { slot?: string } }).input.slot,
      'the commune parser needs a slot',
    ],
    [
      'a "first" choice that does not exist',
      (t: TreeFile[]) => ((t[0].nodes['main.menu'] as { first?: string[] }).first = ['castle']),
      'node "main.menu": "first" names choice "castle", which does not exist',
    ],
  ])('refuses %s, naming the node', (_name, mutate, message) => {
    expect(broken(mutate).join('\n')).toContain(message);
  });

  it.each<[string, IntentFile, string]>([
    [
      'an intent that is not a node',
      { prerequisites: [], intents: { 'housing.nowhere': { label: 'l.x' } } },
      'intent "housing.nowhere" is not a node',
    ],
    [
      'a slot value that does not exist',
      { prerequisites: [], intents: { 'housing.tonight': { label: 'l.x', set: { shelter: 'maybe' } } } },
      '"maybe" is not a value of slot "shelter"',
    ],
    [
      'a prerequisite that is not a menu',
      { prerequisites: ['housing.tonight'], intents: {} },
      'prerequisite "housing.tonight" is not a menu node',
    ],
    [
      'a question to ask first that is not a menu',
      { prerequisites: [], intents: { 'housing.age': { label: 'l.x', ask: { slot: 'age', node: 'housing.young' } } } },
      'ask "housing.young" is not a menu node',
    ],
  ])('refuses intents.json with %s', (_name, intents, message) => {
    expect(() => buildGraph(trees(), intents)).toThrow(message);
  });
});

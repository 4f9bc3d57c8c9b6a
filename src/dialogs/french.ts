import { ActionTypes, ActivityTypes, CardFactory, type Activity, type CardAction } from 'botbuilder';
import { z } from 'zod';
import { ROOTS, type Graph } from '../engine/graph.js';
import type { Output, Profile, StepResult } from '../engine/step.js';
import { render, type RenderContext } from './render.js';

/** What a "show in French" button carries: the answer it sits under, without what the server derives. */
const Shown = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    key: z.string().max(100),
    vars: z.record(z.string().max(40), z.string().max(200)).optional(),
  }),
  z.strictObject({ type: z.literal('choices'), nodeId: z.string().max(100) }),
  z.strictObject({
    type: z.literal('resources'),
    themes: z.array(z.string().max(100)).max(10),
    limit: z.number().int().min(1).max(10),
    text: z.string().max(100).optional(),
  }),
  z.strictObject({
    type: z.literal('emergency'),
    text: z.string().max(100).optional(),
    lead: z.array(z.string().max(6)).max(10).optional(),
  }),
  z.strictObject({ type: z.literal('search'), query: z.string().max(500) }),
]);
const FrenchValue = z.object({ command: z.literal('french'), outputs: z.array(Shown).max(40) });
type Shown = z.infer<typeof Shown>;

/** The numbers an emergency screen leads with, from its node (never from the client). */
function emergencyLead(graph: Graph, text?: string): string[] {
  for (const node of graph.nodes.values()) if (node.kind === 'emergency' && node.text === text) return node.lead ?? [];
  return [];
}

/** Markdown and link syntax out of what a user typed (a town, a search), as the renderer does for queries. */
const plain = (text: string) => text.replace(/[[\]()*_`<>#~|\\]/g, ' ');

/**
 * The outputs a button may carry, checked against the content: known keys and themes, the choices of a
 * real menu, typed words as plain text. A message's sources come from its node, never from the client.
 */
export function shownOutputs(value: unknown, graph: Graph, keys: Record<string, string>, themes: readonly string[]) {
  const parsed = FrenchValue.safeParse(value);
  if (!parsed.success) return undefined;
  const sources = new Map<string, { url: string; date: string }[]>();
  for (const node of graph.nodes.values())
    if (node.kind === 'message' && node.sources) sources.set(node.text, node.sources);
  const known = (key?: string) => key === undefined || key in keys;
  const outputs: Output[] = [];
  for (const out of parsed.data.outputs) {
    if (out.type === 'text' && known(out.key)) {
      const vars = out.vars && Object.fromEntries(Object.entries(out.vars).map(([k, v]) => [k, plain(v)]));
      const from = sources.get(out.key);
      outputs.push({ type: 'text', key: out.key, ...(vars ? { vars } : {}), ...(from ? { sources: from } : {}) });
    } else if (out.type === 'choices') {
      const node = graph.nodes.get(out.nodeId);
      if (node?.kind === 'menu')
        outputs.push({
          type: 'choices',
          nodeId: out.nodeId,
          choices: node.choices.map((c) => ({ id: c.id, label: c.label })),
        });
    } else if (out.type === 'resources' && known(out.text) && out.themes.every((t) => themes.includes(t)))
      outputs.push(out);
    else if (out.type === 'emergency' && known(out.text))
      outputs.push({ ...out, lead: emergencyLead(graph, out.text) });
    else if (out.type === 'search') outputs.push(out);
  }
  return outputs;
}

/** What a turn's answer needs to be shown again: its outputs without traces, sources, labels or forgetting. */
export function carried(outputs: readonly Output[]): Shown[] {
  const shown: Shown[] = [];
  for (const out of outputs) {
    if (out.type === 'text') shown.push({ type: 'text', key: out.key, ...(out.vars ? { vars: out.vars } : {}) });
    else if (out.type === 'choices') shown.push({ type: 'choices', nodeId: out.nodeId });
    // A renewal answer holds the date the person typed: it is not carried in a button.
    else if (out.type !== 'enter' && out.type !== 'forget' && out.type !== 'renewal') shown.push(out);
  }
  return shown;
}

/** The "show in French" button under an answer: a postBack, so nothing appears as typed by the user. */
export function frenchButton(title: string, outputs: readonly Output[]): CardAction {
  return { type: ActionTypes.PostBack, title, value: { command: 'french', outputs: carried(outputs) } };
}

/**
 * The same answer in French, after a line in the user's language: the French messages, then the
 * buttons of the menu as the user's language shows them, so the conversation goes on in that language.
 */
export function renderInFrench(
  outputs: Output[],
  french: RenderContext,
  own: RenderContext,
  heading: string,
): Partial<Activity>[] {
  const activities = render(outputs, french).filter((a) => a.type === ActivityTypes.Message);
  const last = activities.at(-1);
  // The menu's question and buttons in the user's language (a menu's question is the text just before them).
  const at = outputs.findIndex((o) => o.type === 'choices');
  const prompt = at > 0 ? render(outputs.slice(at - 1, at + 1), own).at(-1) : undefined;
  if (last && prompt?.suggestedActions) {
    last.suggestedActions = prompt.suggestedActions;
    last.inputHint = prompt.inputHint;
    last.channelData = prompt.channelData;
  }
  const intro: Partial<Activity> = { type: ActivityTypes.Message, text: heading, locale: own.style.tag };
  return [intro, ...activities];
}

/**
 * In a language nobody has reviewed yet: say so in the first answer of a conversation (and when it
 * starts again or changes language), and put a "show in French" button under every answer: a card
 * button on the answer's last message, so that the menu keeps its four chips at most.
 */
export function markUnreviewed(
  activities: Partial<Activity>[],
  turn: StepResult,
  ctx: RenderContext,
  reviewed: boolean,
  before?: Profile,
): Partial<Activity>[] {
  if (ctx.style.locale === 'fr' || reviewed) return activities;
  let prompt = activities.length - 1;
  while (prompt >= 0 && activities[prompt].type !== ActivityTypes.Message) prompt--;
  if (prompt < 0) return activities;
  const entered = turn.outputs.some((o) => o.type === 'enter' && o.nodeId === ROOTS.welcome);
  if (!before || entered || before.locale !== turn.state.profile.locale) {
    const notice = { type: ActivityTypes.Message, text: ctx.t('common.machine-notice'), locale: ctx.style.tag };
    activities.splice(prompt, 0, notice);
  }
  if (turn.state.node === ROOTS.language) return activities;
  const last = activities.at(-1)!;
  const button = frenchButton(ctx.t('common.show-french'), turn.outputs);
  last.attachments = [...(last.attachments ?? []), CardFactory.heroCard('', undefined, [button])];
  return activities;
}

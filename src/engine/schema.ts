import { z } from 'zod';
import { LOCALES } from '../common/locales.js';

/**
 * Dialog trees are data (dialogs/*.json): node ids are dotted names starting with the tree name,
 * every text is an i18n key, edges are plain node ids. No expressions: conditions are `branch` nodes.
 */

const nodeId = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'node ids are dotted lower-kebab');
/** Keys are flat and dotted; the first segment names the locale file (namespace) holding them. */
const i18nKey = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)+$/, 'i18n keys are dotted lower-kebab');

/** The closed set of profile slots choices may set and queries may read. */
export const SLOTS = {
  locale: LOCALES,
  commune: null, // an INSEE code, set by the commune input; "elsewhere" when outside the département
  // temporary-protection: the APS of people displaced from Ukraine (protection temporaire)
  status: ['refugee', 'protection', 'temporary-protection', 'permit', 'receipt', 'asylum-seeker', 'none', 'unknown'],
  age: ['under-26', '26-plus'],
  shelter: ['yes', 'no'],
  cover: ['yes', 'no', 'unknown'],
  cir: ['yes', 'no', 'unknown'],
  /** Whether the residence permit is renewed on the ANEF (the renewal window depends on it). */
  title: ['anef', 'other', 'unknown'],
  /** "Read every answer aloud": each turn's answer starts playing by itself where the channel allows. */
  audio: ['on', 'off'],
} as const satisfies Record<string, readonly string[] | null>;
export type Slot = keyof typeof SLOTS;
export const SLOT_NAMES = Object.keys(SLOTS) as Slot[];

const slotName = z.enum(SLOT_NAMES as [Slot, ...Slot[]]);

export const Choice = z.object({
  /** Stable id, unique in its node: button values and tests use it. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: i18nKey,
  next: nodeId,
  /** Profile facts this answer establishes. */
  set: z.partialRecord(slotName, z.string()).optional(),
});
export type Choice = z.infer<typeof Choice>;

export const MenuNode = z.object({
  kind: z.literal('menu'),
  text: i18nKey,
  choices: z.array(Choice).min(1).max(12),
  /** Choices whose buttons come first when they do not all fit on a phone (the emergency); numbers do not change. */
  first: z.array(z.string()).optional(),
  /**
   * Free input accepted besides the choices: `commune` fills a slot (or says `invalid`), `search`
   * looks the text up in the directory, `date` answers with that date (used once, never stored); then `next`.
   */
  input: z
    .object({
      parser: z.enum(['commune', 'search', 'date']),
      slot: slotName.optional(),
      next: nodeId,
      invalid: i18nKey,
    })
    .optional(),
});

/** Official pages behind a rule that may change, shown with the text so reviewers can keep it current. */
const Reference = z.object({ url: z.url(), date: z.string().regex(/^\d{4}(-\d{2}){0,2}$/) });

export const MessageNode = z.object({
  kind: z.literal('message'),
  text: i18nKey,
  sources: z.array(Reference).optional(),
  next: nodeId,
});

export const ResourcesNode = z.object({
  kind: z.literal('resources'),
  text: i18nKey.optional(),
  themes: z.array(z.string()).min(1),
  limit: z.number().int().min(1).max(10).default(3),
  next: nodeId,
});

/** The emergency numbers; `lead`: those shown first, as call buttons above the explanations (e.g. 15, 17, 112). */
export const EmergencyNode = z.object({
  kind: z.literal('emergency'),
  text: i18nKey.optional(),
  lead: z.array(z.string().regex(/^\d{2,6}$/)).optional(),
  next: nodeId,
});

/** Goes to `cases[value]`, else `whenSet` if the slot has any value, else `default`. */
export const BranchNode = z.object({
  kind: z.literal('branch'),
  slot: slotName,
  cases: z.record(z.string(), nodeId).default({}),
  whenSet: nodeId.optional(),
  default: nodeId,
});

export const Node = z.discriminatedUnion('kind', [MenuNode, MessageNode, ResourcesNode, EmergencyNode, BranchNode]);
export type Node = z.infer<typeof Node>;
export type MenuNode = z.infer<typeof MenuNode>;

export const TreeFile = z.object({
  tree: z.string().regex(/^[a-z]+$/),
  start: nodeId,
  nodes: z.record(nodeId, Node),
});
export type TreeFile = z.infer<typeof TreeFile>;

/**
 * What a typed need implies, per node (dialogs/intents.json): language-independent content next to
 * the trees. The phrases people type for each node are per language, in locales/<lng>/intents.json.
 */
export const IntentRule = z.strictObject({
  /** The need in a few words: "Did you mean …?" buttons and "noted, first …" messages. */
  label: i18nKey,
  /** Profile facts the need implies, set when still unknown (a renewal implies a permit). */
  set: z.partialRecord(slotName, z.string()).optional(),
  /** A question the answer depends on: asked first when its slot is unknown, the need kept. */
  ask: z.strictObject({ slot: slotName, node: nodeId }).optional(),
  /** Served at once, even at a question the need would otherwise wait for (danger, distress). */
  now: z.boolean().optional(),
});
export type IntentRule = z.infer<typeof IntentRule>;

export const IntentFile = z.strictObject({
  $comment: z.string().optional(),
  /** Questions a need typed there waits for (language, town): asked, then the need is served. */
  prerequisites: z.array(nodeId),
  intents: z.record(nodeId, IntentRule),
});
export type IntentFile = z.infer<typeof IntentFile>;

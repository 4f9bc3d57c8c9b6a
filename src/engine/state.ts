import type { Command } from './interpreter.js';
import type { Slot } from './schema.js';

export type Profile = Partial<Record<Slot, string>>;

/** A question asked outside the trees, answered by the next message (or dropped by any other). */
export type Ask =
  /** Typed "forget me": erase only once confirmed. */
  | { kind: 'forget' }
  /** A need understood with low confidence: the candidates offered. */
  | { kind: 'guess'; nodes: string[] }
  /** Text in another supported language: switch to it? `need` is what the text asked for. */
  | { kind: 'switch'; locale: string; need?: string };

/** What the engine keeps between turns; small and JSON-serialisable. */
export interface DialogState {
  /** The menu waiting for an answer, or null before the first turn. */
  node: string | null;
  /** Menus visited, most recent last, for "back". */
  history: string[];
  profile: Profile;
  ask?: Ask;
  /** A need typed before a question it waits for (town, language, status): served once answered. */
  pending?: string;
  /** Messages in a row not understood. */
  misses?: number;
  /** The menu the user was at before a typed emergency or two misses, offered as a way back. */
  resume?: string;
  /** The menu the user was at when they asked to change language: asked again, in the new language, once chosen. */
  returnTo?: string;
}

export type Input =
  | { kind: 'start' }
  /** `long`: the message was cut to a length worth interpreting; it is not a menu answer. */
  | { kind: 'text'; text: string; long?: boolean }
  /**
   * A button press that names its choice or command (postBack value); neither when unknown. The
   * `language` command with a `locale` (the web page's own language picker) switches at once.
   */
  | { kind: 'value'; choice?: string; command?: Command; locale?: string };

export type ChoiceOutput = { id: string; label: string; locale?: string };

export type Output =
  | { type: 'enter'; tree: string; nodeId: string }
  /** `locale`: said in that language rather than the conversation's (the offer to switch). */
  | {
      type: 'text';
      key: string;
      vars?: Record<string, string>;
      sources?: { url: string; date: string }[];
      locale?: string;
    }
  /** `ask`: the choices answer a question asked outside the trees, while `nodeId` still waits. */
  /**
   * `first`: choices whose buttons lead when they do not all fit on a phone (numbers keep the tree's order);
   * `input`: the free input the menu also takes ("date": a page may offer a date field).
   */
  | { type: 'choices'; nodeId: string; choices: ChoiceOutput[]; ask?: Ask['kind']; first?: string[]; input?: string }
  | { type: 'resources'; themes: string[]; limit: number; text?: string }
  /** `lead`: the numbers shown first, as call buttons above the explanations. */
  | { type: 'emergency'; text?: string; lead: string[] }
  /** Free text looked up in the directory (names, summaries, towns). */
  | { type: 'search'; query: string }
  /** A permit's expiry date typed at the renewal question ("YYYY-MM-DD" or "YYYY-MM"): this answer only. */
  | { type: 'renewal'; expiry: string; title: string }
  | { type: 'forget' };

export interface StepResult {
  state: DialogState;
  outputs: Output[];
}

/** Translates a label key, so the interpreter can match what the button shows. */
export type Label = (key: string, profile: Profile) => string;

/** Whether typed text names a directory entry (the bot knows the directory; the engine does not). */
export type KnowsName = (text: string) => boolean;

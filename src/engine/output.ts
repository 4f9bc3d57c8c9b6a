import type { Slot } from './schema.js';
import type { Command } from './interpreter.js';

/** What one engine step takes and gives: the state kept between turns, the user's input, the outputs to render. */
export type Profile = Partial<Record<Slot, string>>;

/** What the engine keeps between turns; small and JSON-serialisable. */
export interface DialogState {
  /** The menu waiting for an answer, or null before the first turn. */
  node: string | null;
  /** Menus visited, most recent last, for "back". */
  history: string[];
  profile: Profile;
}

export type Input =
  | { kind: 'start' }
  /** `long`: the message was cut to a length worth interpreting; it is not a menu answer. */
  | { kind: 'text'; text: string; long?: boolean }
  /** A button press that names its choice or command (postBack value). */
  | { kind: 'value'; choice?: string; command?: Command };

export type Output =
  | { type: 'enter'; tree: string; nodeId: string }
  | { type: 'text'; key: string; vars?: Record<string, string>; sources?: { url: string; date: string }[] }
  | { type: 'choices'; nodeId: string; choices: { id: string; label: string }[]; first?: string[] }
  | { type: 'resources'; themes: string[]; limit: number; text?: string }
  | { type: 'emergency'; text?: string; lead: string[] }
  /** Free text looked up in the directory (names, summaries, towns). */
  | { type: 'search'; query: string }
  | { type: 'forget' };

export interface StepResult {
  state: DialogState;
  outputs: Output[];
}

/** Translates a label key, so the interpreter can match what the button shows. */
export type Label = (key: string, profile: Profile) => string;

/** Whether typed text names a directory entry (the bot knows the directory; the engine does not). */
export type KnowsName = (text: string) => boolean;

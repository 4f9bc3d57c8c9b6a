/**
 * What the engine asks of a language: the only place where typed text is interpreted. The engine
 * defines the contract; src/understanding implements it per language.
 */
/** `french`: the same answer again in French (a button under answers in unreviewed languages; the bot renders it). */
export const COMMANDS = ['emergency', 'menu', 'back', 'language', 'help', 'restart', 'forget', 'french'] as const;
export type Command = (typeof COMMANDS)[number];

/** Whether a value from outside (a button's `command`) is a command the engine knows. */
export const isCommand = (value: unknown): value is Command => (COMMANDS as readonly unknown[]).includes(value);

export interface ChoiceView {
  id: string;
  /** The translated label, as shown on the button. */
  label: string;
  labelKey: string;
}

export type ParseResult = { value: string; vars?: Record<string, string> } | null;

/** What a typed need asks for. */
export interface NeedGuess {
  /** The node to serve, when the guess is safe to act on. */
  sure: string | null;
  /** Close candidates, best first, to offer as a choice when not sure ("Did you mean …?"). */
  maybe: string[];
  /** A bare theme word ("logement"): the tree whose first question fits. */
  tree?: string;
  /** Small talk (greetings, thanks, dates): no need at all. */
  ordinary?: boolean;
}

export const NO_NEED: NeedGuess = { sure: null, maybe: [] };

export interface Interpreter {
  command(text: string): Command | null;
  /** Index of the chosen choice, or null; `exact` accepts only a label or synonym typed in full. */
  choice(text: string, choices: ChoiceView[], exact?: boolean): number | null;
  /** A free-text answer to a yes/no question, negation included ("non j'ai rien", "ليس عندي"). */
  answer(text: string): 'yes' | 'no' | null;
  need(text: string): NeedGuess;
  /** Another supported language the text is clearly written in, or null. */
  language(text: string): string | null;
  parse(parser: string, text: string): ParseResult;
}

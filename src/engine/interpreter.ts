/**
 * What the engine asks of a language: the only place where typed text is interpreted. The engine
 * defines the contract; src/understanding implements it per language.
 */
/** `french`: the same answer again in French (a button under answers in unreviewed languages; the bot renders it). */
export const COMMANDS = ['emergency', 'menu', 'back', 'language', 'help', 'restart', 'forget', 'french'] as const;
export type Command = (typeof COMMANDS)[number];

export interface ChoiceView {
  id: string;
  /** The translated label, as shown on the button. */
  label: string;
  labelKey: string;
}

export type ParseResult = { value: string; vars?: Record<string, string> } | null;

export interface Interpreter {
  command(text: string): Command | null;
  /** Index of the chosen choice, or null; `exact` accepts only a label or synonym typed in full. */
  choice(text: string, choices: ChoiceView[], exact?: boolean): number | null;
  /** Tree whose need the text expresses, or null. */
  need(text: string): string | null;
  parse(parser: string, text: string): ParseResult;
}

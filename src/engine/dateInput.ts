import type { Interpreter } from './interpreter.js';
import type { Run } from './run.js';
import type { MenuNode } from './schema.js';
import type { StepResult } from './state.js';

/**
 * A date typed at a menu with a `date` input (a permit's expiry): answered in this turn's outputs
 * with the title kind already asked; the date itself is never written to the state.
 */
export function dateInput(run: Run, waiting: MenuNode, text: string, interpreter: Interpreter): StepResult | null {
  const input = waiting.input!;
  const parsed = interpreter.parse('date', text);
  if (!parsed) return null;
  run.outputs.push({ type: 'renewal', expiry: parsed.value, title: run.state.profile.title ?? 'unknown' });
  return run.goto(input.next);
}

import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Activity } from 'botbuilder';
import type { Graph } from '../engine/graph.js';
import { initialState, step, type DialogState, type Input, type Label, type Output, type Profile } from '../engine/step.js';
import type { Interpreter } from '../engine/understand.js';

export const TREE_DIALOG_ID = 'passerelle.tree';

/** Longest text we interpret; beyond it people are not answering a menu, and matching stays cheap. */
const MAX_INPUT = 500;

export interface TreeTurn {
  state: DialogState;
  outputs: Output[];
}

export interface TreeDialogDeps {
  graph: Graph;
  interpreter: (profile: Profile) => Interpreter;
  label: Label;
  /** Sends the turn's outputs; called once per turn with the state after the step. */
  deliver: (dc: DialogContext, turn: TreeTurn) => Promise<void>;
}

/** Reads what the user did from an activity: a button value, or text (capped). */
export function inputOf(activity: Partial<Activity>): Input {
  const value = activity.value as { choice?: unknown; command?: unknown } | undefined;
  if (value && typeof value === 'object' && (typeof value.choice === 'string' || typeof value.command === 'string')) {
    return { kind: 'value', ...(typeof value.choice === 'string' ? { choice: value.choice } : {}), ...(typeof value.command === 'string' ? { command: value.command as never } : {}) };
  }
  const text = String(activity.text ?? '');
  return text.length > MAX_INPUT ? { kind: 'text', text: text.slice(0, MAX_INPUT), long: true } : { kind: 'text', text };
}

/** The one botbuilder Dialog: it runs the pure engine on the state botbuilder keeps for it. */
export class TreeDialog extends Dialog<{ profile?: Profile; input?: Input }> {
  constructor(private readonly deps: TreeDialogDeps) {
    super(TREE_DIALOG_ID);
  }

  /** Starts with a greeting, or with the user's first message when there was no greeting turn. */
  override async beginDialog(dc: DialogContext, options?: { profile?: Profile; input?: Input }): Promise<DialogTurnResult> {
    return this.run(dc, initialState(options?.profile ?? {}), options?.input ?? { kind: 'start' });
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as DialogState;
    return this.run(dc, state, inputOf(dc.context.activity));
  }

  private async run(dc: DialogContext, state: DialogState, input: Input): Promise<DialogTurnResult> {
    const turn = step(this.deps.graph, state, input, this.deps.interpreter, this.deps.label);
    dc.activeDialog!.state = turn.state;
    await this.deps.deliver(dc, turn);
    return Dialog.EndOfTurn;
  }
}

import { ActivityHandler, type ConversationState, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState as BotDialogState } from 'botbuilder-dialogs';
import { TREE_DIALOG_ID, TreeDialog, inputOf, type TreeTurn } from '../dialogs/treeDialog.js';
import { render } from '../dialogs/render.js';
import type { Graph } from '../engine/graph.js';
import type { Profile } from '../engine/step.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Interpreters } from '../i18n/interpreters.js';
import { resolveLocale } from '../i18n/locale.js';
import type { DirectoryIndex } from '../directory/search.js';
import type { Entry } from '../directory/schema.js';

export interface BotDeps {
  graph: Graph;
  catalog: Catalog;
  interpreters: Interpreters;
  conversationState: ConversationState;
  /** The current index and emergency entries: they change when admins edit the directory. */
  directory: () => { index: DirectoryIndex; emergency: readonly Entry[] };
}

const FORGOTTEN = Symbol('passerelle.forgotten');

/** The Bot Framework face of Passerelle: every message goes to the one tree dialog. */
export class PasserelleBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogs = new DialogSet(deps.conversationState.createProperty<BotDialogState>('dialogState'));
    this.dialogs.add(
      new TreeDialog({
        graph: deps.graph,
        interpreter: (profile) => deps.interpreters.get(profile.locale),
        label: (key, profile) => deps.catalog.t(profile.locale)(key),
        deliver: (dc, turn) => this.deliver(dc.context, turn),
      }),
    );
    this.onMessage(async (context, next) => {
      await this.converse(context, false);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      if (joined) await this.converse(context, true);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    if (!context.turnState.get(FORGOTTEN)) await this.deps.conversationState.saveChanges(context, false);
  }

  private async converse(context: TurnContext, greeting: boolean): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog && !greeting) {
      await dc.continueDialog();
      return;
    }
    if (dc.activeDialog) return; // already greeted
    const profile: Profile = {};
    const locale = resolveLocale(context.activity.locale, this.deps.catalog.locales);
    if (locale) profile.locale = locale;
    // A first message without a greeting turn ("urgence") is interpreted, not swallowed.
    await dc.beginDialog(TREE_DIALOG_ID, { profile, ...(greeting ? {} : { input: inputOf(context.activity) }) });
  }

  private async deliver(context: TurnContext, turn: TreeTurn): Promise<void> {
    const wanted = turn.state.profile.locale ?? resolveLocale(context.activity.locale, this.deps.catalog.locales);
    // A language without texts yet is shown in French, dates and numbers included.
    const locale = wanted && this.deps.catalog.locales.includes(wanted as never) ? wanted : 'fr';
    const meta = this.deps.catalog.meta[locale as keyof Catalog['meta']];
    const { index, emergency } = this.deps.directory();
    const activities = render(turn.outputs, {
      t: this.deps.catalog.t(locale),
      style: { locale, tag: meta?.tag ?? locale, rtl: meta?.dir === 'rtl' },
      profile: turn.state.profile,
      channelId: context.activity.channelId,
      index,
      emergency,
    });
    if (activities.length) await context.sendActivities(activities);
    if (turn.outputs.some((o) => o.type === 'forget')) {
      context.turnState.set(FORGOTTEN, true);
      await this.deps.conversationState.delete(context);
    }
  }
}

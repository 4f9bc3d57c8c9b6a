import type { Areas } from '../directory/areas.js';
import type { Hit } from '../directory/search.js';
import type { Output, Profile } from '../engine/step.js';
import { LOCALES } from '../common/locales.js';
import type { Outcome, PathEnd } from './counters.js';

/** The hits one `resources` or `search` output showed (`fallback`: the access-to-rights help shown instead). */
export interface Shown {
  output: Output;
  hits: readonly Pick<Hit, 'entry' | 'locality'>[];
  fallback?: boolean;
}

const NOT_UNDERSTOOD = 'common.not-understood';
/** Levels at which a contact is local: it serves the person's commune, arrondissement or département. */
const LOCAL = new Set<string>(['commune', 'arrondissement', 'departement']);

/** Local when one hit is local, national when all are regional or national, none without hits. */
export function outcomeOf(hits: readonly Pick<Hit, 'locality'>[]): Outcome {
  if (!hits.length) return 'none';
  for (const h of hits) if (LOCAL.has(h.locality)) return 'local';
  return 'national';
}

const treeOf = (node: string) => {
  const dot = node.indexOf('.');
  return dot < 0 ? node : node.slice(0, dot);
};
const hitsOf = (output: Output, shown: readonly Shown[]) =>
  shown.find((s) => s.output === output && !s.fallback)?.hits ?? [];

type End = Pick<PathEnd, 'theme' | 'node' | 'outcome'>;

/**
 * The end of a turn's path, if it reached one: the last `resources`, `emergency` or message node
 * entered before the menu that waits, or a "not understood" reprompt (at the menu that waits), or a
 * free-text search. Menus alone (navigating), "help", "forget me" and a town set end nothing.
 * Reads only the engine's outputs: a menu's prompt is a text right after the menu's `enter`,
 * followed by its `choices`; a message node's text is one right after its `enter`, with no `choices`.
 */
export function pathEnd(outputs: readonly Output[], shown: readonly Shown[]): End | undefined {
  let node = '';
  let afterEnter = false;
  let notUnderstood = false;
  let end: End | undefined;
  let before: End | undefined;
  for (const out of outputs) {
    switch (out.type) {
      case 'enter':
        node = out.nodeId;
        break;
      case 'text':
        if (afterEnter) {
          before = end;
          end = { theme: treeOf(node), node, outcome: 'information' };
        } else if (out.key === NOT_UNDERSTOOD) notUnderstood = true;
        break;
      case 'choices':
        // The text taken for a message was this menu's prompt.
        if (end?.outcome === 'information' && end.node === out.nodeId) end = before;
        if (notUnderstood) end = { theme: treeOf(out.nodeId), node: out.nodeId, outcome: 'not-understood' };
        break;
      case 'resources':
        end = { theme: treeOf(node), node, outcome: outcomeOf(hitsOf(out, shown)) };
        break;
      case 'emergency':
        end = { theme: treeOf(node), node, outcome: 'emergency' };
        break;
      case 'search':
        end = { theme: 'search', node: 'search.bot', outcome: outcomeOf(hitsOf(out, shown)) };
        break;
      case 'renewal':
        // The renewal window: information computed for the person (the date itself is never counted).
        end = { theme: treeOf(node), node, outcome: 'information' };
        break;
      case 'forget':
        break;
    }
    afterEnter = out.type === 'enter';
  }
  return end;
}

/** The language counted: one of ours, "other" or "unknown" (a closed list, whatever a channel sends). */
export function languageOf(lang: string | undefined): string {
  if (!lang) return 'unknown';
  return (LOCALES as readonly string[]).includes(lang) ? lang : 'other';
}

/** The arrondissement of the person's commune: never the commune itself. */
export function areaOf(commune: string | undefined, areas: Pick<Areas, 'communes'>): string {
  if (!commune) return 'unknown';
  return areas.communes.get(commune)?.arrondissement || 'outside';
}

/** Every dimension of a turn's path end, from the outputs, the profile after the turn and the areas. */
export function turnKey(
  outputs: readonly Output[],
  profile: Profile,
  shown: readonly Shown[],
  areas: Pick<Areas, 'communes'>,
): PathEnd | undefined {
  const end = pathEnd(outputs, shown);
  // A literal, not a spread: spreading into a new object cost 1.5 µs a turn in the micro-benchmark.
  return (
    end && {
      theme: end.theme,
      node: end.node,
      lang: languageOf(profile.locale),
      area: areaOf(profile.commune, areas),
      outcome: end.outcome,
    }
  );
}

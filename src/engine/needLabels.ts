import { ROOTS, type Graph } from './graph.js';
import type { Node } from './schema.js';

/** Where a node leads without the user answering (a menu: through each of its answers). */
function nextOf(node: Node): string[] {
  switch (node.kind) {
    case 'menu':
      return [...node.choices.map((c) => c.next), ...(node.input ? [node.input.next] : [])];
    case 'branch':
      return [node.default, ...Object.values(node.cases), ...(node.whenSet ? [node.whenSet] : [])];
    default:
      return [node.next];
  }
}

/**
 * The need each contact list answers, as an i18n key, for the counter card ("what I need"): the
 * label of the nearest described need (dialogs/intents.json) that reaches it without a second
 * menu, else of the nearest menu choice on the way.
 */
export function needLabels(graph: Graph): Map<string, string> {
  const best = new Map<string, { label: string; rank: number }>();
  // A described need's own questions are on its way; a menu that offers the main menu ends a path.
  const passable = (node: Node, throughMenus: boolean) =>
    node.kind !== 'menu' || (throughMenus && !node.choices.some((c) => c.next === ROOTS.menu));
  const walk = (from: string, label: string, penalty: number) => {
    const seen = new Set<string>([from]);
    let frontier = [from];
    for (let depth = 0; frontier.length; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        const node = graph.nodes.get(id);
        if (!node || (id !== from && !passable(node, penalty === 0))) continue;
        const rank = penalty + depth;
        if (node.kind === 'resources' && (best.get(id)?.rank ?? Infinity) > rank) best.set(id, { label, rank });
        for (const to of nextOf(node)) if (!seen.has(to)) seen.add(to) && next.push(to);
      }
      frontier = next;
    }
  };
  for (const [id, rule] of graph.intents) walk(id, rule.label, 0);
  const answers = new Set(['yes', 'no', 'unknown']);
  // Menu choices only where no described need reaches: their labels are answers ("Oui"), not needs.
  for (const node of graph.nodes.values())
    if (node.kind === 'menu')
      for (const choice of node.choices) if (!answers.has(choice.id)) walk(choice.next, choice.label, 1000);
  return new Map([
    ...[...graph.intents].map(([id, rule]): [string, string] => [id, rule.label]),
    ...[...best].map(([id, { label }]): [string, string] => [id, label]),
  ]);
}

/**
 * The node naming the need of a contact list shown after entering `entered` (this turn's nodes, in
 * order): the first described need entered, else the contact list itself.
 */
export function needNode(graph: Graph, labels: ReadonlyMap<string, string>, entered: readonly string[]) {
  return entered.find((id) => graph.intents.has(id)) ?? [...entered].reverse().find((id) => labels.has(id));
}

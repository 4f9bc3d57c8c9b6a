import { fieldProblems } from '../common/zodIssues.js';
import { checkIntentRules, slotValueAllowed } from './intentRules.js';
import { TreeFile, type IntentFile, type IntentRule, type Node } from './schema.js';

export interface Graph {
  nodes: ReadonlyMap<string, Node>;
  /** Tree name → start node id. */
  starts: ReadonlyMap<string, string>;
  /** What a typed need implies, by node id (dialogs/intents.json). */
  intents: ReadonlyMap<string, IntentRule>;
  /** Questions a typed need waits for before it is served (language, town). */
  prerequisites: ReadonlySet<string>;
}

/** Entry points reached by global commands rather than edges; they must exist in every graph. */
export const ROOTS = {
  welcome: 'main.welcome',
  menu: 'main.menu',
  language: 'main.language',
  emergency: 'emergency.start',
};

/** Entry points the engine uses when a graph has them: `lost` after two messages not understood. */
export const OPTIONAL_ROOTS = { lost: 'main.lost' };

export class GraphError extends Error {
  constructor(readonly problems: string[]) {
    super(`dialog trees are invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Every edge leaving a node, with a label for error messages and whether the user chooses it. */
export function edgesOf(node: Node): { label: string; to: string; waits: boolean }[] {
  switch (node.kind) {
    case 'menu':
      return [
        ...node.choices.map((c) => ({ label: `choice "${c.id}"`, to: c.next, waits: true })),
        ...(node.input ? [{ label: 'input.next', to: node.input.next, waits: true }] : []),
      ];
    case 'branch':
      return [
        ...Object.entries(node.cases).map(([v, to]) => ({ label: `case "${v}"`, to, waits: false })),
        ...(node.whenSet ? [{ label: 'whenSet', to: node.whenSet, waits: false }] : []),
        { label: 'default', to: node.default, waits: false },
      ];
    default:
      return [{ label: 'next', to: node.next, waits: false }];
  }
}

/** Builds the graph and checks it: unique ids, tree prefixes, edges, slot values, reachability, cycles. */
/**
 * Schema-checks the dialog tree files (name and JSON text each; the caller reads them): throws
 * GraphError naming each file, node and problem.
 */
export function parseTrees(files: readonly { file: string; text: string }[]): TreeFile[] {
  const problems: string[] = [];
  const trees: TreeFile[] = [];
  for (const { file, text } of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = TreeFile.safeParse(raw);
    if (!parsed.success) {
      for (const p of fieldProblems(parsed.error, '(root)')) problems.push(`${file}: ${p.field}: ${p.message}`);
      continue;
    }
    if (`${parsed.data.tree}.json` !== file)
      problems.push(`${file}: tree "${parsed.data.tree}" must live in ${parsed.data.tree}.json`);
    trees.push(parsed.data);
  }
  if (problems.length) throw new GraphError(problems);
  return trees;
}

export function buildGraph(trees: TreeFile[], intents: IntentFile = { prerequisites: [], intents: {} }): Graph {
  const problems: string[] = [];
  const nodes = new Map<string, Node>();
  const starts = new Map<string, string>();
  for (const tree of trees) {
    starts.set(tree.tree, tree.start);
    for (const [id, node] of Object.entries(tree.nodes)) {
      if (!id.startsWith(`${tree.tree}.`))
        problems.push(`${tree.tree}.json: node "${id}" must start with "${tree.tree}."`);
      if (nodes.has(id)) problems.push(`${tree.tree}.json: node "${id}" is defined twice`);
      nodes.set(id, node);
    }
    if (!tree.nodes[tree.start]) problems.push(`${tree.tree}.json: start "${tree.start}" does not exist`);
  }
  for (const root of Object.values(ROOTS)) if (!nodes.has(root)) problems.push(`required node "${root}" is missing`);
  for (const [id, node] of nodes) {
    for (const edge of edgesOf(node)) {
      if (!nodes.has(edge.to)) problems.push(`node "${id}" → ${edge.label} "${edge.to}" does not exist`);
    }
    problems.push(...checkSlots(id, node));
  }
  problems.push(...checkIntentRules(nodes, intents));
  if (!problems.length) problems.push(...checkReachable(nodes, starts), ...checkCycles(nodes));
  if (problems.length) throw new GraphError(problems);
  return {
    nodes,
    starts,
    intents: new Map(Object.entries(intents.intents)),
    prerequisites: new Set(intents.prerequisites),
  };
}

function checkSlots(id: string, node: Node): string[] {
  const allowed = slotValueAllowed;
  const problems: string[] = [];
  if (node.kind === 'menu') {
    if (node.input?.parser === 'commune' && !node.input.slot)
      problems.push(`node "${id}": the commune parser needs a slot`);
    const ids = new Set<string>();
    for (const c of node.choices) {
      if (ids.has(c.id)) problems.push(`node "${id}": choice id "${c.id}" is used twice`);
      ids.add(c.id);
      for (const [slot, value] of Object.entries(c.set ?? {})) {
        if (!allowed(slot, value))
          problems.push(`node "${id}" choice "${c.id}": "${value}" is not a value of slot "${slot}"`);
      }
    }
    for (const first of node.first ?? [])
      if (!ids.has(first)) problems.push(`node "${id}": "first" names choice "${first}", which does not exist`);
  }
  if (node.kind === 'branch') {
    for (const value of Object.keys(node.cases)) {
      if (!allowed(node.slot, value))
        problems.push(`node "${id}": case "${value}" is not a value of slot "${node.slot}"`);
    }
  }
  return problems;
}

function checkReachable(nodes: Map<string, Node>, starts: Map<string, string>): string[] {
  const seen = new Set<string>();
  const optional = Object.values(OPTIONAL_ROOTS).filter((id) => nodes.has(id));
  const queue = [...Object.values(ROOTS), ...optional, ...starts.values()];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of edgesOf(nodes.get(id)!)) queue.push(edge.to);
  }
  return [...nodes.keys()].filter((id) => !seen.has(id)).map((id) => `node "${id}" is unreachable`);
}

/** A loop made only of nodes that do not wait for the user would spin forever. */
function checkCycles(nodes: Map<string, Node>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const problems: string[] = [];
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      problems.push(`cycle without a menu: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`);
      return;
    }
    state.set(id, 'open');
    for (const edge of edgesOf(nodes.get(id)!)) if (!edge.waits) visit(edge.to, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of nodes.keys()) visit(id, []);
  return problems;
}

/** Whether entering `id` may show the emergency screen before any menu waits (a branch may). */
export function alarms(graph: Graph, id: string, seen = new Set<string>()): boolean {
  const node = graph.nodes.get(id);
  if (!node || seen.has(id) || node.kind === 'menu') return false;
  if (node.kind === 'emergency') return true;
  seen.add(id);
  return edgesOf(node).some((e) => alarms(graph, e.to, seen));
}

/** Every i18n key a graph uses, with the node that uses it. */
export function keysOf(graph: Graph): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [id, rule] of graph.intents) keys.set(rule.label, `intent ${id}`);
  for (const [id, node] of graph.nodes) {
    if ('text' in node && node.text) keys.set(node.text, id);
    if (node.kind === 'menu') {
      for (const c of node.choices) keys.set(c.label, id);
      if (node.input) keys.set(node.input.invalid, id);
    }
  }
  return keys;
}

import { SLOTS, type IntentFile, type Node } from './schema.js';

/** Whether a value may be stored in a profile slot (a closed list, or any string for `commune`). */
export function slotValueAllowed(slot: string, value: string): boolean {
  const values: readonly string[] | null | undefined = SLOTS[slot as keyof typeof SLOTS];
  return values !== undefined && (values === null || values.includes(value));
}

/**
 * Checks dialogs/intents.json against the trees: every intent and prerequisite is a node, every
 * implied slot value exists, every prerequisite question is a menu.
 */
export function checkIntentRules(nodes: ReadonlyMap<string, Node>, file: IntentFile): string[] {
  const problems: string[] = [];
  const menu = (id: string) => nodes.get(id)?.kind === 'menu';
  for (const id of file.prerequisites)
    if (!menu(id)) problems.push(`intents.json: prerequisite "${id}" is not a menu node`);
  for (const [id, rule] of Object.entries(file.intents)) {
    if (!nodes.has(id)) problems.push(`intents.json: intent "${id}" is not a node`);
    for (const [slot, value] of Object.entries(rule.set ?? {}))
      if (!slotValueAllowed(slot, value))
        problems.push(`intents.json: intent "${id}": "${value}" is not a value of slot "${slot}"`);
    if (rule.ask && !menu(rule.ask.node))
      problems.push(`intents.json: intent "${id}": ask "${rule.ask.node}" is not a menu node`);
  }
  return problems;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyHash } from '../../src/state/fileStorage.js';

/** The complete, not erased records of a conversation-state journal directory, as key hash → count. */
export function journalRecords(dir: string): Map<string, number> {
  const records = new Map<string, number>();
  for (const name of readdirSync(dir).filter((f) => /^journal-\d+\.log$/.test(f))) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n').slice(0, -1); // the last piece has no newline
    for (const line of lines.filter((l) => l.trim()))
      records.set(line.slice(0, 40), (records.get(line.slice(0, 40)) ?? 0) + 1);
  }
  return records;
}

/** How many records of an emulator conversation a server's STATE_DIR holds. */
export function recordsOf(stateDir: string, conversationId: string, channelId = 'emulator'): number {
  return (
    journalRecords(join(stateDir, 'conversations')).get(keyHash(`${channelId}/conversations/${conversationId}/`)) ?? 0
  );
}

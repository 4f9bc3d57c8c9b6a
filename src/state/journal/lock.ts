import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directories open in this process: a second storage on one would interleave its appends too. */
const openDirs = new Set<string>();

/**
 * When a process started, from /proc/<pid>/stat (field 22, in clock ticks since boot), or undefined
 * without /proc. With the pid it names one process: a pid reused later has another start time.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] || undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer per directory: a second live process would interleave its appends with ours. The lock
 * file holds `<pid> <start time>`; a lock whose pid is dead, or alive but started at another time
 * (the pid was reused since), is stale and taken over.
 */
export function lockDir(dir: string): void {
  if (openDirs.has(dir)) throw new Error(`conversation state: ${dir} is already open in this process`);
  const file = join(dir, 'lock');
  const holder = readHolder(file);
  if (holder && holder.pid !== process.pid && alive(holder.pid) && !reused(holder)) {
    throw new Error(
      `conversation state: ${dir} is in use by process ${holder.pid}; give each process its own STATE_DIR (if process ${holder.pid} is not Passerelle, delete ${file})`,
    );
  }
  const start = processStart(process.pid);
  writeFileSync(file, start === undefined ? String(process.pid) : `${process.pid} ${start}`, { mode: 0o600 });
  openDirs.add(dir);
}

export function unlockDir(dir: string): void {
  openDirs.delete(dir);
  rmSync(join(dir, 'lock'), { force: true });
}

interface Holder {
  pid: number;
  start?: string;
}

/** The pid of the lock file, and its start time unless written without /proc (or by an older version). */
function readHolder(file: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const [pid, start] = text.trim().split(/\s+/);
  return Number(pid) ? { pid: Number(pid), start: start || undefined } : undefined;
}

/** Whether the holder's pid now names another process; when unsure (no start time to compare), it does not. */
function reused({ pid, start }: Holder): boolean {
  const now = start === undefined ? undefined : processStart(pid);
  return now !== undefined && now !== start;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

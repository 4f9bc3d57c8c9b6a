import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { tempDir } from './paths.js';

/** A real redis-server on a loopback port, with its data in a temporary folder. */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server at once (SIGKILL: a crash); its data folder stays, for a restart. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (append-only file replayed). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A free loopback port (redis-server refuses `--port 0`): bound by the OS, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port accepts a connection and answers PING, within `ms`. */
async function answering(port: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('error', () => resolve(false));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} in ${ms} ms`);
}

/**
 * Starts redis-server (fails, never skips, when it is missing: .ci/run installs it). Append-only
 * file with fsync every second, as in production, in its own temporary folder.
 */
export async function startRedis(): Promise<TestRedis> {
  if (spawnSync('redis-server', ['--version']).error)
    throw new Error('redis-server is not installed (apt-get install redis-server): the Redis tests need it');
  const dir = tempDir('passerelle-redis-');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', [...args, '--appendfsync', 'everysec'], { stdio: 'ignore' });
    await answering(port);
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: start, close: kill };
}

import type { Server } from 'restify';

export type ReadinessCheck = () => Promise<string | null>;

/** /healthz: the process answers. /readyz: every named check passes (null) or says what is wrong. */
export function registerHealth(server: Server, checks: Record<string, ReadinessCheck>): void {
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const results = Object.fromEntries(
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => [name, await check().catch((e: Error) => e.message)]),
      ),
    );
    const failing = Object.entries(results).filter(([, problem]) => problem !== null);
    res.status(failing.length ? 503 : 200);
    res.json({
      status: failing.length ? 'not-ready' : 'ready',
      checks: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v ?? 'ok'])),
    });
  });
}

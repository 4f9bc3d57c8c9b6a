/**
 * The one way tests start Passerelle:
 * - startApp: the app in this process (bot, directory, storage), no port: transcripts, languages;
 * - startServer: the same, listening on 127.0.0.1, port 0: HTTP, admin, browser tests;
 * - startChildServer: src/index.ts (or a build) in its own process: kill -9, crash, production build;
 * - startRedis: a real redis-server on a free loopback port (REDIS_URL tests; fails when it is missing).
 * Each runs on the repository's content with its own STATE_DIR and a temporary copy of
 * data/directory.json, optionally on a fake clock, and close() removes what it made.
 */
export { startApp, type AppOptions, type TestApp } from './app.js';
export { startServer, type ServerOptions, type TestServer } from './server.js';
export { startChildServer, type ChildServer, type ChildServerOptions, type Exit } from './child.js';
export { fakeClock, type FakeClock } from './clock.js';
export { startRedis, type TestRedis } from './redis.js';
export { DIRECTORY, FIXTURES, ROOT, removeTempDirs, tempDir } from './paths.js';
export { activity, answerOf, greeting, nodesOf, postActivity, request, textsOf, type Answer } from './http.js';
export {
  afterTown,
  allText,
  cardButtons,
  choiceIds,
  conversation,
  entriesShown,
  waitingNode,
  type Reply,
} from './conversation.js';
export { journalRecords, recordsOf } from './journal.js';

import type { Server } from 'restify';
import type { HttpContext } from './context.js';

/** Public read API for the directory under /api/directory (issue 3). */
export function registerDirectoryApi(_server: Server, _ctx: HttpContext): void {}

import type { Server } from 'restify';
import type { HttpContext } from './context.js';

/** Admin web page (/admin) and API (/api/admin) (issue 5). */
export function registerAdmin(_server: Server, _ctx: HttpContext): Promise<void> | void {}

import type { Server } from 'restify';
import type { HttpContext } from './context.js';

/** Local Direct Line 3.0 endpoint under /v3/directline (issue 6). */
export function registerDirectLine(_server: Server, _ctx: HttpContext): void {}

import type { Server } from 'restify';
import type { HttpContext } from './context.js';

/** Static pages: newcomers' web chat at /, social workers' directory at /annuaire (issue 6). */
export function registerPages(_server: Server, _ctx: HttpContext): void {}

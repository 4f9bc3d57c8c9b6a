import type { Response } from 'restify';

/** The one error shape HTTP clients get: `{code, message, details}`, never a stack. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  const body: ApiError = { code, message, ...(details === undefined ? {} : { details }) };
  res.status(status);
  res.json(body);
}

/** Restify's own errors (bad JSON, body too large, 404, 405) as an ApiError name. */
export function restifyCode(name: string | undefined, status: number): string {
  if (name)
    return name
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase();
  return status >= 500 ? 'internal' : 'bad-request';
}

/** A failure an admin HTTP client should see as `{code, message, details}` with this status. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type { FieldProblem } from '../common/zodIssues.js';

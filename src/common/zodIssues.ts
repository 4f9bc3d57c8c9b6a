import type { z } from 'zod';

/** A problem with one field of a request or a file, as HTTP clients and admins see it. */
export interface FieldProblem {
  field: string;
  message: string;
}

const fieldOf = (issue: z.core.$ZodIssue, whole: string): string =>
  issue.path.map(String).join('.') || ('keys' in issue && Array.isArray(issue.keys) ? issue.keys.join(',') : whole);

/** zod's issues as `{field, message}` details; `whole` names the input when the issue has no path. */
export function fieldProblems(error: z.ZodError, whole = '(body)', max = 50): FieldProblem[] {
  return error.issues.slice(0, max).map((issue) => ({ field: fieldOf(issue, whole), message: issue.message }));
}

/** The same issues as one line for a start-up error ("a.b: message; c: message"). */
export function describeIssues(error: z.ZodError, max = 10): string {
  return fieldProblems(error, '(root)', max)
    .map((p) => `${p.field}: ${p.message}`)
    .join('; ');
}

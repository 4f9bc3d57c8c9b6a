// Every state-changing call carries the session's CSRF token; the cookie itself is HttpOnly.
let csrf = '';
export const setCsrf = (token) => {
  csrf = token || '';
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || 'default';
    this.details = body?.details;
  }
}

/** fetch() for /api/admin: JSON in and out, If-Match when `version` is given. */
export async function api(method, path, { body, version, raw, type } = {}) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (version !== undefined) headers['If-Match'] = `"${version}"`;
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  if (res.status === 204) return undefined;
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

// Small helpers shared by the page's modules: element lookup, status messages, error texts.
import { ApiError } from './api.js';
import { t } from './i18n.js';

export const $ = (id) => document.getElementById(id);

export function message(el, text, ok) {
  el.textContent = text;
  el.className = ok ? 'ok' : 'ko';
  el.hidden = !text;
}

export function errorText(err) {
  if (!(err instanceof ApiError)) return t('admin.error.default', { message: String(err) });
  return t(
    `admin.error.${err.code}`,
    { retryAfter: err.details?.retryAfter ?? '', message: err.message },
    t('admin.error.default', { message: err.message }),
  );
}

/** Runs an API call; a lost session sends the user back to sign in, other errors show in `where`. */
export async function guarded(fn, where = $('flash')) {
  try {
    message(where, '', true);
    return await fn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) window.dispatchEvent(new Event('admin:signed-out'));
    else message(where, errorText(err), false);
    throw err;
  }
}

// Puts the server's `{field, message}` problems next to the fields that have that data-path.
import { t, has } from './i18n.js';

const keyOf = (parts) => parts.filter((p) => !/^\d+$/.test(p)).join('.');

/** Shows each `{field, message}` next to its field (or its closest group); returns what found no place. */
export function showErrors(container, details = []) {
  for (const el of container.querySelectorAll('.invalid')) el.classList.remove('invalid');
  for (const p of container.querySelectorAll('.field > .error')) {
    p.hidden = true;
    p.textContent = '';
  }
  const unplaced = [];
  let first;
  for (const { field, message } of details) {
    const parts = String(field).split('.');
    let target;
    for (let n = parts.length; n > 0 && !target; n--)
      target = container.querySelector(`[data-path="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (!target) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    const issueKey = `admin.issue.${keyOf(parts)}`;
    const p = target.querySelector(':scope > .error');
    target.classList.add('invalid');
    p.textContent = [p.textContent, has(issueKey) ? t(issueKey) : message].filter(Boolean).join(' ');
    p.hidden = false;
    first ??= target;
  }
  first?.scrollIntoView({ block: 'center' });
  first?.querySelector('input, select, textarea')?.focus();
  return unplaced;
}

// Builds the entry form from the directory's JSON Schema (GET /api/admin/schema, made from the
// zod schema the server validates with) and maps the server's field errors back next to each field.
import { t } from './i18n.js';

const SKIP = new Set(['version', 'updatedAt']);
const LONG = new Set(['accessibility', 'attests']);
let uid = 0;
const h = (tag, props = {}, ...children) => {
  const el = Object.assign(document.createElement(tag), props);
  for (const c of children) if (c) el.append(c);
  return el;
};
const optionLabel = (key, v) => t(`admin.enum.${key}.${v}`, {}, t(`themes.${v}`, {}, v));

function box(tag, key, control, required) {
  const id = `f${++uid}`;
  if (control) control.id = id;
  const label = t(`admin.field.${key}`, {}, key.split('.').at(-1));
  const head =
    tag === 'fieldset' ? h('legend', { textContent: label }) : h('label', { htmlFor: id, textContent: label });
  if (required) head.append(h('span', { className: 'muted', textContent: ` (${t('admin.edit.required')})` }));
  const el = h(tag, { className: 'field' }, head, control, h('p', { className: 'error', hidden: true, role: 'alert' }));
  return el;
}

const bind = (el, path) => {
  el.dataset.path = path.join('.');
};

function scalar(schema, value, key, required) {
  let control;
  if (schema.enum) {
    control = h('select');
    if (!required) control.append(h('option', { value: '', textContent: t('admin.edit.unset') }));
    for (const v of schema.enum) control.append(h('option', { value: v, textContent: optionLabel(key, v) }));
    control.value = value ?? (required ? schema.enum[0] : '');
  } else if (schema.type === 'boolean') {
    control = h('select');
    for (const [v, k] of [
      ['', 'admin.edit.unset'],
      ['true', 'admin.edit.yes'],
      ['false', 'admin.edit.no'],
    ])
      control.append(h('option', { value: v, textContent: t(k) }));
    control.value = value === undefined ? '' : String(value);
  } else {
    control = LONG.has(key.split('.').at(-1)) ? h('textarea') : h('input', { type: 'text' });
    control.value = value ?? '';
  }
  const el = box('div', key, control, required);
  return {
    el,
    control,
    read(path) {
      bind(el, path);
      const v = control.value.trim();
      if (v === '') return undefined;
      return schema.type === 'boolean' ? v === 'true' : v;
    },
  };
}

function localized(value, key, required, locales) {
  const texts = { ...(value ?? {}) };
  const shown = new Set(['fr', 'en', ...Object.keys(texts)]);
  const el = box('fieldset', key, null, required);
  const rows = h('div');
  const add = h('select');
  el.insertBefore(rows, el.lastChild);
  el.insertBefore(add, el.lastChild);
  const controls = new Map();
  const row = (lng) => {
    const area = h('textarea', { value: texts[lng] ?? '', id: `f${++uid}` });
    area.rows = 2;
    controls.set(lng, area);
    rows.append(h('label', { htmlFor: area.id, textContent: t(`admin.lang.${lng}`, {}, lng) }), area);
  };
  const refill = () => {
    add.replaceChildren(
      h('option', { value: '', textContent: t('admin.edit.add-language') }),
      ...locales
        .filter((l) => !controls.has(l))
        .map((l) => h('option', { value: l, textContent: t(`admin.lang.${l}`, {}, l) })),
    );
    add.hidden = add.options.length < 2;
  };
  for (const lng of locales) if (shown.has(lng)) row(lng);
  refill();
  add.addEventListener('change', () => {
    if (add.value) {
      row(add.value);
      refill();
    }
  });
  return {
    el,
    read(path) {
      bind(el, path);
      const out = {};
      for (const [lng, area] of controls) if (area.value.trim()) out[lng] = area.value.trim();
      return Object.keys(out).length ? out : undefined;
    },
  };
}

function list(schema, value, key, required, ctx) {
  const items = schema.items;
  if (items.enum) {
    const checks = items.enum.map((v) =>
      h(
        'label',
        { className: 'inline' },
        h('input', { type: 'checkbox', value: v, checked: (value ?? []).includes(v) }),
        optionLabel(key, v),
      ),
    );
    const el = box('fieldset', key, h('div', { className: 'checks' }, ...checks), required);
    return {
      el,
      read(path) {
        bind(el, path);
        return [...el.querySelectorAll('input:checked')].map((c) => c.value);
      },
    };
  }
  if (items.type === 'string') {
    const control = h('input', {
      type: 'text',
      value: (value ?? []).join(', '),
      placeholder: t('admin.edit.list-hint'),
    });
    const el = box('div', key, control, required);
    return {
      el,
      read(path) {
        bind(el, path);
        return control.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      },
    };
  }
  const el = box('fieldset', key, h('div'), required);
  const holder = el.querySelector('div');
  const children = [];
  const addItem = (v) => {
    const child = widget(items, v, key, false, { ...ctx, bare: true });
    const wrap = h('div', { className: 'item' }, child.el);
    const remove = h('button', { type: 'button', className: 'secondary', textContent: t('admin.edit.remove') });
    remove.addEventListener('click', () => {
      wrap.remove();
      children.splice(children.indexOf(child), 1);
    });
    wrap.append(remove);
    holder.append(wrap);
    children.push(child);
  };
  (value ?? []).forEach(addItem);
  const add = h('button', { type: 'button', className: 'secondary', textContent: t('admin.edit.add') });
  add.addEventListener('click', () => addItem(undefined));
  el.insertBefore(add, el.lastChild);
  return {
    el,
    read(path) {
      bind(el, path);
      const out = [];
      for (const child of children) {
        const v = child.read([...path, out.length]);
        if (v !== undefined) out.push(v);
      }
      return out;
    },
  };
}

function object(schema, value, key, required, ctx) {
  // An item of a list is a plain group: the list's legend already names it.
  const el = !key
    ? h('div')
    : ctx.bare
      ? h('div', { className: 'field' }, h('p', { className: 'error', hidden: true, role: 'alert' }))
      : box('fieldset', key, null, required);
  ctx = { ...ctx, bare: false };
  const req = new Set(schema.required ?? []);
  const children = [];
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (!key && SKIP.has(name)) continue;
    const child = widget(sub, value?.[name], key ? `${key}.${name}` : name, req.has(name), ctx);
    if (!key && name === 'id' && ctx.existing) child.control.disabled = true;
    el.insertBefore(child.el, key ? el.lastChild : null);
    children.push([name, child]);
  }
  return {
    el,
    read(path) {
      if (key) bind(el, path);
      const out = {};
      for (const [name, child] of children) {
        const v = child.read([...path, name]);
        if (v !== undefined) out[name] = v;
      }
      return key && !Object.keys(out).length ? undefined : out;
    },
  };
}

function widget(schema, value, key, required, ctx) {
  if (schema.type === 'object' && schema.additionalProperties && schema.properties?.fr)
    return localized(value, key, required, ctx.locales);
  if (schema.type === 'object') return object(schema, value, key, required, ctx);
  if (schema.type === 'array') return list(schema, value, key, required, ctx);
  return scalar(schema, value, key, required);
}

/** The form for `entry` (undefined: a new entry); `read()` returns the entry as the server expects it. */
export function buildForm(container, schema, locales, entry) {
  const root = object(schema, entry ?? { status: 'draft' }, '', false, { locales, existing: !!entry });
  container.replaceChildren(root.el);
  root.read([]); // gives every field its data-path at once
  return { read: () => root.read([]) };
}

// Payloads as formatted, collapsible JSON. Payloads arrive as serialized JSON text; text that isn't
// JSON is shown as it is. Every value is rendered as text.
import { h } from './element-builder.js';

const ARRAY_PAGE = 100;

function parse(text: unknown): { ok: true; value: unknown } | { ok: false; text: string } {
  if (typeof text !== 'string') return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, text };
  }
}

function scalar(value: unknown): HTMLElement {
  if (value === null) return h('span', { class: 'j-null' }, 'null');
  if (typeof value === 'string') return h('span', { class: 'j-str' }, JSON.stringify(value));
  if (typeof value === 'number') return h('span', { class: 'j-num' }, String(value));
  if (typeof value === 'boolean') return h('span', { class: 'j-bool' }, String(value));
  return h('span', null, String(value));
}

function node(key: string | null, value: unknown, depth: number, last: boolean): HTMLElement {
  const keyEl = key === null ? null : [h('span', { class: 'j-key' }, JSON.stringify(key)), ': '];
  const comma = last ? '' : ',';
  if (value === null || typeof value !== 'object') return h('div', { class: 'j-line' }, keyEl, scalar(value), comma);
  const isArray = Array.isArray(value);
  const entries: [string | null, unknown][] = isArray
    ? (value as unknown[]).map((v) => [null, v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return h('div', { class: 'j-line' }, keyEl, `${open}${close}${comma}`);
  const summary = isArray ? `${entries.length} items` : `${entries.length} keys`;
  const collapsed = depth >= 3;
  const children = h('div', { class: 'j-children' });
  const renderFrom = (start: number): void => {
    const end = Math.min(entries.length, start + ARRAY_PAGE);
    for (let i = start; i < end; i++) children.appendChild(node(entries[i]![0], entries[i]![1], depth + 1, i === entries.length - 1));
    if (end < entries.length) {
      const more = h(
        'button',
        { class: 'j-more', attrs: { type: 'button' }, on: { click: () => { more.remove(); renderFrom(end); } } },
        `show ${Math.min(ARRAY_PAGE, entries.length - end)} more of ${entries.length - end}`,
      );
      children.appendChild(more);
    }
  };
  let rendered = false;
  const wrap = h('div', { class: `j-node${collapsed ? ' collapsed' : ''}` });
  const toggle = h(
    'button',
    {
      class: 'j-toggle',
      attrs: { type: 'button', 'aria-label': 'expand or collapse' },
      on: {
        click: () => {
          wrap.classList.toggle('collapsed');
          if (!rendered) {
            rendered = true;
            renderFrom(0);
          }
        },
      },
    },
  );
  if (!collapsed) {
    rendered = true;
    renderFrom(0);
  }
  wrap.append(
    h('div', { class: 'j-line' }, toggle, keyEl, open, h('span', { class: 'j-summary' }, ` ${summary} `, close, comma)),
    children,
    h('div', { class: 'j-line j-close' }, close, comma),
  );
  return wrap;
}

/** A JSON viewer for a serialized payload, with Copy and Raw buttons. */
export function jsonView(payload: unknown, options: { emptyText?: string } = {}): HTMLElement {
  if (payload === null || payload === undefined || payload === '') {
    return h('div', { class: 'json-empty' }, options.emptyText ?? 'none');
  }
  const parsed = parse(payload);
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
  const body = h('div', { class: 'json-body' });
  const showTree = (): void => {
    body.replaceChildren(parsed.ok ? node(null, parsed.value, 0, true) : h('pre', { class: 'json-raw' }, parsed.text));
  };
  let rawMode = false;
  showTree();
  const rawButton = h('button', { class: 'btn-link', attrs: { type: 'button' } }, 'Raw');
  rawButton.addEventListener('click', () => {
    rawMode = !rawMode;
    rawButton.textContent = rawMode ? 'Tree' : 'Raw';
    if (rawMode) body.replaceChildren(h('pre', { class: 'json-raw' }, parsed.ok ? JSON.stringify(parsed.value, null, 2) : raw));
    else showTree();
  });
  const copyButton = h('button', { class: 'btn-link', attrs: { type: 'button' } }, 'Copy');
  copyButton.addEventListener('click', () => {
    void navigator.clipboard?.writeText(raw).then(() => {
      copyButton.textContent = 'Copied';
      setTimeout(() => (copyButton.textContent = 'Copy'), 1200);
    });
  });
  return h('div', { class: 'json-view' }, h('div', { class: 'json-tools' }, `${raw.length.toLocaleString('en-US')} chars`, rawButton, copyButton), body);
}

/** A one-line preview of a payload for tables. */
export function jsonPreview(payload: unknown, max = 120): string {
  if (payload === null || payload === undefined) return '';
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

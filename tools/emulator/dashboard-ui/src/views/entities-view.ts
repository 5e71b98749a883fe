// Durable entities of the task hub: id, state, lock holder, last change and queued operations.
import { api, type EntitySummary } from '../api-client.js';
import { formatAgo, formatTime } from '../display-format.js';
import { h } from '../element-builder.js';
import { jsonPreview, jsonView } from '../json-view.js';
import { instanceHref, replaceQuery } from '../routes.js';
import type { MountedView, ViewContext } from './view.js';

export function entitiesView(ctx: ViewContext): MountedView {
  const { route } = ctx;
  const hub = route.hub;
  const prefix = h('input', { class: 'mono entity-prefix', attrs: { type: 'search', placeholder: 'Entity ID prefix, e.g. @counter@', value: route.query.get('prefix') ?? '', 'aria-label': 'Entity ID prefix' } });
  const tbody = h('tbody');
  const inspector = h('aside', { class: 'inspector' }, h('div', { class: 'json-empty' }, 'Select an entity to see its state.'));
  const errorBox = h('div', { class: 'banner banner-error', attrs: { hidden: true, role: 'alert' } });
  const subtitle = h('span', { class: 'page-subtitle' });

  const show = (e: EntitySummary): void => {
    inspector.replaceChildren(
      h('div', { class: 'inspector-kind' }, 'Entity'),
      h('h3', { class: 'inspector-title mono' }, e.entityId),
      h(
        'dl',
        { class: 'facts compact' },
        h('dt', null, 'Last modified'),
        h('dd', null, formatTime(e.lastModifiedAt)),
        h('dt', null, 'Locked by'),
        h('dd', null, e.lockedBy ? h('a', { class: 'mono', attrs: { href: instanceHref(hub, e.lockedBy) } }, e.lockedBy) : 'not locked'),
        h('dt', null, 'Queued operations'),
        h('dd', null, String(e.backlogQueueSize)),
      ),
      h('h4', null, 'State'),
      jsonView(e.state, { emptyText: 'no state' }),
    );
  };

  const load = async (): Promise<void> => {
    try {
      const { entities } = await api.entities(hub, prefix.value.trim());
      errorBox.hidden = true;
      subtitle.textContent = `${entities.length} entit${entities.length === 1 ? 'y' : 'ies'} · task hub ${hub}`;
      tbody.replaceChildren(
        ...(entities.length > 0
          ? entities.map((e) => {
              const tr = h(
                'tr',
                { class: 'row-link' },
                h('td', { class: 'mono col-id' }, e.entityId),
                h('td', { class: 'mono preview' }, jsonPreview(e.state, 80)),
                h('td', null, e.lockedBy ? h('a', { class: 'mono', attrs: { href: instanceHref(hub, e.lockedBy) } }, e.lockedBy) : h('span', { class: 'muted' }, '—')),
                h('td', { class: 'col-time', title: formatTime(e.lastModifiedAt) }, formatAgo(e.lastModifiedAt)),
                h('td', { class: 'num' }, String(e.backlogQueueSize)),
              );
              tr.addEventListener('click', () => show(e));
              return tr;
            })
          : [h('tr', null, h('td', { class: 'empty', attrs: { colspan: 5 } }, h('div', { class: 'empty-title' }, 'No entities'), h('div', { class: 'empty-hint' }, 'Entities appear once an orchestration or client signals one.')))]),
      );
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
    }
  };
  let t: ReturnType<typeof setTimeout> | undefined;
  prefix.addEventListener('input', () => {
    if (t) clearTimeout(t);
    t = setTimeout(() => {
      const q = new URLSearchParams(route.query);
      if (prefix.value.trim()) q.set('prefix', prefix.value.trim());
      else q.delete('prefix');
      replaceQuery(route, q);
      void load();
    }, 300);
  });
  const timer = setInterval(() => void load(), 5000);
  void load();
  const element = h(
    'section',
    { class: 'page' },
    h('header', { class: 'page-header' }, h('div', null, h('h1', null, 'Entities'), subtitle)),
    h('div', { class: 'filters' }, prefix),
    errorBox,
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        { class: 'table-card' },
        h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['Entity ID', 'State', 'Locked by', 'Last modified', 'Queued'].map((c) => h('th', null, c)))), tbody),
      ),
      inspector,
    ),
  );
  return { element, dispose: () => clearInterval(timer) };
}

// The orchestrations list: counts by status (which double as a multi-status filter), filters, free-text
// search, sortable columns, server-side paging and live updates. The URL holds the whole state.
import { TERMINAL_STATUS_NAMES, type RuntimeStatusName } from '@durable-hosts/dts-protocol';
import { api, listFilters, type InstancePage, type InstanceSummary } from '../api-client.js';
import { toast } from '../action-dialog.js';
import { formatAgo, formatCount, formatTime, isoToLocalInput, localInputToIso } from '../display-format.js';
import { h } from '../element-builder.js';
import { live } from '../live-updates.js';
import { instanceHref, replaceQuery } from '../routes.js';
import { STATUSES, statusChip, statusClass } from '../status-chip.js';
import { instanceActions } from './instance-actions.js';
import { liveToggle } from './live-toggle.js';
import { listHistogram } from './list-histogram.js';
import { listSelection } from './list-selection.js';
import { openPurgeDialog } from './purge-dialog.js';
import { openStartDialog } from './start-orchestration-dialog.js';
import type { MountedView, ViewContext } from './view.js';

const COLUMNS: { key: string; label: string; sort?: string; className?: string }[] = [
  { key: 'select', label: '', className: 'col-select' },
  { key: 'instanceId', label: 'Instance ID', sort: 'instanceId', className: 'col-id' },
  { key: 'name', label: 'Name', sort: 'name' },
  { key: 'status', label: 'Status', sort: 'status' },
  { key: 'createdAt', label: 'Created', sort: 'createdAt' },
  { key: 'lastUpdatedAt', label: 'Last updated', sort: 'lastUpdatedAt' },
  { key: 'version', label: 'Version' },
  { key: 'tags', label: 'Tags' },
  { key: 'actions', label: '', className: 'col-actions' },
];
const PAGE_SIZES = ['25', '50', '100', '250'];
const MAIN_STATUSES: readonly RuntimeStatusName[] = ['Running', 'Pending', 'Suspended', ...TERMINAL_STATUS_NAMES];

function tagPills(tags: Record<string, string>): HTMLElement {
  return h(
    'span',
    { class: 'tags' },
    Object.entries(tags).map(([k, v]) => h('span', { class: 'tag', title: `${k}=${v}` }, h('span', { class: 'tag-key' }, k), h('span', { class: 'tag-value' }, v))),
  );
}

/** A name that may wrap after its separators (snake_case names have no other place to break). */
function breakable(name: string): (string | HTMLElement)[] {
  return name.split(/(?<=[_.\-/])/).flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), part]));
}

export function orchestrationsView(ctx: ViewContext): MountedView {
  const { route } = ctx;
  const hub = route.hub;
  let query = new URLSearchParams(route.query);
  let names: string[] = [];
  let lastPage: InstancePage | undefined;

  const setQuery = (mutate: (q: URLSearchParams) => void, resetPage = true): void => {
    const next = new URLSearchParams(query);
    mutate(next);
    if (resetPage) next.delete('page');
    for (const [k, v] of [...next.entries()]) if (v === '') next.delete(k);
    if (listFilters(next).toString() !== listFilters(query).toString()) selection.clear();
    query = next;
    replaceQuery(route, next);
    void load();
  };
  const selectedStatuses = (): string[] => (query.get('status') ?? '').split(',').filter(Boolean);

  // ---- header
  const toggle = liveToggle();
  const subtitle = h('span', { class: 'page-subtitle' });
  const newButton = h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'data-testid': 'new-orchestration' } }, '+ New orchestration');
  newButton.addEventListener('click', () => openStartDialog(hub, names));
  const refreshButton = h('button', { class: 'btn', attrs: { type: 'button' }, title: 'Refresh now' }, '↻ Refresh');
  refreshButton.addEventListener('click', () => void load());
  const linkButton = h('button', { class: 'btn btn-ghost', attrs: { type: 'button' }, title: 'Copy a link to this view with its filters' }, 'Copy link');
  linkButton.addEventListener('click', () => void navigator.clipboard?.writeText(location.href).then(() => toast('Link copied')));
  const purgeButton = h('button', { class: 'btn', attrs: { type: 'button' } }, 'Purge…');
  purgeButton.addEventListener('click', () => openPurgeDialog(hub, () => void load()));
  const header = h(
    'header',
    { class: 'page-header' },
    h('div', null, h('h1', null, 'Orchestrations'), subtitle),
    h('div', { class: 'page-actions' }, linkButton, toggle.element, refreshButton, purgeButton, newButton),
  );

  // ---- selection (batch actions) and the time histogram
  const selection = listSelection(hub, () => void load());
  const histogram = listHistogram(hub, (from, to) => {
    createdFrom.value = isoToLocalInput(from);
    createdTo.value = isoToLocalInput(to);
    setQuery((q) => {
      q.set('createdFrom', from ?? '');
      q.set('createdTo', to ?? '');
    });
  });

  // ---- status chips
  const statusBar = h('div', { class: 'status-bar', attrs: { role: 'toolbar', 'aria-label': 'Filter by status' } });
  const renderStatusBar = (counts: Record<string, number>, lowerBound: boolean): void => {
    const plus = lowerBound ? '+' : '';
    const selected = selectedStatuses();
    const all = Object.values(counts).reduce((a, b) => a + b, 0);
    const allButton = h(
      'button',
      { class: `status-filter${selected.length === 0 ? ' active' : ''}`, attrs: { type: 'button' } },
      h('span', { class: 'status-filter-label' }, 'All'),
      h('span', { class: 'status-filter-count' }, `${formatCount(all)}${plus}`),
    );
    allButton.addEventListener('click', () => setQuery((q) => q.delete('status')));
    const shown = STATUSES.filter((s) => MAIN_STATUSES.includes(s) || (counts[s] ?? 0) > 0 || selected.includes(s));
    const buttons = shown.map((status) => {
      const active = selected.includes(status);
      const b = h(
        'button',
        { class: `status-filter ${statusClass(status)}${active ? ' active' : ''}`, attrs: { type: 'button', 'aria-pressed': String(active) }, data: { status } },
        h('span', { class: 'dot' }),
        h('span', { class: 'status-filter-label' }, status),
        h('span', { class: 'status-filter-count' }, `${formatCount(counts[status] ?? 0)}${(counts[status] ?? 0) > 0 ? plus : ''}`),
      );
      // Each chip toggles its status in the filter, so several can be selected at once.
      b.addEventListener('click', () => {
        const next = active ? selected.filter((s) => s !== status) : [...selected, status];
        setQuery((q) => (next.length === 0 ? q.delete('status') : q.set('status', next.join(','))));
      });
      return b;
    });
    statusBar.replaceChildren(allButton, ...buttons);
  };

  // ---- filters
  const debounce = (fn: () => void, ms = 300): (() => void) => {
    let t: ReturnType<typeof setTimeout> | undefined;
    return () => {
      if (t) clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  };
  const textInput = (param: string, placeholder: string, className = ''): HTMLInputElement => {
    const input = h('input', { class: className, attrs: { type: 'search', placeholder, value: query.get(param) ?? '', 'aria-label': placeholder, 'data-filter': param } });
    input.addEventListener('input', debounce(() => setQuery((q) => q.set(param, input.value.trim()))));
    return input;
  };
  const search = textInput('q', 'Search id, name, tags, custom status…', 'filter-search');
  const nameSelect = h('select', { attrs: { 'aria-label': 'Orchestration name', 'data-filter': 'name' } });
  const renderNames = (): void => {
    const current = query.get('name') ?? '';
    const options = [h('option', { attrs: { value: '' } }, 'All names'), ...names.map((n) => h('option', { attrs: { value: n } }, n))];
    if (current && !names.includes(current)) options.push(h('option', { attrs: { value: current } }, current));
    nameSelect.replaceChildren(...options);
    nameSelect.value = current;
  };
  nameSelect.addEventListener('change', () => setQuery((q) => q.set('name', nameSelect.value)));
  const prefix = textInput('prefix', 'Instance ID prefix', 'mono');
  const tag = textInput('tag', 'Tag key or key=value');
  const dateInput = (param: string, label: string): HTMLInputElement => {
    const input = h('input', { attrs: { type: 'datetime-local', step: 1, value: isoToLocalInput(query.get(param)), 'aria-label': label, title: label, 'data-filter': param } });
    input.addEventListener('change', () => setQuery((q) => q.set(param, localInputToIso(input.value) ?? '')));
    return input;
  };
  const createdFrom = dateInput('createdFrom', 'Created from');
  const createdTo = dateInput('createdTo', 'Created to');
  const clearButton = h('button', { class: 'btn btn-ghost', attrs: { type: 'button' } }, 'Clear filters');
  clearButton.addEventListener('click', () => {
    for (const input of [search, prefix, tag, createdFrom, createdTo]) input.value = '';
    nameSelect.value = '';
    setQuery((q) => {
      for (const k of ['q', 'name', 'prefix', 'tag', 'createdFrom', 'createdTo', 'status']) q.delete(k);
    });
  });
  const filters = h(
    'div',
    { class: 'filters' },
    h('div', { class: 'search-box' }, h('span', { class: 'search-icon' }, '⌕'), search),
    nameSelect,
    prefix,
    tag,
    h('span', { class: 'range' }, h('span', { class: 'range-label' }, 'Created'), createdFrom, h('span', { class: 'range-sep' }, '→'), createdTo),
    clearButton,
  );

  // ---- table
  const thead = h('thead');
  const tbody = h('tbody');
  const renderHead = (): void => {
    const sort = query.get('sort') ?? 'createdAt';
    const order = query.get('order') ?? 'desc';
    thead.replaceChildren(
      h(
        'tr',
        null,
        COLUMNS.map((c) => {
          if (c.key === 'select') return h('th', { class: c.className ?? '' }, selection.headBox());
          if (!c.sort) return h('th', { class: c.className ?? '' }, c.label);
          const active = sort === c.sort;
          const th = h(
            'th',
            { class: `sortable ${active ? 'sorted' : ''} ${c.className ?? ''}`, attrs: { 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : 'none' } },
            c.label,
            h('span', { class: 'sort-mark' }, active ? (order === 'asc' ? '▲' : '▼') : '↕'),
          );
          th.addEventListener('click', () =>
            setQuery((q) => {
              const nextOrder = active ? (order === 'asc' ? 'desc' : 'asc') : c.sort === 'name' || c.sort === 'instanceId' ? 'asc' : 'desc';
              q.set('sort', c.sort!);
              q.set('order', nextOrder);
            }, false),
          );
          return th;
        }),
      ),
    );
  };
  const row = (i: InstanceSummary): HTMLElement => {
    const link = h('a', { class: 'mono id-link', attrs: { href: instanceHref(hub, i.instanceId) } }, i.instanceId);
    const tr = h(
      'tr',
      { class: 'row-link', data: { instanceId: i.instanceId } },
      h('td', { class: 'col-select' }, selection.rowBox(i.instanceId)),
      h('td', { class: 'col-id' }, link, i.parentInstanceId ? h('span', { class: 'badge-sub', title: `Sub-orchestration of ${i.parentInstanceId}` }, 'sub') : null),
      h('td', { class: 'col-name' }, breakable(i.name)),
      h('td', null, statusChip(i.runtimeStatus)),
      h('td', { class: 'col-time', title: formatTime(i.createdAt) }, formatTime(i.createdAt)),
      h('td', { class: 'col-time', title: formatTime(i.lastUpdatedAt) }, formatAgo(i.lastUpdatedAt)),
      h('td', { class: 'col-version mono' }, i.version ?? ''),
      h('td', { class: 'col-tags' }, tagPills(i.tags)),
      h('td', { class: 'col-actions' }, rowMenu(i)),
    );
    tr.addEventListener('click', (event) => {
      if ((event.target as HTMLElement).closest('a, .row-menu, .col-select')) return;
      location.hash = instanceHref(hub, i.instanceId);
    });
    return tr;
  };
  // The same actions as on the instance page, from a menu on each row.
  const rowMenu = (i: InstanceSummary): HTMLElement => {
    const menu = h('div', { class: 'row-menu' });
    // Clicks in the menu are not clicks on the row (which opens the instance).
    menu.addEventListener('click', (event) => event.stopPropagation());
    const button = h('button', { class: 'btn-icon row-menu-button', attrs: { type: 'button', 'aria-label': `Actions for ${i.instanceId}`, 'aria-haspopup': 'menu' } }, '⋯');
    button.addEventListener('click', () => {
      const open = menu.querySelector('.row-menu-popover');
      document.querySelectorAll('.row-menu-popover').forEach((p) => p.remove());
      if (open) return;
      const popover = h('div', { class: 'row-menu-popover', attrs: { role: 'menu' } }, instanceActions(hub, i, () => void load()));
      popover.addEventListener('click', () => popover.remove());
      menu.appendChild(popover);
    });
    menu.appendChild(button);
    return menu;
  };
  const empty = (): HTMLElement =>
    h(
      'tr',
      null,
      h(
        'td',
        { class: 'empty', attrs: { colspan: COLUMNS.length } },
        h('div', { class: 'empty-title' }, 'No orchestrations match'),
        h('div', { class: 'empty-hint' }, 'Start one with “+ New orchestration”, or connect a worker and schedule instances with a client.'),
      ),
    );
  const table = h('table', { class: 'grid' }, thead, tbody);
  const errorBox = h('div', { class: 'banner banner-error', attrs: { hidden: true, role: 'alert' } });

  // ---- pager
  const pager = h('footer', { class: 'pager' });
  const renderPager = (p: InstancePage): void => {
    const first = p.total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
    const last = Math.min(p.total, p.page * p.pageSize);
    const pages = p.maxPage;
    const ofTotal = `${formatCount(p.total)}${p.totalIsLowerBound ? '+' : ''}`;
    const prev = h('button', { class: 'btn', attrs: { type: 'button', disabled: p.page <= 1 } }, '‹ Prev');
    prev.addEventListener('click', () => setQuery((q) => q.set('page', String(p.page - 1)), false));
    const next = h('button', { class: 'btn', attrs: { type: 'button', disabled: p.page >= pages } }, 'Next ›');
    next.addEventListener('click', () => setQuery((q) => q.set('page', String(p.page + 1)), false));
    const size = h('select', { attrs: { 'aria-label': 'Rows per page' } }, PAGE_SIZES.map((s) => h('option', { attrs: { value: s } }, `${s} / page`)));
    size.value = String(p.pageSize);
    size.addEventListener('change', () => setQuery((q) => q.set('pageSize', size.value)));
    pager.replaceChildren(
      h('span', { class: 'pager-range' }, `${formatCount(first)}–${formatCount(last)} of ${ofTotal}`),
      ...(p.morePastMaxPage ? [h('span', { class: 'pager-hint' }, 'Paging stops here: narrow the filters or reverse the order to see further')] : []),
      h('span', { class: 'pager-pages' }, `Page ${formatCount(p.page)} of ${formatCount(pages)}`),
      size,
      prev,
      next,
    );
  };

  let loading = false;
  let again = false;
  const load = async (): Promise<void> => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      let page = await api.list(hub, query);
      if (page.page > page.maxPage) {
        // A link to a page past the end (the list shrank since): show the last page instead.
        const q = new URLSearchParams(query);
        if (page.maxPage > 1) q.set('page', String(page.maxPage));
        else q.delete('page');
        query = q;
        replaceQuery(route, q);
        page = await api.list(hub, query);
      }
      lastPage = page;
      errorBox.hidden = true;
      renderStatusBar(page.countsByStatus, page.totalIsLowerBound);
      renderHead();
      tbody.replaceChildren(...(page.instances.length > 0 ? page.instances.map(row) : [empty()]));
      renderPager(page);
      selection.update(page, query);
      void histogram.load(query);
      subtitle.textContent = `${formatCount(page.total)}${page.totalIsLowerBound ? '+' : ''} matching · task hub ${hub}`;
    } catch (err) {
      errorBox.textContent = (err as Error).message;
      errorBox.hidden = false;
    } finally {
      loading = false;
      if (again) {
        again = false;
        void load();
      }
    }
  };

  // A live refresh re-renders every row, which would close a row menu (or pull a row out from under an
  // open action dialog) while the user works with it: wait until the menu or dialog is gone.
  let deferred = false;
  const userIsActing = (): boolean => document.querySelector('.row-menu-popover, dialog[open]') !== null;
  const liveLoad = (): void => {
    if (userIsActing()) {
      deferred = true;
      return;
    }
    deferred = false;
    void load();
  };
  // Live updates: at most one refresh a second while changes stream in.
  let throttle: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = live.subscribe(() => {
    if (throttle) return;
    throttle = setTimeout(() => {
      throttle = undefined;
      liveLoad();
    }, 1000);
  });
  // "3 min ago" columns age even without changes; this also catches up a refresh deferred above.
  const ageTimer = setInterval(() => {
    if (lastPage && !live.paused) liveLoad();
  }, 30_000);

  const closeMenus = (event: MouseEvent): void => {
    if ((event.target as HTMLElement).closest('.row-menu')) return;
    document.querySelectorAll('.row-menu-popover').forEach((p) => p.remove());
    if (deferred && !live.paused) setTimeout(liveLoad, 0);
  };
  document.addEventListener('click', closeMenus);

  renderNames();
  void api.names(hub).then((r) => {
    names = r.names;
    renderNames();
  }, () => undefined);
  void load();

  const element = h(
    'section',
    { class: 'page page-orchestrations' },
    header,
    statusBar,
    filters,
    histogram.element,
    errorBox,
    selection.bar,
    h('div', { class: 'table-card' }, table, pager),
  );
  return {
    element,
    dispose() {
      toggle.dispose();
      unsubscribe();
      document.removeEventListener('click', closeMenus);
      clearInterval(ageTimer);
      if (throttle) clearTimeout(throttle);
    },
  };
}

// Which rows of the orchestration list are selected — chosen ids (kept across pages), or "all matching
// the filter" — with the bar that says so and offers the batch actions.
import { listFilters, type InstancePage } from '../api-client.js';
import { formatCount } from '../display-format.js';
import { h } from '../element-builder.js';
import { openBatchDialog, type BatchAction, type BatchSelection } from './batch-dialog.js';

const ACTIONS: [BatchAction, string, string][] = [
  ['suspend', 'Suspend', ''],
  ['resume', 'Resume', ''],
  ['restart', 'Restart', ''],
  ['terminate', 'Terminate', 'btn-danger-outline'],
  ['purge', 'Purge', 'btn-danger-outline'],
];

export interface ListSelection {
  bar: HTMLElement;
  /** The checkbox for a row. */
  rowBox(instanceId: string): HTMLInputElement;
  /** The header checkbox, for every row of the page. */
  headBox(): HTMLInputElement;
  /** After each load: the page shown and the query it answered. */
  update(page: InstancePage, query: URLSearchParams): void;
  /** The filters changed: a selection made under the old ones no longer says what the user meant. */
  clear(): void;
}

export function listSelection(hub: string, onBatchDone: () => void): ListSelection {
  const chosen = new Set<string>();
  let allMatching = false;
  let page: InstancePage | undefined;
  let query = new URLSearchParams();
  const rowBoxes = new Map<string, HTMLInputElement>();
  const head = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Select every instance on this page', 'data-testid': 'select-page' } });
  const bar = h('div', { class: 'selection-bar', attrs: { role: 'region', 'aria-label': 'Selection', hidden: true } });

  const filterOf = (): Record<string, string[]> => {
    const filter: Record<string, string[]> = {};
    for (const [key, value] of listFilters(query)) (filter[key] ??= []).push(value);
    return filter;
  };
  const selection = (): BatchSelection =>
    allMatching && page
      ? { filter: filterOf(), count: page.total, countIsLowerBound: page.totalIsLowerBound }
      : { instanceIds: [...chosen] };

  const render = (): void => {
    const onPage = page?.instances.map((i) => i.instanceId) ?? [];
    for (const [id, box] of rowBoxes) box.checked = allMatching || chosen.has(id);
    const pageChosen = onPage.filter((id) => allMatching || chosen.has(id)).length;
    head.checked = onPage.length > 0 && pageChosen === onPage.length;
    head.indeterminate = pageChosen > 0 && pageChosen < onPage.length;
    const count = allMatching ? (page?.total ?? 0) : chosen.size;
    bar.hidden = count === 0;
    if (count === 0) return bar.replaceChildren();
    const total = page ? `${formatCount(page.total)}${page.totalIsLowerBound ? '+' : ''}` : '';
    const scope = allMatching
      ? h('span', { class: 'selection-count' }, `All ${total} matching the filter selected`)
      : h('span', { class: 'selection-count' }, `${formatCount(count)} selected`);
    const widen =
      !allMatching && page && head.checked && page.total > onPage.length
        ? h('button', { class: 'btn-link', attrs: { type: 'button', 'data-testid': 'select-all-matching' }, on: { click: () => ((allMatching = true), render()) } }, `Select all ${total} matching the filter`)
        : null;
    const clearButton = h('button', { class: 'btn-link', attrs: { type: 'button' }, on: { click: () => self.clear() } }, 'Clear selection');
    bar.replaceChildren(
      scope,
      widen ?? '',
      clearButton,
      h(
        'span',
        { class: 'selection-actions' },
        ACTIONS.map(([action, label, kind]) =>
          h('button', { class: `btn ${kind}`, attrs: { type: 'button', 'data-batch': action }, on: { click: () => openBatchDialog(hub, action, selection(), () => (self.clear(), onBatchDone())) } }, `${label}…`),
        ),
      ),
    );
  };

  head.addEventListener('change', () => {
    const onPage = page?.instances.map((i) => i.instanceId) ?? [];
    if (head.checked) for (const id of onPage) chosen.add(id);
    else {
      allMatching = false;
      for (const id of onPage) chosen.delete(id);
    }
    render();
  });

  const self: ListSelection = {
    bar,
    rowBox(instanceId) {
      const box = h('input', { attrs: { type: 'checkbox', 'aria-label': `Select ${instanceId}` }, data: { select: instanceId } });
      box.addEventListener('click', (event) => event.stopPropagation());
      box.addEventListener('change', () => {
        if (allMatching) {
          // Unticking one row of "all matching" falls back to the rows on this page, less that one.
          allMatching = false;
          for (const i of page?.instances ?? []) chosen.add(i.instanceId);
        }
        if (box.checked) chosen.add(instanceId);
        else chosen.delete(instanceId);
        render();
      });
      rowBoxes.set(instanceId, box);
      return box;
    },
    headBox: () => head,
    update(next, nextQuery) {
      page = next;
      query = new URLSearchParams(nextQuery);
      for (const id of [...rowBoxes.keys()]) if (!next.instances.some((i) => i.instanceId === id)) rowBoxes.delete(id);
      render();
    },
    clear() {
      chosen.clear();
      allMatching = false;
      render();
    },
  };
  return self;
}

// One action on a selection of instances: a confirmation that names how many, then the batch's progress
// as the server works through it in pages, then what happened to each instance (done, not found, not
// allowed in its state, with the reason). Errors are the server's words.
import { api, type Batch, type BatchOutcome } from '../api-client.js';
import { field, openDialog } from '../action-dialog.js';
import { formatCount } from '../display-format.js';
import { h } from '../element-builder.js';
import { instanceHref } from '../routes.js';
import { virtualList } from '../virtual-list.js';

export type BatchAction = 'terminate' | 'suspend' | 'resume' | 'restart' | 'purge';

/** Listed ids, or everything the list's filters match (`filter` holds the list's query parameters). */
export type BatchSelection = { instanceIds: string[] } | { filter: Record<string, string[]>; count: number; countIsLowerBound: boolean };

const VERB: Record<BatchAction, string> = { terminate: 'Terminate', suspend: 'Suspend', resume: 'Resume', restart: 'Restart', purge: 'Purge' };
const OUTCOME: Record<BatchOutcome, string> = { done: 'Done', notFound: 'Not found', notAllowed: 'Not allowed', failed: 'Failed' };
const POLL_MS = 250;
const RESULTS_PAGE = 10_000;
const RESULT_ROW = 30;

const plural = (n: number, one: string): string => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;

function progressView(batch: Batch, onStop: () => void): HTMLElement {
  const total = Math.max(batch.total, batch.processed);
  const counts = (Object.keys(OUTCOME) as BatchOutcome[])
    .filter((o) => o === 'done' || batch.counts[o] > 0)
    .map((o) => h('span', { class: `batch-count outcome-${o}` }, `${formatCount(batch.counts[o])} ${OUTCOME[o].toLowerCase()}`));
  const state =
    batch.state === 'running'
      ? `Working… ${formatCount(batch.processed)} of ${formatCount(total)}`
      : batch.state === 'canceled'
        ? `Stopped after ${formatCount(batch.processed)} of ${formatCount(total)}`
        : batch.state === 'failed'
          ? (batch.error ?? 'The batch stopped.')
          : `Finished: ${formatCount(batch.processed)} of ${formatCount(total)}`;
  return h(
    'div',
    { class: 'batch-progress', data: { batchId: batch.batchId } },
    h('progress', { attrs: { max: total || 1, value: batch.processed, 'aria-label': 'Batch progress' } }),
    h('div', { class: 'batch-state', attrs: { role: 'status' } }, state),
    h('div', { class: 'batch-counts' }, counts),
    batch.state === 'running'
      ? h('button', { class: 'btn', attrs: { type: 'button', 'data-action': 'stop-batch' }, on: { click: onStop } }, 'Stop after this page')
      : null,
  );
}

function resultsView(hub: string, results: NonNullable<Batch['results']>): HTMLElement {
  // What was not done comes first: that is what the user has to look at.
  const order: Record<BatchOutcome, number> = { failed: 0, notAllowed: 1, notFound: 2, done: 3 };
  const rows = [...results].sort((a, b) => order[a.outcome] - order[b.outcome]);
  const list = virtualList(RESULT_ROW, (i) => {
    const r = rows[i]!;
    return h(
      'div',
      { class: `batch-result outcome-${r.outcome}`, data: { instanceId: r.instanceId, outcome: r.outcome } },
      h('a', { class: 'mono batch-result-id', attrs: { href: instanceHref(hub, r.newInstanceId ?? r.instanceId) }, title: r.instanceId }, r.instanceId),
      h('span', { class: `batch-outcome outcome-${r.outcome}` }, OUTCOME[r.outcome]),
      h('span', { class: 'batch-message', title: r.message ?? '' }, r.newInstanceId ? `started as ${r.newInstanceId}` : (r.message ?? '')),
    );
  }, 'batch-results');
  list.setCount(rows.length);
  return h('div', { class: 'batch-results-box' }, h('h3', { class: 'batch-results-title' }, 'Per instance'), list.element);
}

async function allResults(hub: string, batch: Batch): Promise<NonNullable<Batch['results']>> {
  const out: NonNullable<Batch['results']> = [];
  for (let offset = 0; offset < batch.processed; offset += RESULTS_PAGE) {
    out.push(...((await api.batch(hub, batch.batchId, offset, RESULTS_PAGE)).results ?? []));
  }
  return out;
}

export function openBatchDialog(hub: string, action: BatchAction, selection: BatchSelection, onClosed: () => void): void {
  const count = 'instanceIds' in selection ? selection.instanceIds.length : selection.count;
  const what =
    'instanceIds' in selection
      ? `the ${plural(count, 'selected instance')}`
      : `all ${formatCount(count)}${selection.countIsLowerBound ? '+' : ''} instances matching the filter (instances started from now on are left alone)`;
  const reason = h('input', { attrs: { name: 'reason', placeholder: action === 'terminate' ? 'Optional reason, becomes the output' : 'Optional reason', autocomplete: 'off' } });
  const recursive = h('input', { attrs: { type: 'checkbox', name: 'recursive', checked: true } });
  const newId = h('input', { attrs: { type: 'checkbox', name: 'newInstanceId', checked: true } });
  const options: HTMLElement[] = [];
  if (action === 'terminate' || action === 'suspend' || action === 'resume') options.push(field('Reason', reason));
  if (action === 'terminate') options.push(h('label', { class: 'check' }, recursive, 'Also terminate their sub-orchestrations'));
  if (action === 'purge') options.push(h('label', { class: 'check' }, recursive, 'Also purge their sub-orchestrations'));
  if (action === 'restart') options.push(h('label', { class: 'check' }, newId, 'Give each a new instance ID (otherwise only finished instances restart, under their ID)'));
  const body = h(
    'div',
    { class: 'batch-body' },
    h('p', { class: 'dialog-text' }, `${VERB[action]}s ${what} in task hub ${hub}.`, action === 'purge' ? ' Purged instances and their history are deleted; this cannot be undone.' : ''),
    h('p', { class: 'dialog-text' }, 'Instances this does not apply to (already finished, not suspended, gone) are reported one by one, not changed.'),
    options,
  );
  let batch: Batch | undefined;
  // Closing the dialog stops watching; the batch itself carries on unless stopped.
  let watching = true;
  const stopBatch = (): void => {
    if (batch?.state === 'running') void api.cancelBatch(hub, batch.batchId).catch((err: Error) => body.append(h('div', { class: 'dialog-error', attrs: { role: 'alert' } }, err.message)));
  };
  openDialog({
    title: `${VERB[action]} ${plural(count, 'instance')}`,
    confirmLabel: `${VERB[action]} ${plural(count, 'instance')}`,
    danger: action === 'terminate' || action === 'purge',
    wide: true,
    body,
    onConfirm: async () => {
      batch = await api.startBatch(hub, {
        action,
        ...('instanceIds' in selection ? { instanceIds: selection.instanceIds } : { filter: selection.filter }),
        reason: reason.value.trim() || undefined,
        recursive: recursive.checked,
        newInstanceId: newId.checked,
      });
      let current = batch;
      body.replaceChildren(progressView(current, stopBatch));
      void (async () => {
        try {
          while (current.state === 'running' && watching) {
            await new Promise((r) => setTimeout(r, POLL_MS));
            current = batch = await api.batch(hub, current.batchId);
            body.replaceChildren(progressView(current, stopBatch));
          }
          if (!watching) return;
          body.replaceChildren(progressView(current, stopBatch), resultsView(hub, await allResults(hub, current)));
        } catch (err) {
          body.append(h('div', { class: 'dialog-error', attrs: { role: 'alert' } }, (err as Error).message));
        }
      })();
      return 'stay';
    },
    onClose: () => {
      watching = false;
      onClosed();
    },
  });
}

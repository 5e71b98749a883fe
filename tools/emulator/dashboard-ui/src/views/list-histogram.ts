// The time histogram above the orchestration list: instances of the filtered list started per interval,
// stacked by status. Dragging across it (or choosing one bar, by mouse or keyboard) narrows the list's
// created range to that time.
import { api, listFilters, type Histogram } from '../api-client.js';
import { formatCount, formatDuration } from '../display-format.js';
import { h } from '../element-builder.js';
import { STATUSES, statusClass } from '../status-chip.js';

const BUCKETS = 60;

export interface ListHistogram {
  element: HTMLElement;
  load(listQuery: URLSearchParams): Promise<void>;
}

const pad = (n: number): string => String(n).padStart(2, '0');
function tickLabel(ms: number, intervalMs: number): string {
  const d = new Date(ms);
  const seconds = intervalMs < 1000 ? `${pad(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}` : pad(d.getSeconds());
  const time = intervalMs < 60_000 ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${seconds}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return intervalMs >= 86_400_000 ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** `onRange` receives the chosen range as ISO times, the end inclusive; null for both clears it. */
export function listHistogram(hub: string, onRange: (from: string | null, to: string | null) => void): ListHistogram {
  const plot = h('div', { class: 'histo-plot', attrs: { role: 'group', 'aria-label': 'Instances started over time; choose a bar or drag across bars to narrow the list' } });
  const axis = h('div', { class: 'histo-axis' });
  const caption = h('span', { class: 'histo-caption' });
  const reset = h('button', { class: 'btn btn-ghost', attrs: { type: 'button', hidden: true, 'data-testid': 'histogram-reset' } }, 'Show all times');
  reset.addEventListener('click', () => onRange(null, null));
  const brush = h('div', { class: 'histo-brush', attrs: { hidden: true } });
  const element = h(
    'section',
    { class: 'card histo-card', attrs: { 'aria-label': 'Started over time' } },
    h('div', { class: 'card-title histo-title' }, 'Started over time', caption, reset),
    h('div', { class: 'histo-frame' }, plot, brush),
    axis,
  );
  let current: Histogram | undefined;
  let sequence = 0;

  const bucketRange = (first: number, last: number): [string, string] => {
    const h0 = current!;
    const [a, b] = first <= last ? [first, last] : [last, first];
    const from = Date.parse(h0.buckets[a]!.start);
    const to = Date.parse(h0.buckets[b]!.start) + h0.intervalMs - 1;
    return [new Date(from).toISOString(), new Date(to).toISOString()];
  };
  const indexAt = (clientX: number): number => {
    const box = plot.getBoundingClientRect();
    const n = current?.buckets.length ?? 1;
    return Math.min(n - 1, Math.max(0, Math.floor(((clientX - box.left) / box.width) * n)));
  };

  // Dragging: a pointer pressed on the plot and moved draws the brush; released, it narrows the range.
  let dragFrom: { x: number; index: number } | undefined;
  let dragged = false;
  plot.addEventListener('pointerdown', (event) => {
    if (!current || current.buckets.length === 0 || event.button !== 0) return;
    dragFrom = { x: event.clientX, index: indexAt(event.clientX) };
    dragged = false;
    plot.setPointerCapture(event.pointerId);
  });
  plot.addEventListener('pointermove', (event) => {
    if (!dragFrom) return;
    if (Math.abs(event.clientX - dragFrom.x) < 4 && !dragged) return;
    dragged = true;
    const box = plot.getBoundingClientRect();
    const left = Math.max(box.left, Math.min(dragFrom.x, event.clientX));
    const right = Math.min(box.right, Math.max(dragFrom.x, event.clientX));
    brush.hidden = false;
    brush.style.left = `${left - box.left}px`;
    brush.style.width = `${right - left}px`;
  });
  plot.addEventListener('pointerup', (event) => {
    if (!dragFrom) return;
    const start = dragFrom.index;
    dragFrom = undefined;
    brush.hidden = true;
    // A press without a drag chose the bar under it.
    onRange(...bucketRange(start, dragged ? indexAt(event.clientX) : start));
  });

  const render = (histogram: Histogram, listQuery: URLSearchParams): void => {
    current = histogram;
    const ranged = listQuery.has('createdFrom') || listQuery.has('createdTo');
    reset.hidden = !ranged;
    const max = Math.max(1, ...histogram.buckets.map((b) => b.total));
    caption.textContent = histogram.buckets.length
      ? `${formatCount(histogram.total)} started · per ${formatDuration(histogram.intervalMs)} · tallest bar ${formatCount(max)}`
      : 'nothing started in this range';
    plot.replaceChildren(
      ...histogram.buckets.map((bucket, i) => {
        const start = Date.parse(bucket.start);
        const parts = STATUSES.filter((s) => (bucket.counts[s] ?? 0) > 0);
        const label = `${tickLabel(start, histogram.intervalMs)}: ${formatCount(bucket.total)} started${parts.length ? ` (${parts.map((s) => `${formatCount(bucket.counts[s]!)} ${s}`).join(', ')})` : ''}`;
        const column = h(
          'button',
          { class: 'histo-col', attrs: { type: 'button', 'aria-label': label }, title: label, data: { start: bucket.start, total: String(bucket.total) } },
          parts.map((s) => h('span', { class: `histo-seg ${statusClass(s)}`, data: { status: s }, style: { height: `${((bucket.counts[s] ?? 0) / max) * 100}%` } })),
        );
        // Enter or Space on a bar (a pointer press is handled by the plot, which captures the pointer).
        column.addEventListener('click', (event) => {
          if (event.detail === 0) onRange(...bucketRange(i, i));
        });
        return column;
      }),
    );
    const first = histogram.from ? Date.parse(histogram.from) : undefined;
    const last = histogram.to ? Date.parse(histogram.to) : undefined;
    axis.replaceChildren(
      ...(first !== undefined && last !== undefined
        ? [h('span', null, tickLabel(first, histogram.intervalMs)), h('span', null, tickLabel((first + last) / 2, histogram.intervalMs)), h('span', null, tickLabel(last, histogram.intervalMs))]
        : []),
    );
  };

  return {
    element,
    async load(listQuery) {
      const query = listFilters(listQuery);
      query.set('buckets', String(BUCKETS));
      const mine = ++sequence;
      try {
        const histogram = await api.histogram(hub, query);
        if (mine === sequence) render(histogram, listQuery);
      } catch (err) {
        if (mine === sequence) caption.textContent = (err as Error).message;
      }
    },
  };
}

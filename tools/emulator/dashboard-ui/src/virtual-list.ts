// Renders only the rows in view (plus a margin), so a history of 10,000 events scrolls smoothly.
import { h } from './element-builder.js';

export interface VirtualList {
  element: HTMLElement;
  setCount(count: number): void;
  refresh(): void;
  scrollToIndex(index: number): void;
}

export function virtualList(rowHeight: number, renderRow: (index: number) => HTMLElement, className = ''): VirtualList {
  const spacer = h('div', { class: 'vlist-spacer' });
  const rows = h('div', { class: 'vlist-rows' });
  const element = h('div', { class: `vlist ${className}` }, spacer, rows);
  let count = 0;
  let scheduled = false;
  const render = (): void => {
    scheduled = false;
    const height = element.clientHeight || 600;
    const first = Math.max(0, Math.floor(element.scrollTop / rowHeight) - 10);
    const last = Math.min(count, Math.ceil((element.scrollTop + height) / rowHeight) + 10);
    rows.style.transform = `translateY(${first * rowHeight}px)`;
    const nodes: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = renderRow(i);
      row.style.height = `${rowHeight}px`;
      nodes.push(row);
    }
    rows.replaceChildren(...nodes);
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };
  element.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(schedule).observe(element);
  return {
    element,
    setCount(n) {
      count = n;
      spacer.style.height = `${n * rowHeight}px`;
      // Short lists take their own height; long ones scroll within the CSS max-height.
      element.style.height = `${Math.max(n, 1) * rowHeight + 2}px`;
      render();
    },
    refresh: render,
    scrollToIndex(index) {
      element.scrollTop = Math.max(0, index * rowHeight - element.clientHeight / 2);
      render();
    },
  };
}

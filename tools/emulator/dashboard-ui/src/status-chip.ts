// The coloured runtime-status chip used in lists, headers and filters.
import { h } from './element-builder.js';

export const STATUSES = ['Running', 'Pending', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Canceled'];

export function statusClass(status: string): string {
  return `status-${status.toLowerCase()}`;
}

export function statusChip(status: string): HTMLElement {
  return h('span', { class: `chip ${statusClass(status)}`, data: { status } }, h('span', { class: 'dot' }), status);
}

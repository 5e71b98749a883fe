// The coloured runtime-status chip used in lists, headers and filters.
import type { RuntimeStatusName } from '@durable-hosts/dts-protocol';
import { h } from './element-builder.js';

/** Every status name (dts-protocol's), in the order lists and filters show them. */
export const STATUSES: readonly RuntimeStatusName[] = ['Running', 'Pending', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Canceled'];

export function statusClass(status: string): string {
  return `status-${status.toLowerCase()}`;
}

export function statusChip(status: string): HTMLElement {
  return h('span', { class: `chip ${statusClass(status)}`, data: { status } }, h('span', { class: 'dot' }), status);
}

// Purge by filter: the finished instances of chosen statuses created in a range, after a confirmation.
import { TERMINAL_STATUS_NAMES } from '@durable-hosts/dts-protocol';
import { api } from '../api-client.js';
import { field, openDialog, toast } from '../action-dialog.js';
import { formatCount, localInputToIso } from '../display-format.js';
import { h } from '../element-builder.js';
import { statusChip } from '../status-chip.js';

export function openPurgeDialog(hub: string, done: () => void): void {
  const boxes = TERMINAL_STATUS_NAMES.map((s) => {
    const box = h('input', { attrs: { type: 'checkbox', value: s, checked: true } });
    return { s, box, label: h('label', { class: 'check' }, box, statusChip(s)) };
  });
  const from = h('input', { attrs: { type: 'datetime-local' } });
  const to = h('input', { attrs: { type: 'datetime-local' } });
  const recursive = h('input', { attrs: { type: 'checkbox' } });
  openDialog({
    title: 'Purge finished orchestrations',
    confirmLabel: 'Purge',
    danger: true,
    body: [
      h('p', { class: 'dialog-text' }, `Deletes the matching instances of task hub ${hub} with their history. This cannot be undone.`),
      field('Statuses', h('div', { class: 'check-row' }, boxes.map((b) => b.label))),
      h('div', { class: 'field-row' }, field('Created from', from), field('Created to', to)),
      h('label', { class: 'check' }, recursive, 'Also purge their sub-orchestrations'),
    ],
    onConfirm: async () => {
      const statuses = boxes.filter((b) => b.box.checked).map((b) => b.s);
      if (statuses.length === 0) throw new Error('Choose at least one status to purge.');
      const result = await api.purge(hub, {
        statuses,
        createdFrom: localInputToIso(from.value),
        createdTo: localInputToIso(to.value),
        recursive: recursive.checked,
      });
      toast(`Purged ${formatCount(result.purged)} instance${result.purged === 1 ? '' : 's'}`);
      done();
    },
  });
}

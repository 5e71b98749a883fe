// The actions on one instance, each behind a confirmation that shows the server's error verbatim.
import { TERMINAL_STATUS_NAMES } from '@durable-hosts/dts-protocol';
import { api, type InstanceSummary } from '../api-client.js';
import { field, openDialog, toast } from '../action-dialog.js';
import { h } from '../element-builder.js';
import { href, instanceHref } from '../routes.js';

const TERMINAL: readonly string[] = TERMINAL_STATUS_NAMES;

function reasonInput(placeholder: string): HTMLInputElement {
  return h('input', { attrs: { name: 'reason', placeholder, autocomplete: 'off' } });
}

export function instanceActions(hub: string, instance: InstanceSummary, refresh: () => void): HTMLElement {
  const id = instance.instanceId;
  const status = instance.runtimeStatus;
  const terminal = TERMINAL.includes(status);
  const intro = (text: string): HTMLElement => h('p', { class: 'dialog-text' }, text, ' ', h('span', { class: 'mono' }, id));
  const run = async (action: string, body: Record<string, unknown>, done: string): Promise<void> => {
    await api.action(hub, id, action, body);
    toast(done);
    refresh();
  };
  const button = (label: string, testId: string, onClick: () => void, kind = ''): HTMLElement =>
    h('button', { class: `btn ${kind}`, attrs: { type: 'button', 'data-action': testId }, on: { click: onClick } }, label);

  const buttons: HTMLElement[] = [];
  if (!terminal) {
    buttons.push(
      button('Raise event', 'raise-event', () => {
        const name = h('input', { attrs: { name: 'eventName', required: true, placeholder: 'e.g. approval', autocomplete: 'off' } });
        const data = h('textarea', { class: 'mono', attrs: { name: 'eventData', rows: 4, placeholder: '{"approved": true}', spellcheck: 'false' } });
        openDialog({
          title: 'Raise event',
          confirmLabel: 'Raise event',
          body: [intro('Sends an external event to'), field('Event name', name), field('Payload (JSON)', data, 'Optional.')],
          onConfirm: () => run('raise-event', { name: name.value.trim(), data: data.value.trim() || undefined }, `Raised ${name.value.trim()}`),
        });
      }),
    );
    if (status === 'Suspended') {
      buttons.push(
        button('Resume', 'resume', () => {
          const reason = reasonInput('Optional reason');
          openDialog({ title: 'Resume', confirmLabel: 'Resume', body: [intro('Resumes'), field('Reason', reason)], onConfirm: () => run('resume', { reason: reason.value || undefined }, 'Resumed') });
        }),
      );
    } else {
      buttons.push(
        button('Suspend', 'suspend', () => {
          const reason = reasonInput('Optional reason');
          openDialog({ title: 'Suspend', confirmLabel: 'Suspend', body: [intro('Suspends'), field('Reason', reason)], onConfirm: () => run('suspend', { reason: reason.value || undefined }, 'Suspended') });
        }),
      );
    }
    buttons.push(
      button(
        'Terminate',
        'terminate',
        () => {
          const reason = reasonInput('Optional reason, becomes the output');
          const recursive = h('input', { attrs: { type: 'checkbox', checked: true } });
          openDialog({
            title: 'Terminate',
            confirmLabel: 'Terminate',
            danger: true,
            body: [intro('Stops'), field('Reason', reason), h('label', { class: 'check' }, recursive, 'Also terminate its sub-orchestrations')],
            onConfirm: () => run('terminate', { reason: reason.value || undefined, recursive: recursive.checked }, 'Terminated'),
          });
        },
        'btn-danger-outline',
      ),
    );
  }
  if (status === 'Failed') {
    buttons.push(
      button('Rewind', 'rewind', () => {
        const reason = reasonInput('Optional reason');
        openDialog({
          title: 'Rewind',
          confirmLabel: 'Rewind',
          body: [intro('Replays the failed instance from its last good state, retrying what failed:'), field('Reason', reason)],
          onConfirm: () => run('rewind', { reason: reason.value || undefined }, 'Rewinding'),
        });
      }),
    );
  }
  buttons.push(
    button('Restart', 'restart', () => {
      const sameId = h('input', { attrs: { type: 'radio', name: 'restart-id', value: 'same', checked: terminal, disabled: !terminal } });
      const newId = h('input', { attrs: { type: 'radio', name: 'restart-id', value: 'new', checked: !terminal } });
      openDialog({
        title: 'Restart',
        confirmLabel: 'Restart',
        body: [
          intro('Starts the orchestration again with the same name and input as'),
          h('label', { class: 'check' }, sameId, 'Reuse the instance ID', terminal ? '' : ' (only once it has finished)'),
          h('label', { class: 'check' }, newId, 'Use a new instance ID'),
        ],
        onConfirm: async () => {
          const result = await api.action(hub, id, 'restart', { newInstanceId: newId.checked });
          toast(`Restarted as ${result.instanceId}`);
          if (result.instanceId !== id) location.hash = instanceHref(hub, result.instanceId);
          else refresh();
        },
      });
    }),
  );
  if (terminal) {
    buttons.push(
      button(
        'Purge',
        'purge',
        () => {
          const recursive = h('input', { attrs: { type: 'checkbox', checked: true } });
          openDialog({
            title: 'Purge',
            confirmLabel: 'Purge',
            danger: true,
            body: [intro('Deletes the instance and its history. This cannot be undone:'), h('label', { class: 'check' }, recursive, 'Also purge its sub-orchestrations')],
            onConfirm: async () => {
              await api.action(hub, id, 'purge', { recursive: recursive.checked });
              toast(`Purged ${id}`);
              location.hash = href(hub, 'orchestrations');
            },
          });
        },
        'btn-danger-outline',
      ),
    );
  }
  return h('div', { class: 'page-actions' }, buttons);
}

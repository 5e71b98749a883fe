// A modal that asks before acting and shows the server's error verbatim if the action fails.
import { h, type Child } from './element-builder.js';

export interface DialogOptions {
  title: string;
  body?: Child;
  confirmLabel: string;
  danger?: boolean;
  /** A wider dialog, for results. */
  wide?: boolean;
  /**
   * Runs the action; throwing keeps the dialog open with the error message shown as text. Answering
   * 'stay' keeps it open too, with only a Close button (the action shows its outcome in the dialog).
   */
  onConfirm: () => Promise<void | 'stay'>;
  /** Called once the dialog is closed, however it was. */
  onClose?: () => void;
}

export function openDialog(options: DialogOptions): HTMLDialogElement {
  const error = h('div', { class: 'dialog-error', attrs: { role: 'alert', hidden: true } });
  const confirm = h('button', { class: `btn ${options.danger ? 'btn-danger' : 'btn-primary'}`, attrs: { type: 'submit' } }, options.confirmLabel);
  const cancel = h('button', { class: 'btn', attrs: { type: 'button' } }, 'Cancel');
  const form = h(
    'form',
    { class: 'dialog-form', attrs: { method: 'dialog' } },
    h('h2', { class: 'dialog-title' }, options.title),
    h('div', { class: 'dialog-body' }, options.body),
    error,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  const dialog = h('dialog', { class: `dialog${options.wide ? ' dialog-wide' : ''}` }, form);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    dialog.close();
    dialog.remove();
    options.onClose?.();
  };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    confirm.disabled = true;
    error.hidden = true;
    options
      .onConfirm()
      .then((next) => {
        if (next !== 'stay') return close();
        confirm.hidden = true;
        cancel.textContent = 'Close';
        cancel.focus();
      })
      .catch((err: unknown) => {
        error.textContent = err instanceof Error ? err.message : String(err);
        error.hidden = false;
        confirm.disabled = false;
      });
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  const firstField = form.querySelector<HTMLElement>('input, textarea, select');
  (firstField ?? confirm).focus();
  return dialog;
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  document.querySelector('.toast')?.remove();
  const el = h('div', { class: `toast toast-${kind}`, attrs: { role: 'status' } }, message);
  document.body.appendChild(el);
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.remove(), 3500);
}

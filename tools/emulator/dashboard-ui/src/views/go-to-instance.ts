// "Go to instance": an instance id typed or pasted in the sidebar opens that instance in the current task
// hub. An id that is not there says so in the server's words, with a link to the list of ids that start
// with it (a pasted id is often cut short).
import { api, ApiFailure } from '../api-client.js';
import { h } from '../element-builder.js';
import { href, instanceHref } from '../routes.js';

export function goToInstance(currentHub: () => string): HTMLElement {
  const input = h('input', {
    attrs: { type: 'search', name: 'instanceId', placeholder: 'instance ID', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'goto-message' },
  });
  const go = h('button', { class: 'btn', attrs: { type: 'submit' } }, 'Go');
  const message = h('div', { class: 'goto-message', attrs: { id: 'goto-message', role: 'alert', hidden: true } });
  const label = h('label', { attrs: { for: 'goto-input' } }, 'Go to instance');
  input.id = 'goto-input';
  const form = h('form', { class: 'goto', attrs: { role: 'search', 'aria-label': 'Go to instance' } }, label, h('div', { class: 'goto-row' }, input, go), message);

  /** Undefined when the instance is there; otherwise the server's answer about it. */
  const missing = async (hub: string, id: string): Promise<string | undefined> => {
    try {
      await api.instance(hub, id);
      return undefined;
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 404) return err.message;
      throw err;
    }
  };
  const show = (hub: string, text: string, prefix: string): void => {
    message.replaceChildren(
      h('span', null, text),
      ' ',
      h('a', { attrs: { href: href(hub, 'orchestrations', new URLSearchParams({ prefix })) } }, 'List the IDs that start with it'),
    );
    message.hidden = false;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = input.value;
    const trimmed = typed.trim();
    if (trimmed === '') return input.focus();
    const hub = currentHub();
    go.disabled = true;
    message.hidden = true;
    void (async () => {
      try {
        // An id may have spaces of its own; a pasted one usually has only stray ones around it.
        let id = typed;
        let absent = await missing(hub, typed);
        if (absent !== undefined && trimmed !== typed) {
          absent = await missing(hub, trimmed);
          id = trimmed;
        }
        if (absent !== undefined) return show(hub, absent, trimmed);
        input.value = '';
        location.hash = instanceHref(hub, id);
      } catch (err) {
        show(hub, (err as Error).message, trimmed);
      } finally {
        go.disabled = false;
      }
    })();
  });
  input.addEventListener('input', () => (message.hidden = true));
  window.addEventListener('hashchange', () => (message.hidden = true));
  return form;
}

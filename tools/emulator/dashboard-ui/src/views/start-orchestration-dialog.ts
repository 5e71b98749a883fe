// "New orchestration": name (offered from the names seen), instance id, version, JSON input,
// scheduled start and tags.
import { api } from '../api-client.js';
import { field, openDialog, toast } from '../action-dialog.js';
import { localInputToIso } from '../display-format.js';
import { h } from '../element-builder.js';
import { instanceHref } from '../routes.js';

function parseTags(text: string): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const line of text.split(/[\n,]/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new Error(`Tags are key=value pairs, one per line; '${trimmed}' has no '='.`);
    tags[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

export function openStartDialog(hub: string, names: readonly string[]): void {
  const listId = 'orchestration-names';
  const name = h('input', { attrs: { name: 'name', list: listId, required: true, autocomplete: 'off', placeholder: 'e.g. chaining_orchestration' } });
  const datalist = h('datalist', { attrs: { id: listId } }, names.map((n) => h('option', { attrs: { value: n } })));
  const instanceId = h('input', { class: 'mono', attrs: { name: 'instanceId', placeholder: 'generated if empty', autocomplete: 'off' } });
  const version = h('input', { attrs: { name: 'version', placeholder: 'optional' } });
  const input = h('textarea', { class: 'mono', attrs: { name: 'input', rows: 5, placeholder: '["Tokyo", "Seattle"]', spellcheck: 'false' } });
  const scheduled = h('input', { attrs: { name: 'scheduledStartTime', type: 'datetime-local' } });
  const tags = h('textarea', { class: 'mono', attrs: { name: 'tags', rows: 2, placeholder: 'team=blue\nrelease=42', spellcheck: 'false' } });
  openDialog({
    title: 'New orchestration',
    confirmLabel: 'Start',
    body: [
      field('Name', name),
      datalist,
      h('div', { class: 'field-row' }, field('Instance ID', instanceId), field('Version', version)),
      field('Input (JSON)', input, 'Sent as the orchestration input; leave empty for none.'),
      h('div', { class: 'field-row' }, field('Scheduled start', scheduled, 'Optional; local time.'), field('Tags', tags, 'key=value, one per line.')),
    ],
    onConfirm: async () => {
      const started = await api.start(hub, {
        name: name.value.trim(),
        instanceId: instanceId.value.trim() || undefined,
        version: version.value.trim() || undefined,
        input: input.value.trim() || undefined,
        scheduledStartTime: localInputToIso(scheduled.value),
        tags: parseTags(tags.value),
      });
      toast(`Started ${started.instanceId}`);
      location.hash = instanceHref(hub, started.instanceId);
    },
  });
}

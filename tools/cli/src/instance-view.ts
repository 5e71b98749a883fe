// How instances, history and entities read on a terminal. The JSON for scripts is the HTTP API's own
// (status payloads, historyEvents, DurableEntityStatus), so a script can switch between the two freely.
import type { EntityStatusPayload, StatusPayload } from '@durable-hosts/durable-http-api';
import { formatFields, formatTable } from './text-table.js';
import { paintStatus, type Colors } from './terminal-colors.js';

const MAX_CELL = 60;

/** Compact JSON for a table cell or a field, cut at MAX_CELL characters. */
export function shortJson(value: unknown, max = MAX_CELL): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatStatus(status: StatusPayload, colors: Colors): string {
  const fields: Array<[string, string]> = [
    ['Instance', status.instanceId],
    ['Name', status.name],
    ['Status', paintStatus(colors, status.runtimeStatus)],
    ['Created', status.createdTime],
    ['Last updated', status.lastUpdatedTime],
    ['Input', JSON.stringify(status.input)],
    ['Output', JSON.stringify(status.output)],
    ['Custom status', JSON.stringify(status.customStatus)],
  ];
  const text = formatFields(fields, colors.bold);
  if (status.historyEvents === undefined) return text;
  return `${text}\n\n${colors.bold('History')}\n${formatHistoryEvents(status.historyEvents as Array<Record<string, unknown>>, colors)}`;
}

/** The extension's historyEvents as a table: time, event, function/name, and what else the event carries. */
export function formatHistoryEvents(events: ReadonlyArray<Record<string, unknown>>, colors: Colors): string {
  if (events.length === 0) return colors.dim('(no events yet)');
  const known = new Set(['Timestamp', 'EventType', 'FunctionName', 'Name']);
  return formatTable(
    events,
    [
      { header: 'Time', value: (event) => String(event.Timestamp ?? '') },
      { header: 'Event', value: (event) => String(event.EventType ?? '') },
      { header: 'Name', value: (event) => String(event.FunctionName ?? event.Name ?? '') },
      {
        header: 'Details',
        value: (event) =>
          shortJson(
            Object.fromEntries(Object.entries(event).filter(([key, value]) => !known.has(key) && value !== undefined && value !== null)),
            80,
          ).replace(/^\{\}$/, ''),
      },
    ],
    colors.bold,
  );
}

export function formatInstanceTable(instances: readonly StatusPayload[], colors: Colors): string {
  if (instances.length === 0) return colors.dim('No instances matched.');
  return formatTable(
    instances,
    [
      { header: 'Instance ID', value: (status) => status.instanceId },
      { header: 'Name', value: (status) => status.name },
      { header: 'Status', value: (status) => status.runtimeStatus, paint: (text) => paintStatus(colors, text.trim()) + text.slice(text.trim().length) },
      { header: 'Created', value: (status) => status.createdTime },
      { header: 'Last updated', value: (status) => status.lastUpdatedTime },
    ],
    colors.bold,
  );
}

export function formatEntityTable(entities: readonly EntityStatusPayload[], withState: boolean, colors: Colors): string {
  if (entities.length === 0) return colors.dim('No entities matched.');
  return formatTable(
    entities,
    [
      { header: 'Entity', value: (entity) => entity.entityId.name },
      { header: 'Key', value: (entity) => entity.entityId.key },
      { header: 'Last operation', value: (entity) => entity.lastOperationTime },
      ...(withState ? [{ header: 'State', value: (entity: EntityStatusPayload) => shortJson(entity.state) }] : []),
    ],
    colors.bold,
  );
}

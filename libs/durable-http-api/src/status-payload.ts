// An OrchestrationState as the Durable extension's status JSON (StatusResponsePayload): the same field
// names, status names and `yyyy-MM-ddTHH:mm:ssZ` times, payloads parsed as JSON with a raw-string fallback.
import {
  OrchestrationStatusCode,
  isTerminalStatus,
  parseRuntimeStatus as parseProtocolStatus,
  runtimeStatusName as protocolStatusName,
  type RuntimeStatusName,
} from '@durable-hosts/dts-protocol';
import { OrchestrationStatus, type OrchestrationState } from '@microsoft/durabletask-js';

export type { RuntimeStatusName };

export interface StatusPayload {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatusName;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: unknown[];
}

/** The Functions status name of a durabletask-js status. */
export function runtimeStatusName(status: OrchestrationStatus): RuntimeStatusName {
  const name = protocolStatusName(status);
  if (name === undefined) throw new Error(`Unknown orchestration status code ${status}.`);
  return name;
}

/** The durabletask-js status for a Functions status name (case-insensitive); undefined for unknown and Canceled. */
export function parseRuntimeStatus(name: string): OrchestrationStatus | undefined {
  const code = parseProtocolStatus(name);
  return code === undefined || code === OrchestrationStatusCode.Canceled ? undefined : (code as number as OrchestrationStatus);
}

/** Completed, Failed and Terminated: nothing more will happen to the instance. */
export const isTerminal = (status: OrchestrationStatus): boolean => isTerminalStatus(status);

/** Like the extension's ParseToJToken: null when absent, "" when blank, parsed JSON, else the raw string. */
export function parseSerialized(value: string | undefined): unknown {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed; // e.g. a terminate reason
  }
}

/** `yyyy-MM-ddTHH:mm:ssZ` (the extension's `ToString("s") + "Z"`). */
export function formatFunctionsTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function toStatusPayload(
  state: OrchestrationState,
  options: { showInput: boolean; historyEvents?: unknown[] },
): StatusPayload {
  let output = parseSerialized(state.serializedOutput);
  if (output === null && state.runtimeStatus === OrchestrationStatus.FAILED && state.failureDetails) {
    output = `Orchestrator function '${state.name}' failed: ${state.failureDetails.message}`;
  }
  const payload: StatusPayload = {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: runtimeStatusName(state.runtimeStatus),
    input: options.showInput ? parseSerialized(state.serializedInput) : null,
    customStatus: parseSerialized(state.serializedCustomStatus),
    output,
    createdTime: formatFunctionsTime(state.createdAt),
    lastUpdatedTime: formatFunctionsTime(state.lastUpdatedAt),
  };
  if (options.historyEvents !== undefined) payload.historyEvents = options.historyEvents;
  return payload;
}

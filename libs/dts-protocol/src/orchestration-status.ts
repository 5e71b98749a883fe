// Orchestration statuses: the protocol's numeric codes (protos/orchestrator_service.proto
// OrchestrationStatus, which durabletask-js's OrchestrationStatus enum repeats) and the names the Durable
// extension, DTS and its dashboard show. The one home of both, and of which statuses are terminal.

/** The protocol's codes; equal to `pb.OrchestrationStatus` and durabletask-js `OrchestrationStatus`. */
export const OrchestrationStatusCode = {
  Running: 0,
  Completed: 1,
  ContinuedAsNew: 2,
  Failed: 3,
  Canceled: 4,
  Terminated: 5,
  Pending: 6,
  Suspended: 7,
} as const;

export type RuntimeStatusName = keyof typeof OrchestrationStatusCode;
export type OrchestrationStatusCodeValue = (typeof OrchestrationStatusCode)[RuntimeStatusName];

/** Every status name, in code order. */
export const RUNTIME_STATUS_NAMES = Object.keys(OrchestrationStatusCode) as readonly RuntimeStatusName[];

const NAME_BY_CODE = new Map<number, RuntimeStatusName>(
  RUNTIME_STATUS_NAMES.map((name) => [OrchestrationStatusCode[name], name]),
);

/** Completed, Failed and Terminated: nothing more will happen to the instance (Canceled is never used). */
export const TERMINAL_STATUS_NAMES: readonly RuntimeStatusName[] = ['Completed', 'Failed', 'Terminated'];
const TERMINAL_CODES = new Set<number>(TERMINAL_STATUS_NAMES.map((name) => OrchestrationStatusCode[name]));

/** The name of a status code; undefined for a code the protocol does not define. */
export function runtimeStatusName(code: number): RuntimeStatusName | undefined {
  return NAME_BY_CODE.get(code);
}

/** The code of a status name, case-insensitive and trimmed ("completed" → 1); undefined when unknown. */
export function parseRuntimeStatus(name: string): OrchestrationStatusCodeValue | undefined {
  const wanted = name.trim().toLowerCase();
  const match = RUNTIME_STATUS_NAMES.find((known) => known.toLowerCase() === wanted);
  return match === undefined ? undefined : OrchestrationStatusCode[match];
}

/** True for Completed, Failed and Terminated. */
export function isTerminalStatus(code: number): boolean {
  return TERMINAL_CODES.has(code);
}

import { DtfxEventType, type DtfxHistoryEvent } from './dtfx-history.js';

/**
 * The orchestrationTrigger payload (extension: OrchestrationTriggerAttributeBindingProvider
 * .OrchestrationContextToString). Schema negotiation as the extension does it: upperSchemaVersion 1 (V2,
 * for libraries that only read that field) and upperSchemaVersionNew, the newest schema served: V4 (3),
 * compound-action trees plus LockEntities/ReleaseEntities. A library takes upperSchemaVersionNew when it
 * knows that value, else its own newest schema (durable-functions < 3.5 knows up to V3 and runs on V3).
 * The short-timer limit is set so high that the shim never splits a timer into a LongTimerTask chain:
 * DTS timers may be arbitrarily long.
 */
export interface OrchestrationTriggerInput {
  history: readonly DtfxHistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId: string | null;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  longRunningTimerIntervalDuration: string;
  maximumShortTimerDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

export function buildOrchestrationTriggerInput(instanceId: string, history: readonly DtfxHistoryEvent[]): OrchestrationTriggerInput {
  const started = history.find((e) => e.EventType === DtfxEventType.ExecutionStarted);
  const lastStarted = history.map((e) => e.EventType).lastIndexOf(DtfxEventType.OrchestratorStarted);
  return {
    history,
    input: parseJsonText(started?.Input),
    instanceId,
    isReplaying: lastStarted > 0 && history.slice(0, lastStarted).some((e) => e.IsPlayed),
    parentInstanceId: started?.ParentInstance?.OrchestrationInstance.InstanceId ?? null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 3,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '36500.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}

/** JSON text → value; text that is not JSON is passed through as a string (the extension does the same). */
export function parseJsonText(text: string | null | undefined): unknown {
  if (text === undefined || text === null || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Durable Task Framework (DTFx) history events in the PascalCase JSON the Durable extension hands to
 * durable-functions' orchestrator shim (EventType numbering from DurableTask.Core/History/EventType.cs).
 */
export const DtfxEventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
  /** DTFx only (durable-functions does not know it and skips it). */
  ExecutionRewound: 21,
} as const;

export interface DtfxFailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  IsNonRetriable?: boolean;
  InnerFailure?: DtfxFailureDetails;
}

export interface DtfxHistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  IsProcessed?: boolean;
  Name?: string;
  Version?: string;
  Input?: string | null;
  Result?: string | null;
  InstanceId?: string;
  OrchestrationInstance?: { InstanceId: string; ExecutionId?: string };
  ParentInstance?: { Name?: string; TaskScheduleId: number; OrchestrationInstance: { InstanceId: string; ExecutionId?: string } } | null;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: DtfxFailureDetails;
  OrchestrationStatus?: number;
}

/** Scheduling events carry the action id as EventId; everything else uses -1 (DTFx does the same). */
export const SCHEDULING_EVENT_TYPES: ReadonlySet<number> = new Set([
  DtfxEventType.TaskScheduled,
  DtfxEventType.SubOrchestrationInstanceCreated,
  DtfxEventType.TimerCreated,
  DtfxEventType.EventSent,
]);

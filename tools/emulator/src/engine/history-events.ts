// Builders for the history events the scheduler itself creates. Events that come from an action carry
// the action id as eventId; everything else uses -1 (DTS history shape, reference §5.1).
import { randomUUID } from 'node:crypto';
import { pb, stringValue, toTimestamp, type HistoryEvent } from '../proto/messages.js';

type FailureDetails = InstanceType<typeof pb.TaskFailureDetails>;

export function newExecutionId(): string {
  return randomUUID().replace(/-/g, '');
}

export function historyEvent(eventId: number, at: number): HistoryEvent {
  const event = new pb.HistoryEvent();
  event.setEventid(eventId);
  event.setTimestamp(toTimestamp(at));
  return event;
}

export function orchestratorStarted(at: number): HistoryEvent {
  const event = historyEvent(-1, at);
  event.setOrchestratorstarted(new pb.OrchestratorStartedEvent());
  return event;
}

export interface ExecutionStartedInit {
  instanceId: string;
  executionId: string;
  name: string;
  version?: string;
  input?: string;
  tags: Record<string, string>;
  scheduledStartAt?: number;
  parent?: { instanceId: string; executionId?: string; name?: string; taskScheduledId: number };
}

export function executionStarted(init: ExecutionStartedInit, at: number): HistoryEvent {
  const started = new pb.ExecutionStartedEvent();
  started.setName(init.name);
  if (init.version !== undefined) started.setVersion(stringValue(init.version));
  if (init.input !== undefined) started.setInput(stringValue(init.input));
  const instance = new pb.OrchestrationInstance();
  instance.setInstanceid(init.instanceId);
  instance.setExecutionid(stringValue(init.executionId));
  started.setOrchestrationinstance(instance);
  if (init.parent) {
    const parent = new pb.ParentInstanceInfo();
    parent.setTaskscheduledid(init.parent.taskScheduledId);
    if (init.parent.name !== undefined) parent.setName(stringValue(init.parent.name));
    const parentInstance = new pb.OrchestrationInstance();
    parentInstance.setInstanceid(init.parent.instanceId);
    if (init.parent.executionId) parentInstance.setExecutionid(stringValue(init.parent.executionId));
    parent.setOrchestrationinstance(parentInstance);
    started.setParentinstance(parent);
  }
  if (init.scheduledStartAt !== undefined) started.setScheduledstarttimestamp(toTimestamp(init.scheduledStartAt));
  const tags = started.getTagsMap();
  for (const [k, v] of Object.entries(init.tags)) tags.set(k, v);
  const event = historyEvent(-1, at);
  event.setExecutionstarted(started);
  return event;
}

export function eventRaised(name: string, input: string | undefined, at: number): HistoryEvent {
  const raised = new pb.EventRaisedEvent();
  raised.setName(name);
  if (input !== undefined) raised.setInput(stringValue(input));
  const event = historyEvent(-1, at);
  event.setEventraised(raised);
  return event;
}

export function executionTerminated(output: string | undefined, recurse: boolean, at: number): HistoryEvent {
  const terminated = new pb.ExecutionTerminatedEvent();
  if (output !== undefined) terminated.setInput(stringValue(output));
  terminated.setRecurse(recurse);
  const event = historyEvent(-1, at);
  event.setExecutionterminated(terminated);
  return event;
}

export function executionSuspended(reason: string | undefined, at: number): HistoryEvent {
  const suspended = new pb.ExecutionSuspendedEvent();
  if (reason !== undefined) suspended.setInput(stringValue(reason));
  const event = historyEvent(-1, at);
  event.setExecutionsuspended(suspended);
  return event;
}

export function executionResumed(reason: string | undefined, at: number): HistoryEvent {
  const resumed = new pb.ExecutionResumedEvent();
  if (reason !== undefined) resumed.setInput(stringValue(reason));
  const event = historyEvent(-1, at);
  event.setExecutionresumed(resumed);
  return event;
}

export function executionCompleted(
  eventId: number,
  status: number,
  result: string | undefined,
  failure: FailureDetails | undefined,
  at: number,
): HistoryEvent {
  const completed = new pb.ExecutionCompletedEvent();
  completed.setOrchestrationstatus(status);
  if (result !== undefined) completed.setResult(stringValue(result));
  if (failure) completed.setFailuredetails(failure);
  const event = historyEvent(eventId, at);
  event.setExecutioncompleted(completed);
  return event;
}

export function executionRewound(reason: string | undefined, parentExecutionId: string | undefined, at: number): HistoryEvent {
  const rewound = new pb.ExecutionRewoundEvent();
  if (reason !== undefined) rewound.setReason(stringValue(reason));
  if (parentExecutionId !== undefined) rewound.setParentexecutionid(stringValue(parentExecutionId));
  const event = historyEvent(-1, at);
  event.setExecutionrewound(rewound);
  return event;
}

export function taskCompleted(taskScheduledId: number, result: string | undefined, at: number): HistoryEvent {
  const completed = new pb.TaskCompletedEvent();
  completed.setTaskscheduledid(taskScheduledId);
  if (result !== undefined) completed.setResult(stringValue(result));
  const event = historyEvent(-1, at);
  event.setTaskcompleted(completed);
  return event;
}

export function taskFailed(taskScheduledId: number, failure: FailureDetails, at: number): HistoryEvent {
  const failed = new pb.TaskFailedEvent();
  failed.setTaskscheduledid(taskScheduledId);
  failed.setFailuredetails(failure);
  const event = historyEvent(-1, at);
  event.setTaskfailed(failed);
  return event;
}

export function subOrchestrationCompleted(taskScheduledId: number, result: string | undefined, at: number): HistoryEvent {
  const completed = new pb.SubOrchestrationInstanceCompletedEvent();
  completed.setTaskscheduledid(taskScheduledId);
  if (result !== undefined) completed.setResult(stringValue(result));
  const event = historyEvent(-1, at);
  event.setSuborchestrationinstancecompleted(completed);
  return event;
}

export function subOrchestrationFailed(taskScheduledId: number, failure: FailureDetails, at: number): HistoryEvent {
  const failed = new pb.SubOrchestrationInstanceFailedEvent();
  failed.setTaskscheduledid(taskScheduledId);
  failed.setFailuredetails(failure);
  const event = historyEvent(-1, at);
  event.setSuborchestrationinstancefailed(failed);
  return event;
}

export function timerFired(timerId: number, fireAt: InstanceType<typeof import('../proto/messages.js').Timestamp>, at: number): HistoryEvent {
  const fired = new pb.TimerFiredEvent();
  fired.setTimerid(timerId);
  fired.setFireat(fireAt);
  const event = historyEvent(-1, at);
  event.setTimerfired(fired);
  return event;
}

export function entityOperationCompleted(requestId: string, output: string | undefined, at: number): HistoryEvent {
  const completed = new pb.EntityOperationCompletedEvent();
  completed.setRequestid(requestId);
  if (output !== undefined) completed.setOutput(stringValue(output));
  const event = historyEvent(-1, at);
  event.setEntityoperationcompleted(completed);
  return event;
}

export function entityOperationFailed(requestId: string, failure: FailureDetails, at: number): HistoryEvent {
  const failed = new pb.EntityOperationFailedEvent();
  failed.setRequestid(requestId);
  failed.setFailuredetails(failure);
  const event = historyEvent(-1, at);
  event.setEntityoperationfailed(failed);
  return event;
}

export function entityLockGranted(criticalSectionId: string, at: number): HistoryEvent {
  const granted = new pb.EntityLockGrantedEvent();
  granted.setCriticalsectionid(criticalSectionId);
  const event = historyEvent(-1, at);
  event.setEntitylockgranted(granted);
  return event;
}

export function entitySignal(
  targetId: string,
  operation: string,
  input: string | undefined,
  requestId: string,
  scheduledAt: number | undefined,
  at: number,
): HistoryEvent {
  const signaled = new pb.EntityOperationSignaledEvent();
  signaled.setRequestid(requestId);
  signaled.setOperation(operation);
  if (input !== undefined) signaled.setInput(stringValue(input));
  if (scheduledAt !== undefined) signaled.setScheduledtime(toTimestamp(scheduledAt));
  signaled.setTargetinstanceid(stringValue(targetId));
  const event = historyEvent(-1, at);
  event.setEntityoperationsignaled(signaled);
  return event;
}

export function failureDetails(errorType: string, errorMessage: string): FailureDetails {
  const failure = new pb.TaskFailureDetails();
  failure.setErrortype(errorType);
  failure.setErrormessage(errorMessage);
  return failure;
}

import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import type { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb.js';
import type { StringValue } from 'google-protobuf/google/protobuf/wrappers_pb.js';
import { DtfxEventType, type DtfxFailureDetails, type DtfxHistoryEvent } from './dtfx-history.js';

const Case = pb.HistoryEvent.EventtypeCase;

/**
 * Converts DTS (gRPC) history events into the DTFx JSON the durable-functions shim replays. Events the
 * shim has no use for (GenericEvent, HistoryState, entity bookkeeping it does not model) are dropped.
 */
export function toDtfxHistory(events: readonly pb.HistoryEvent[], isPlayed: boolean): DtfxHistoryEvent[] {
  return events.map((event) => toDtfxEvent(event, isPlayed)).filter((e): e is DtfxHistoryEvent => e !== undefined);
}

export function toDtfxEvent(event: pb.HistoryEvent, isPlayed: boolean): DtfxHistoryEvent | undefined {
  const base = (type: number, eventId = -1): DtfxHistoryEvent => ({
    EventType: type,
    EventId: eventId,
    IsPlayed: isPlayed,
    IsProcessed: false,
    Timestamp: isoTime(event.getTimestamp()) ?? new Date(0).toISOString(),
  });
  switch (event.getEventtypeCase()) {
    case Case.EXECUTIONSTARTED: {
      const started = present(event.getExecutionstarted());
      const instance = started.getOrchestrationinstance();
      const parent = started.getParentinstance();
      const parentInstance = parent?.getOrchestrationinstance();
      return {
        ...base(DtfxEventType.ExecutionStarted),
        Name: started.getName(),
        Version: text(started.getVersion()) ?? '',
        Input: text(started.getInput()) ?? null,
        OrchestrationInstance: { InstanceId: instance?.getInstanceid() ?? '', ExecutionId: text(instance?.getExecutionid()) },
        ParentInstance: parent
          ? {
              Name: text(parent.getName()),
              TaskScheduleId: parent.getTaskscheduledid(),
              OrchestrationInstance: { InstanceId: parentInstance?.getInstanceid() ?? '', ExecutionId: text(parentInstance?.getExecutionid()) },
            }
          : null,
      };
    }
    case Case.EXECUTIONCOMPLETED: {
      const completed = present(event.getExecutioncompleted());
      return { ...base(DtfxEventType.ExecutionCompleted), OrchestrationStatus: completed.getOrchestrationstatus(), Result: text(completed.getResult()) ?? null };
    }
    case Case.EXECUTIONTERMINATED:
      return { ...base(DtfxEventType.ExecutionTerminated), Input: text(present(event.getExecutionterminated()).getInput()) ?? null };
    case Case.TASKSCHEDULED: {
      const scheduled = present(event.getTaskscheduled());
      return { ...base(DtfxEventType.TaskScheduled, event.getEventid()), Name: scheduled.getName(), Version: text(scheduled.getVersion()), Input: text(scheduled.getInput()) ?? null };
    }
    case Case.TASKCOMPLETED: {
      const completed = present(event.getTaskcompleted());
      return { ...base(DtfxEventType.TaskCompleted), TaskScheduledId: completed.getTaskscheduledid(), Result: nonEmpty(text(completed.getResult())) ?? null };
    }
    case Case.TASKFAILED: {
      const failed = present(event.getTaskfailed());
      return { ...base(DtfxEventType.TaskFailed), TaskScheduledId: failed.getTaskscheduledid(), ...failureFields(failed.getFailuredetails()) };
    }
    case Case.SUBORCHESTRATIONINSTANCECREATED: {
      const created = present(event.getSuborchestrationinstancecreated());
      return {
        ...base(DtfxEventType.SubOrchestrationInstanceCreated, event.getEventid()),
        Name: created.getName(),
        Version: text(created.getVersion()),
        InstanceId: created.getInstanceid(),
        Input: text(created.getInput()) ?? null,
      };
    }
    case Case.SUBORCHESTRATIONINSTANCECOMPLETED: {
      const completed = present(event.getSuborchestrationinstancecompleted());
      return { ...base(DtfxEventType.SubOrchestrationInstanceCompleted), TaskScheduledId: completed.getTaskscheduledid(), Result: nonEmpty(text(completed.getResult())) ?? null };
    }
    case Case.SUBORCHESTRATIONINSTANCEFAILED: {
      const failed = present(event.getSuborchestrationinstancefailed());
      return { ...base(DtfxEventType.SubOrchestrationInstanceFailed), TaskScheduledId: failed.getTaskscheduledid(), ...failureFields(failed.getFailuredetails()) };
    }
    case Case.TIMERCREATED:
      return { ...base(DtfxEventType.TimerCreated, event.getEventid()), FireAt: isoTime(present(event.getTimercreated()).getFireat()) };
    case Case.TIMERFIRED: {
      const fired = present(event.getTimerfired());
      return { ...base(DtfxEventType.TimerFired), TimerId: fired.getTimerid(), FireAt: isoTime(fired.getFireat()) };
    }
    case Case.ORCHESTRATORSTARTED:
      return base(DtfxEventType.OrchestratorStarted);
    case Case.ORCHESTRATORCOMPLETED:
      return base(DtfxEventType.OrchestratorCompleted);
    case Case.EVENTSENT: {
      const sent = present(event.getEventsent());
      return { ...base(DtfxEventType.EventSent, event.getEventid()), InstanceId: sent.getInstanceid(), Name: sent.getName(), Input: text(sent.getInput()) ?? null };
    }
    case Case.EVENTRAISED: {
      const raised = present(event.getEventraised());
      return { ...base(DtfxEventType.EventRaised), Name: raised.getName(), Input: nonEmpty(text(raised.getInput())) ?? null };
    }
    case Case.EXECUTIONSUSPENDED:
      return { ...base(DtfxEventType.ExecutionSuspended), Reason: text(present(event.getExecutionsuspended()).getInput()) };
    case Case.EXECUTIONREWOUND:
      // Kept in the history the shim replays, as DTFx keeps it; durable-functions skips event types it does not know.
      return { ...base(DtfxEventType.ExecutionRewound), Reason: text(present(event.getExecutionrewound()).getReason()) };
    case Case.EXECUTIONRESUMED:
      return { ...base(DtfxEventType.ExecutionResumed), Reason: text(present(event.getExecutionresumed()).getInput()) };
    case Case.ENTITYOPERATIONCALLED: {
      // The classic entity protocol: the shim re-keys a CallEntity task by the request id in EventSent.Input.
      const called = present(event.getEntityoperationcalled());
      const target = text(called.getTargetinstanceid()) ?? '';
      return {
        ...base(DtfxEventType.EventSent, event.getEventid()),
        InstanceId: target,
        Name: called.getOperation(),
        Input: JSON.stringify({ op: called.getOperation(), id: called.getRequestid(), input: text(called.getInput()), parent: text(called.getParentinstanceid()) }),
      };
    }
    case Case.ENTITYOPERATIONSIGNALED: {
      const signaled = present(event.getEntityoperationsignaled());
      return {
        ...base(DtfxEventType.EventSent, event.getEventid()),
        InstanceId: text(signaled.getTargetinstanceid()) ?? '',
        Name: signaled.getOperation(),
        Input: JSON.stringify({ op: signaled.getOperation(), signal: true, id: signaled.getRequestid(), input: text(signaled.getInput()) }),
      };
    }
    case Case.ENTITYLOCKREQUESTED: {
      // The extension's lock request (RequestMessage with lockset) to the first entity of the set; the shim re-keys the lock task by its id.
      const lock = present(event.getEntitylockrequested());
      const lockSet = lock.getLocksetList();
      return {
        ...base(DtfxEventType.EventSent, event.getEventid()),
        InstanceId: lockSet[0] ?? '',
        Name: 'op',
        Input: JSON.stringify({ id: lock.getCriticalsectionid(), parent: text(lock.getParentinstanceid()), lockset: lockSet.map(entityIdJson), pos: lock.getPosition() }),
      };
    }
    case Case.ENTITYUNLOCKSENT: {
      const unlock = present(event.getEntityunlocksent());
      return {
        ...base(DtfxEventType.EventSent, event.getEventid()),
        InstanceId: text(unlock.getTargetinstanceid()) ?? '',
        Name: 'release',
        Input: JSON.stringify({ parent: text(unlock.getParentinstanceid()), id: unlock.getCriticalsectionid() }),
      };
    }
    case Case.ENTITYLOCKGRANTED:
      // The last entity's answer to the lock request, as the extension's ResponseMessage.
      return { ...base(DtfxEventType.EventRaised), Name: present(event.getEntitylockgranted()).getCriticalsectionid(), Input: '{"result":null}' };
    case Case.ENTITYOPERATIONCOMPLETED: {
      const completed = present(event.getEntityoperationcompleted());
      return { ...base(DtfxEventType.EventRaised), Name: completed.getRequestid(), Input: JSON.stringify({ result: text(completed.getOutput()) ?? null }) };
    }
    case Case.ENTITYOPERATIONFAILED: {
      const failed = present(event.getEntityoperationfailed());
      const details = failed.getFailuredetails();
      return {
        ...base(DtfxEventType.EventRaised),
        Name: failed.getRequestid(),
        Input: JSON.stringify({ result: JSON.stringify(details?.getErrormessage() ?? 'entity operation failed'), exceptionType: details?.getErrortype() || 'Error' }),
      };
    }
    default:
      return undefined;
  }
}

function entityIdJson(schedulerId: string): { name: string; key: string } {
  const at = schedulerId.indexOf('@', 1);
  return { name: schedulerId.slice(1, at), key: schedulerId.slice(at + 1) };
}

function failureFields(details: pb.TaskFailureDetails | undefined): Pick<DtfxHistoryEvent, 'Reason' | 'Details' | 'FailureDetails'> {
  const failure = details ? toDtfxFailureDetails(details) : { ErrorType: 'Error', ErrorMessage: 'The task failed without failure details.' };
  return { Reason: failure.ErrorMessage, Details: failure.StackTrace ?? '', FailureDetails: failure };
}

function toDtfxFailureDetails(details: pb.TaskFailureDetails): DtfxFailureDetails {
  const inner = details.getInnerfailure();
  return {
    ErrorType: details.getErrortype() || 'Error',
    ErrorMessage: details.getErrormessage(),
    StackTrace: text(details.getStacktrace()),
    IsNonRetriable: details.getIsnonretriable(),
    InnerFailure: inner ? toDtfxFailureDetails(inner) : undefined,
  };
}

function text(value: StringValue | undefined): string | undefined {
  return value === undefined ? undefined : value.getValue();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function isoTime(value: Timestamp | undefined): string | undefined {
  return value === undefined ? undefined : value.toDate().toISOString();
}

/** The oneof case was checked by the switch, so its payload is there. */
function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('A history event is missing the payload its event type announces.');
  return value;
}

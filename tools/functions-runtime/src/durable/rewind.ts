import { randomUUID } from 'node:crypto';
import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import { stringValue } from './orchestrator-response-proto.js';

/**
 * Rewinding a failed instance, as DTFx's TaskOrchestrationDispatcher does it for the Durable extension
 * (and DTS workers do it with a rewindOrchestration action): DTS sends the failed history as past events
 * and `[OrchestratorStarted, ExecutionRewound]` as new ones; the worker answers with the history the
 * instance continues from. The failures are taken out (TaskFailed with its TaskScheduled, so replay
 * schedules the activity again; SubOrchestrationInstanceFailed, whose child DTS rewinds too;
 * ExecutionCompleted), the rewind marker stays, and the execution gets a new id. The orchestrator is not
 * run: DTS dispatches the rewritten history next, and only then does the shim replay it.
 *
 * Returns undefined when the work item is not a rewind of a completed execution.
 */
export function rewindHistory(pastEvents: readonly pb.HistoryEvent[], newEvents: readonly pb.HistoryEvent[]): pb.HistoryEvent[] | undefined {
  const rewound = newEvents.find((e) => e.hasExecutionrewound())?.getExecutionrewound();
  if (!rewound || !pastEvents.some((e) => e.hasExecutioncompleted())) return undefined;

  const all = [...pastEvents, ...newEvents];
  const failedTasks = new Set<number>();
  for (const event of all) {
    if (event.hasTaskfailed()) failedTasks.add(event.getTaskfailed()!.getTaskscheduledid());
  }
  const parentExecutionId = rewound.getParentexecutionid()?.getValue() || undefined;
  const executionId = randomUUID().replaceAll('-', '');

  const history: pb.HistoryEvent[] = [];
  for (const event of all) {
    if (event.hasTaskfailed() || event.hasSuborchestrationinstancefailed() || event.hasExecutioncompleted()) continue;
    if (event.hasTaskscheduled() && failedTasks.has(event.getEventid())) continue;
    if (event.hasExecutionstarted()) {
      history.push(withNewExecution(event, executionId, parentExecutionId));
      continue;
    }
    history.push(event);
  }
  return history;
}

/** The rewind answer: one rewindOrchestration action (id -1) carrying the new history. */
export function toRewindResponse(instanceId: string, completionToken: string, history: pb.HistoryEvent[]): pb.OrchestratorResponse {
  const rewind = new pb.RewindOrchestrationAction();
  rewind.setNewhistoryList(history);
  const action = new pb.OrchestratorAction();
  action.setId(-1);
  action.setRewindorchestration(rewind);
  const response = new pb.OrchestratorResponse();
  response.setInstanceid(instanceId);
  response.setCompletiontoken(completionToken);
  response.setActionsList([action]);
  return response;
}

function withNewExecution(event: pb.HistoryEvent, executionId: string, parentExecutionId: string | undefined): pb.HistoryEvent {
  const copy = pb.HistoryEvent.deserializeBinary(event.serializeBinary());
  const started = copy.getExecutionstarted()!;
  const instance = started.getOrchestrationinstance() ?? new pb.OrchestrationInstance();
  instance.setExecutionid(stringValue(executionId));
  started.setOrchestrationinstance(instance);
  // A rewound child reports to its parent's new execution.
  const parent = started.getParentinstance()?.getOrchestrationinstance();
  if (parentExecutionId && parent) parent.setExecutionid(stringValue(parentExecutionId));
  return copy;
}

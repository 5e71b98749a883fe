import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import wrappersPb from 'google-protobuf/google/protobuf/wrappers_pb.js';
import type { OrchestratorResponsePlan, PlannedAction, PlannedFailure } from './orchestrator-response-plan.js';

// Generated CommonJS stubs: default-import them (named imports fail under plain Node ESM).
const { Timestamp } = timestampPb;
const { StringValue } = wrappersPb;
type StringValue = InstanceType<typeof wrappersPb.StringValue>;

const STATUS = {
  COMPLETED: pb.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED,
  FAILED: pb.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED,
  CONTINUED_AS_NEW: pb.OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW,
  TERMINATED: pb.OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED,
} as const;

/** The gRPC OrchestratorResponse for a plan (actions in ascending id order, as DTS workers send them). */
export function toOrchestratorResponse(instanceId: string, completionToken: string, plan: OrchestratorResponsePlan): pb.OrchestratorResponse {
  const response = new pb.OrchestratorResponse();
  response.setInstanceid(instanceId);
  response.setCompletiontoken(completionToken);
  if (plan.customStatus !== undefined) response.setCustomstatus(stringValue(plan.customStatus));
  const ordered = [...plan.actions].sort((a, b) => (a.type === 'complete' ? 1 : 0) - (b.type === 'complete' ? 1 : 0) || a.id - b.id);
  response.setActionsList(ordered.map(toOrchestratorAction));
  return response;
}

export function toOrchestratorAction(planned: PlannedAction): pb.OrchestratorAction {
  const action = new pb.OrchestratorAction();
  action.setId(planned.id);
  switch (planned.type) {
    case 'scheduleTask': {
      const schedule = new pb.ScheduleTaskAction();
      schedule.setName(planned.name);
      if (planned.input !== undefined) schedule.setInput(stringValue(planned.input));
      if (planned.version) schedule.setVersion(stringValue(planned.version));
      action.setScheduletask(schedule);
      break;
    }
    case 'createSubOrchestration': {
      const create = new pb.CreateSubOrchestrationAction();
      create.setInstanceid(planned.instanceId);
      create.setName(planned.name);
      if (planned.input !== undefined) create.setInput(stringValue(planned.input));
      if (planned.version) create.setVersion(stringValue(planned.version));
      action.setCreatesuborchestration(create);
      break;
    }
    case 'createTimer': {
      const timer = new pb.CreateTimerAction();
      timer.setFireat(Timestamp.fromDate(new Date(planned.fireAt)));
      action.setCreatetimer(timer);
      break;
    }
    case 'callEntity':
    case 'signalEntity': {
      const message = new pb.SendEntityMessageAction();
      if (planned.type === 'callEntity') {
        const called = new pb.EntityOperationCalledEvent();
        called.setRequestid(planned.requestId);
        called.setOperation(planned.operation);
        called.setTargetinstanceid(stringValue(planned.targetInstanceId));
        if (planned.input !== undefined) called.setInput(stringValue(planned.input));
        if (planned.parentInstanceId) called.setParentinstanceid(stringValue(planned.parentInstanceId));
        if (planned.parentExecutionId) called.setParentexecutionid(stringValue(planned.parentExecutionId));
        message.setEntityoperationcalled(called);
      } else {
        const signaled = new pb.EntityOperationSignaledEvent();
        signaled.setRequestid(planned.requestId);
        signaled.setOperation(planned.operation);
        signaled.setTargetinstanceid(stringValue(planned.targetInstanceId));
        if (planned.input !== undefined) signaled.setInput(stringValue(planned.input));
        if (planned.scheduledTime) signaled.setScheduledtime(Timestamp.fromDate(new Date(planned.scheduledTime)));
        message.setEntityoperationsignaled(signaled);
      }
      action.setSendentitymessage(message);
      break;
    }
    case 'lockEntities': {
      const lock = new pb.EntityLockRequestedEvent();
      lock.setCriticalsectionid(planned.criticalSectionId);
      lock.setLocksetList([...planned.lockSet]);
      lock.setPosition(0);
      lock.setParentinstanceid(stringValue(planned.parentInstanceId));
      const message = new pb.SendEntityMessageAction();
      message.setEntitylockrequested(lock);
      action.setSendentitymessage(message);
      break;
    }
    case 'unlockEntity': {
      const unlock = new pb.EntityUnlockSentEvent();
      unlock.setCriticalsectionid(planned.criticalSectionId);
      unlock.setParentinstanceid(stringValue(planned.parentInstanceId));
      unlock.setTargetinstanceid(stringValue(planned.targetInstanceId));
      const message = new pb.SendEntityMessageAction();
      message.setEntityunlocksent(unlock);
      action.setSendentitymessage(message);
      break;
    }
    case 'complete': {
      const complete = new pb.CompleteOrchestrationAction();
      complete.setOrchestrationstatus(STATUS[planned.status]);
      if (planned.result !== undefined) complete.setResult(stringValue(planned.result));
      if (planned.failure) complete.setFailuredetails(toFailureDetails(planned.failure));
      action.setCompleteorchestration(complete);
      break;
    }
  }
  return action;
}

export function toFailureDetails(failure: PlannedFailure): pb.TaskFailureDetails {
  const details = new pb.TaskFailureDetails();
  details.setErrortype(failure.errorType);
  details.setErrormessage(failure.errorMessage);
  if (failure.stackTrace) details.setStacktrace(stringValue(failure.stackTrace));
  return details;
}

export function stringValue(value: string): StringValue {
  const wrapper = new StringValue();
  wrapper.setValue(value);
  return wrapper;
}

// durabletask-js history as the extension's `historyEvents` (DurableClient.GetDurableOrchestrationStatusAsync):
// PascalCase DTFx fields, EventType as its name, OrchestratorStarted/Completed dropped, a TaskScheduled or
// SubOrchestrationInstanceCreated folded into its completion (FunctionName, ScheduledTime, its Input),
// inputs as their raw serialized text unless showInput=false, and results only with showHistoryOutput.
import { parseRuntimeStatus, runtimeStatusName } from '@durable-hosts/dts-protocol';
import { HistoryEventType, type HistoryEvent } from '@microsoft/durabletask-js';
import { parseSerialized } from './status-payload.js';

type HistoryJson = Record<string, unknown>;

function failureJson(details: { message: string; errorType: string; stackTrace?: string } | undefined): HistoryJson | undefined {
  if (details === undefined) return undefined;
  return { ErrorType: details.errorType, ErrorMessage: details.message, StackTrace: details.stackTrace ?? null };
}

export interface HistoryPayloadOptions {
  showHistoryOutput: boolean;
  /** Default true, as the status route's showInput. */
  showInput?: boolean;
}

export function toHistoryEventsPayload(events: readonly HistoryEvent[], options: HistoryPayloadOptions): HistoryJson[] {
  const { showHistoryOutput } = options;
  const showInput = options.showInput ?? true;
  const scheduled = new Map<string, { name: string; timestamp: Date; index: number; input?: string }>();
  const folded = new Set<number>();
  const result: Array<HistoryJson | undefined> = [];

  events.forEach((event, index) => {
    const timestamp = event.timestamp.toISOString();
    let json: HistoryJson | undefined;
    const fold = (prefix: string, taskScheduledId: number): HistoryJson => {
      const origin = scheduled.get(`${prefix}_${taskScheduledId}`);
      if (origin === undefined) return {};
      folded.add(origin.index);
      return { FunctionName: origin.name, Input: origin.input, ScheduledTime: origin.timestamp.toISOString() };
    };
    switch (event.type) {
      case HistoryEventType.OrchestratorStarted:
      case HistoryEventType.OrchestratorCompleted:
        json = undefined;
        break;
      case HistoryEventType.ExecutionStarted:
        json = { EventType: event.type, FunctionName: event.name, Input: event.input };
        break;
      case HistoryEventType.TaskScheduled:
        scheduled.set(`TaskScheduled_${event.eventId}`, { name: event.name, timestamp: event.timestamp, index, input: event.input });
        json = { EventType: event.type, Name: event.name, Input: event.input };
        break;
      case HistoryEventType.SubOrchestrationInstanceCreated:
        scheduled.set(`SubOrchestrationInstanceCreated_${event.eventId}`, { name: event.name, timestamp: event.timestamp, index, input: event.input });
        json = { EventType: event.type, Name: event.name, InstanceId: event.instanceId, Input: event.input };
        break;
      case HistoryEventType.TaskCompleted:
        json = { EventType: event.type, ...fold('TaskScheduled', event.taskScheduledId) };
        if (showHistoryOutput) json.Result = parseSerialized(event.result);
        break;
      case HistoryEventType.TaskFailed:
        json = { EventType: event.type, ...fold('TaskScheduled', event.taskScheduledId), FailureDetails: failureJson(event.failureDetails) };
        break;
      case HistoryEventType.SubOrchestrationInstanceCompleted:
        json = { EventType: event.type, ...fold('SubOrchestrationInstanceCreated', event.taskScheduledId) };
        if (showHistoryOutput) json.Result = parseSerialized(event.result);
        break;
      case HistoryEventType.SubOrchestrationInstanceFailed:
        json = {
          EventType: event.type,
          ...fold('SubOrchestrationInstanceCreated', event.taskScheduledId),
          FailureDetails: failureJson(event.failureDetails),
        };
        break;
      case HistoryEventType.TimerCreated:
        json = { EventType: event.type, FireAt: event.fireAt.toISOString() };
        break;
      case HistoryEventType.TimerFired:
        json = { EventType: event.type, FireAt: event.fireAt.toISOString() };
        break;
      case HistoryEventType.EventRaised:
        json = { EventType: event.type, Name: event.name, Input: event.input };
        break;
      case HistoryEventType.EventSent:
        json = { EventType: event.type, Name: event.name, InstanceId: event.instanceId, Input: event.input };
        break;
      case HistoryEventType.ExecutionCompleted:
        json = { EventType: event.type, OrchestrationStatus: completedStatusName(event.orchestrationStatus) };
        if (showHistoryOutput) json.Result = parseSerialized(event.result);
        if (event.failureDetails) json.FailureDetails = failureJson(event.failureDetails);
        break;
      case HistoryEventType.ExecutionRewound:
        json = { EventType: event.type, Reason: event.reason ?? null };
        break;
      default:
        json = { EventType: event.type };
    }
    if (json !== undefined) {
      // Key order as the extension prints it: ..., Result, ScheduledTime, Timestamp.
      if ('ScheduledTime' in json) {
        const scheduledTime = json.ScheduledTime;
        delete json.ScheduledTime;
        json.ScheduledTime = scheduledTime;
      }
      json.Timestamp = timestamp;
      if (!showInput) delete json.Input;
      for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
    }
    result.push(json);
  });

  return result.filter((json, index): json is HistoryJson => json !== undefined && !folded.has(index));
}

// The JS converter gives proto enum names (ORCHESTRATION_STATUS_COMPLETED); Functions shows Completed.
function completedStatusName(status: string): string {
  const code = parseRuntimeStatus(status.replace(/^ORCHESTRATION_STATUS_/, '').replaceAll('_', ''));
  return (code === undefined ? undefined : runtimeStatusName(code)) ?? status;
}

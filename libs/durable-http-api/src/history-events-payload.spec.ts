import { FailureDetails, HistoryEventType, type HistoryEvent } from '@microsoft/durabletask-js';
import { toHistoryEventsPayload } from './history-events-payload.js';

const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 10, 0, second));

const history: HistoryEvent[] = [
  { type: HistoryEventType.OrchestratorStarted, eventId: -1, timestamp: at(0) },
  { type: HistoryEventType.ExecutionStarted, eventId: -1, timestamp: at(0), name: 'regional_greetings_orchestration', input: '{"secret":1}' },
  { type: HistoryEventType.SubOrchestrationInstanceCreated, eventId: 0, timestamp: at(1), name: 'fan_out_fan_in_orchestration', instanceId: 'p:asia', input: '["Tokyo"]' },
  { type: HistoryEventType.TaskScheduled, eventId: 1, timestamp: at(1), name: 'say_hello', input: '"Mars"' },
  { type: HistoryEventType.TimerCreated, eventId: 2, timestamp: at(1), fireAt: at(5) },
  { type: HistoryEventType.OrchestratorCompleted, eventId: -1, timestamp: at(1) },
  { type: HistoryEventType.SubOrchestrationInstanceCompleted, eventId: -1, timestamp: at(3), taskScheduledId: 0, result: '["Hello Tokyo!"]' },
  { type: HistoryEventType.TaskFailed, eventId: -1, timestamp: at(4), taskScheduledId: 1, failureDetails: new FailureDetails('no such city', 'Error') },
  { type: HistoryEventType.EventRaised, eventId: -1, timestamp: at(4), name: 'approval', input: 'true' },
  { type: HistoryEventType.TimerFired, eventId: -1, timestamp: at(5), fireAt: at(5), timerId: 2 },
  { type: HistoryEventType.ExecutionCompleted, eventId: -1, timestamp: at(6), orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED', result: '"done"' },
];

describe('toHistoryEventsPayload', () => {
  it('shapes history as the Durable extension does', () => {
    expect(toHistoryEventsPayload(history, { showHistoryOutput: true })).toEqual([
      { EventType: 'ExecutionStarted', FunctionName: 'regional_greetings_orchestration', Input: '{"secret":1}', Timestamp: at(0).toISOString() },
      { EventType: 'TimerCreated', FireAt: at(5).toISOString(), Timestamp: at(1).toISOString() },
      {
        EventType: 'SubOrchestrationInstanceCompleted',
        FunctionName: 'fan_out_fan_in_orchestration',
        Input: '["Tokyo"]',
        Result: ['Hello Tokyo!'],
        ScheduledTime: at(1).toISOString(),
        Timestamp: at(3).toISOString(),
      },
      {
        EventType: 'TaskFailed',
        FunctionName: 'say_hello',
        Input: '"Mars"',
        FailureDetails: { ErrorType: 'Error', ErrorMessage: 'no such city', StackTrace: null },
        ScheduledTime: at(1).toISOString(),
        Timestamp: at(4).toISOString(),
      },
      { EventType: 'EventRaised', Name: 'approval', Input: 'true', Timestamp: at(4).toISOString() },
      { EventType: 'TimerFired', FireAt: at(5).toISOString(), Timestamp: at(5).toISOString() },
      { EventType: 'ExecutionCompleted', OrchestrationStatus: 'Completed', Result: 'done', Timestamp: at(6).toISOString() },
    ]);
  });

  it('leaves results out unless asked, and inputs out with showInput=false', () => {
    const payload = toHistoryEventsPayload(history, { showHistoryOutput: false, showInput: false });
    expect(payload.some((event) => 'Result' in event)).toBe(false);
    expect(JSON.stringify(payload)).not.toContain('secret');
    expect(JSON.stringify(payload)).not.toContain('Mars');
  });

  it('keeps a scheduled task that has not completed yet', () => {
    const pending = toHistoryEventsPayload(history.slice(0, 4), { showHistoryOutput: false, showInput: false });
    expect(pending.map((event) => event.EventType)).toEqual(['ExecutionStarted', 'SubOrchestrationInstanceCreated', 'TaskScheduled']);
    expect(pending[1]).toEqual({
      EventType: 'SubOrchestrationInstanceCreated',
      Name: 'fan_out_fan_in_orchestration',
      InstanceId: 'p:asia',
      Timestamp: at(1).toISOString(),
    });
  });
});

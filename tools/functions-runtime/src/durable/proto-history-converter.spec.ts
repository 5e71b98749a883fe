import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { describe, expect, it } from 'vitest';
import { DtfxEventType } from './dtfx-history.js';
import { stringValue } from './orchestrator-response-proto.js';
import { toDtfxEvent } from './proto-history-converter.js';

const AT = new Date('2026-01-02T03:04:05.000Z');

function historyEvent(eventId: number, set: (event: pb.HistoryEvent) => void): pb.HistoryEvent {
  const event = new pb.HistoryEvent();
  event.setEventid(eventId);
  event.setTimestamp(timestampPb.Timestamp.fromDate(AT));
  set(event);
  return event;
}

describe('DTS history → the extension’s DTFx JSON', () => {
  it('keeps the action id as EventId on scheduling events and the JSON text of inputs', () => {
    const scheduled = new pb.TaskScheduledEvent();
    scheduled.setName('say_hello');
    scheduled.setInput(stringValue('"Tokyo"'));
    const json = toDtfxEvent(historyEvent(3, (e) => e.setTaskscheduled(scheduled)), true);
    expect(json).toMatchObject({ EventType: DtfxEventType.TaskScheduled, EventId: 3, IsPlayed: true, Name: 'say_hello', Input: '"Tokyo"', Timestamp: AT.toISOString() });
  });

  it('gives completions TaskScheduledId and "null" results when the activity returned nothing', () => {
    const completed = new pb.TaskCompletedEvent();
    completed.setTaskscheduledid(3);
    const json = toDtfxEvent(historyEvent(-1, (e) => e.setTaskcompleted(completed)), false);
    expect(json).toMatchObject({ EventType: DtfxEventType.TaskCompleted, EventId: -1, TaskScheduledId: 3, Result: null, IsPlayed: false });
  });

  it('carries failure details so the shim raises a TaskFailedError with the original message', () => {
    const details = new pb.TaskFailureDetails();
    details.setErrortype('Error');
    details.setErrormessage('boom');
    const failed = new pb.TaskFailedEvent();
    failed.setTaskscheduledid(4);
    failed.setFailuredetails(details);
    const json = toDtfxEvent(historyEvent(-1, (e) => e.setTaskfailed(failed)), false);
    expect(json).toMatchObject({ TaskScheduledId: 4, Reason: 'boom', FailureDetails: { ErrorType: 'Error', ErrorMessage: 'boom' } });
  });

  it('maps ExecutionStarted with its input text, version and parent', () => {
    const instance = new pb.OrchestrationInstance();
    instance.setInstanceid('child');
    const parentInstance = new pb.OrchestrationInstance();
    parentInstance.setInstanceid('parent');
    const parent = new pb.ParentInstanceInfo();
    parent.setTaskscheduledid(2);
    parent.setOrchestrationinstance(parentInstance);
    const started = new pb.ExecutionStartedEvent();
    started.setName('chaining_orchestration');
    started.setInput(stringValue('["Oslo"]'));
    started.setOrchestrationinstance(instance);
    started.setParentinstance(parent);
    const json = toDtfxEvent(historyEvent(-1, (e) => e.setExecutionstarted(started)), false);
    expect(json).toMatchObject({
      EventType: DtfxEventType.ExecutionStarted,
      Name: 'chaining_orchestration',
      Input: '["Oslo"]',
      Version: '',
      OrchestrationInstance: { InstanceId: 'child' },
      ParentInstance: { TaskScheduleId: 2, OrchestrationInstance: { InstanceId: 'parent' } },
    });
  });

  it('turns DTS entity calls and responses into the classic EventSent / EventRaised pair', () => {
    const called = new pb.EntityOperationCalledEvent();
    called.setRequestid('req-1');
    called.setOperation('add');
    called.setTargetinstanceid(stringValue('@counter@k'));
    const sent = toDtfxEvent(historyEvent(5, (e) => e.setEntityoperationcalled(called)), true);
    expect(sent).toMatchObject({ EventType: DtfxEventType.EventSent, EventId: 5, InstanceId: '@counter@k', Name: 'add' });
    expect(JSON.parse(sent?.Input ?? '{}')).toMatchObject({ id: 'req-1', op: 'add' });

    const completed = new pb.EntityOperationCompletedEvent();
    completed.setRequestid('req-1');
    completed.setOutput(stringValue('7'));
    const raised = toDtfxEvent(historyEvent(-1, (e) => e.setEntityoperationcompleted(completed)), false);
    expect(raised).toMatchObject({ EventType: DtfxEventType.EventRaised, Name: 'req-1' });
    expect(JSON.parse(raised?.Input ?? '{}')).toEqual({ result: '7' });
  });

  it('drops events the shim has no use for', () => {
    expect(toDtfxEvent(historyEvent(-1, (e) => e.setGenericevent(new pb.GenericEvent())), false)).toBeUndefined();
  });

  it('gives a critical section the shape durable-functions replays: the lock request as EventSent, the grant as its response', () => {
    const requested = new pb.EntityLockRequestedEvent();
    requested.setCriticalsectionid('lock-1');
    requested.setLocksetList(['@account@a', '@account@b']);
    requested.setParentinstanceid(stringValue('bank'));
    expect(toDtfxEvent(historyEvent(2, (e) => e.setEntitylockrequested(requested)), true)).toMatchObject({
      EventType: DtfxEventType.EventSent,
      EventId: 2,
      InstanceId: '@account@a',
      Input: JSON.stringify({ id: 'lock-1', parent: 'bank', lockset: [{ name: 'account', key: 'a' }, { name: 'account', key: 'b' }], pos: 0 }),
    });
    const granted = new pb.EntityLockGrantedEvent();
    granted.setCriticalsectionid('lock-1');
    expect(toDtfxEvent(historyEvent(-1, (e) => e.setEntitylockgranted(granted)), false)).toMatchObject({ EventType: DtfxEventType.EventRaised, Name: 'lock-1', Input: '{"result":null}' });
  });
});

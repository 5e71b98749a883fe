import pb from '@microsoft/durabletask-js/dist/proto/orchestrator_service_pb.js';
import { describe, expect, it } from 'vitest';
import { stringValue } from './orchestrator-response-proto.js';
import { rewindHistory } from './rewind.js';

function event(eventId: number, set: (event: pb.HistoryEvent) => void): pb.HistoryEvent {
  const e = new pb.HistoryEvent();
  e.setEventid(eventId);
  set(e);
  return e;
}

function started(executionId: string, parentExecutionId?: string): pb.HistoryEvent {
  const s = new pb.ExecutionStartedEvent();
  s.setName('orchestration');
  const instance = new pb.OrchestrationInstance();
  instance.setInstanceid('i');
  instance.setExecutionid(stringValue(executionId));
  s.setOrchestrationinstance(instance);
  if (parentExecutionId) {
    const parent = new pb.ParentInstanceInfo();
    const parentInstance = new pb.OrchestrationInstance();
    parentInstance.setInstanceid('parent');
    parentInstance.setExecutionid(stringValue(parentExecutionId));
    parent.setOrchestrationinstance(parentInstance);
    s.setParentinstance(parent);
  }
  return event(-1, (e) => e.setExecutionstarted(s));
}

const scheduled = (id: number) => event(id, (e) => e.setTaskscheduled(new pb.TaskScheduledEvent()));
const completed = (id: number) =>
  event(-1, (e) => {
    const c = new pb.TaskCompletedEvent();
    c.setTaskscheduledid(id);
    e.setTaskcompleted(c);
  });
const failed = (id: number) =>
  event(-1, (e) => {
    const f = new pb.TaskFailedEvent();
    f.setTaskscheduledid(id);
    e.setTaskfailed(f);
  });
const orchestratorStarted = () => event(-1, (e) => e.setOrchestratorstarted(new pb.OrchestratorStartedEvent()));
const executionCompleted = () => event(-1, (e) => e.setExecutioncompleted(new pb.ExecutionCompletedEvent()));
const rewound = (parentExecutionId?: string) =>
  event(-1, (e) => {
    const r = new pb.ExecutionRewoundEvent();
    if (parentExecutionId) r.setParentexecutionid(stringValue(parentExecutionId));
    e.setExecutionrewound(r);
  });

function kinds(history: pb.HistoryEvent[]): string[] {
  const names = Object.fromEntries(Object.entries(pb.HistoryEvent.EventtypeCase).map(([name, value]) => [value, name]));
  return history.map((e) => `${names[e.getEventtypeCase()]}${e.getEventid() >= 0 ? `#${e.getEventid()}` : ''}`);
}

describe('rewinding a failed execution', () => {
  const past = [orchestratorStarted(), started('old'), scheduled(0), orchestratorStarted(), completed(0), scheduled(1), orchestratorStarted(), failed(1), executionCompleted()];

  it('drops the failed task with its scheduling event and the completion, and keeps the rewind marker', () => {
    const history = rewindHistory(past, [orchestratorStarted(), rewound()])!;
    expect(kinds(history)).toEqual([
      'ORCHESTRATORSTARTED',
      'EXECUTIONSTARTED',
      'TASKSCHEDULED#0',
      'ORCHESTRATORSTARTED',
      'TASKCOMPLETED',
      'ORCHESTRATORSTARTED',
      'ORCHESTRATORSTARTED',
      'EXECUTIONREWOUND',
    ]);
  });

  it('runs the rewound execution under a new execution id, reporting to the parent’s new execution', () => {
    const child = [orchestratorStarted(), started('old', 'parent-old'), scheduled(0), orchestratorStarted(), failed(0), executionCompleted()];
    const history = rewindHistory(child, [orchestratorStarted(), rewound('parent-new')])!;
    const execution = history.find((e) => e.hasExecutionstarted())!.getExecutionstarted()!;
    expect(execution.getOrchestrationinstance()!.getExecutionid()!.getValue()).toMatch(/^[0-9a-f]{32}$/);
    expect(execution.getParentinstance()!.getOrchestrationinstance()!.getExecutionid()!.getValue()).toBe('parent-new');
    // The request's own event is left as it was.
    expect(child[1].getExecutionstarted()!.getOrchestrationinstance()!.getExecutionid()!.getValue()).toBe('old');
  });

  it('is not a rewind when the execution has not completed (the marker is already in the history)', () => {
    expect(rewindHistory([...past.slice(0, -1), rewound()], [orchestratorStarted()])).toBeUndefined();
  });
});

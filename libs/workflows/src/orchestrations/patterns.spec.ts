import { TestOrchestrationRunner } from '@durable-hosts/durable/testing';
import { activities, orchestrations } from '../index.js';
import { eternalOrchestration } from './eternal.js';
import { humanInteractionOrchestration } from './human-interaction.js';
import { monitorOrchestration } from './monitor.js';
import { progressOrchestration } from './progress.js';
import { regionalGreetingsOrchestration } from './regional-greetings.js';
import { retryOrchestration } from './retry.js';

const START = new Date('2026-01-01T00:00:00.000Z');
const runner = new TestOrchestrationRunner({ orchestrations, activities, startTime: START });
const elapsedSeconds = (result: { startedAt: Date; finishedAt: Date }) =>
  (result.finishedAt.getTime() - result.startedAt.getTime()) / 1000;

describe('regional_greetings_orchestration', () => {
  it('runs one fan-out sub-orchestration per region with predictable child ids', async () => {
    const result = await runner.run(regionalGreetingsOrchestration, undefined, { instanceId: 'regions-1' });
    expect(result.output).toEqual([
      { region: 'Asia', greetings: ['Hello Tokyo!', 'Hello Seoul!'] },
      { region: 'Europe', greetings: ['Hello London!', 'Hello Paris!', 'Hello Berlin!'] },
    ]);
    expect(result.children.map((c) => [c.instanceId, c.name, c.status])).toEqual([
      ['regions-1:asia', 'fan_out_fan_in_orchestration', 'completed'],
      ['regions-1:europe', 'fan_out_fan_in_orchestration', 'completed'],
    ]);
  });
});

describe('human_interaction_orchestration', () => {
  it('is approved by an approval event raised while it waits', async () => {
    const result = await runner.run(humanInteractionOrchestration, null, {
      events: [{ name: 'approval', data: { approved: true, approver: 'ana' }, at: { hours: 3 } }],
    });
    expect(result.output).toEqual({ outcome: 'approved', approver: 'ana' });
    expect(elapsedSeconds(result)).toBe(3 * 3600);
    expect(result.customStatusHistory).toEqual([
      { waitingFor: 'approval', subject: 'expense report' },
      { subject: 'expense report', outcome: 'approved' },
    ]);
  });

  it('is rejected by `false`', async () => {
    const result = await runner.run(humanInteractionOrchestration, null, {
      events: [{ name: 'approval', data: false }],
    });
    expect(result.output).toEqual({ outcome: 'rejected' });
  });

  it('treats an empty approval event as a rejection', async () => {
    const result = await runner.run(humanInteractionOrchestration, null, { events: [{ name: 'approval' }] });
    expect(result.output).toEqual({ outcome: 'rejected' });
  });

  it('times out after a day without an answer', async () => {
    const result = await runner.run(humanInteractionOrchestration);
    expect(result.output).toEqual({ outcome: 'timed_out' });
    expect(elapsedSeconds(result)).toBe(24 * 3600);
  });

  it('times out when the answer comes after the timeout', async () => {
    const result = await runner.run(
      humanInteractionOrchestration,
      { timeoutSeconds: 60 },
      { events: [{ name: 'approval', data: true, at: { minutes: 2 } }] },
    );
    expect(result.output).toEqual({ outcome: 'timed_out' });
  });
});

describe('monitor_orchestration', () => {
  it('polls every minute until the job is done', async () => {
    const result = await runner.run(monitorOrchestration);
    expect(result.output).toEqual({ jobId: 'job-1', status: 'done', polls: 3 });
    expect(elapsedSeconds(result)).toBe(120);
    expect(result.customStatus).toEqual({ jobId: 'job-1', polls: 3, status: 'done' });
  });

  it('gives up at the deadline', async () => {
    const result = await runner.run(monitorOrchestration, {
      jobId: 'slow',
      completesAfterPolls: 100,
      pollIntervalSeconds: 600,
      timeoutSeconds: 1800,
    });
    expect(result.output).toEqual({ jobId: 'slow', status: 'timed_out', polls: 4 });
    expect(elapsedSeconds(result)).toBe(1800);
  });
});

describe('retry_orchestration', () => {
  it('succeeds on the third attempt after two transient failures, with backoff', async () => {
    const result = await runner.run(retryOrchestration, null, { instanceId: 'retry-ok' });
    expect(result.output).toEqual({ succeeded: true, greeting: 'Hello Tokyo!', attempts: 3 });
    expect(result.history.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
    expect(elapsedSeconds(result)).toBe(3); // 1 s, then 2 s
  });

  it('reports the last failure when every attempt fails', async () => {
    const result = await runner.run(
      retryOrchestration,
      { failuresBeforeSuccess: 4 },
      { instanceId: 'retry-exhausted' },
    );
    expect(result.output).toEqual({ succeeded: false, error: 'Transient failure 4 of 4 greeting Tokyo' });
    expect(result.history.filter((e) => e.type === 'TaskScheduled')).toHaveLength(4);
  });
});

describe('eternal_orchestration', () => {
  it('continues as new every interval until the stop event', async () => {
    const result = await runner.run(eternalOrchestration, null, {
      events: [{ name: 'stop', at: { seconds: 150 } }],
    });
    expect(result.output).toEqual({ iterations: 3, stoppedBy: 'event' });
    expect(result.executions).toBe(3);
    expect(result.customStatus).toEqual({ iteration: 2, heartbeat: 'Heartbeat 2' });
  });

  it('stops itself at maxIterations', async () => {
    const result = await runner.run(eternalOrchestration, { intervalSeconds: 1, maxIterations: 3 });
    expect(result.output).toEqual({ iterations: 3, stoppedBy: 'limit' });
    expect(result.executions).toBe(3);
  });
});

describe('progress_orchestration', () => {
  it('reports its progress in the custom status', async () => {
    const result = await runner.run(progressOrchestration, ['Tokyo', 'Lima']);
    expect(result.output).toEqual(['Hello Tokyo!', 'Hello Lima!']);
    expect(result.customStatusHistory).toEqual([
      { completed: 0, total: 2 },
      { completed: 1, total: 2, last: 'Hello Tokyo!' },
      { completed: 2, total: 2, last: 'Hello Lima!' },
    ]);
  });
});

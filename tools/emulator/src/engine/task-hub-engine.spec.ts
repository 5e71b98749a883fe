import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import { SqliteStore } from '../store/sqlite-store.js';
import { TaskHubEngine } from './task-hub-engine.js';
import { TimerQueue } from './timer-queue.js';

function newEngine(): { engine: TaskHubEngine; close(): void } {
  const store = new SqliteStore(':memory:');
  const timers = new TimerQueue();
  const engine = new TaskHubEngine(store.forHub('default'), timers, {
    abandonGraceMs: 0,
    abandonRetryDelayMs: 0,
    orchestrationWorkItemTimeoutMs: 0,
    activityWorkItemTimeoutMs: 0,
    log: () => undefined,
  });
  engine.load();
  return {
    engine,
    close() {
      engine.close();
      timers.close();
      store.close();
    },
  };
}

describe('TaskHubEngine without workers', () => {
  it('forgets a wait whose caller went away', () => {
    const { engine, close } = newEngine();
    try {
      engine.startInstance({ instanceId: 'waited', name: 'anything' });
      const results: unknown[] = [];
      const cancel = engine.waitForInstance('waited', () => false, (row) => results.push(row));
      expect(engine.stats().waiters).toBe(1);
      cancel();
      expect(engine.stats().waiters).toBe(0);
      expect(results).toEqual([]);
    } finally {
      close();
    }
  });

  it('wakes a completion wait after the change is committed', async () => {
    const { engine, close } = newEngine();
    try {
      engine.startInstance({ instanceId: 'ends', name: 'anything' });
      const done = new Promise((resolve) =>
        engine.waitForInstance('ends', (row) => row.status === OrchestrationStatusCode.Terminated, resolve),
      );
      engine.terminate('ends', '"bye"', false);
      const row = (await done) as { status: number; output: string };
      expect(row.status).toBe(OrchestrationStatusCode.Terminated);
      expect(row.output).toBe('"bye"');
      expect(engine.stats()).toMatchObject({ waiters: 0, activeInstances: 0 });
    } finally {
      close();
    }
  });

  it('answers a wait on an unknown instance at once with undefined', () => {
    const { engine, close } = newEngine();
    try {
      const results: unknown[] = [];
      engine.waitForInstance('missing', () => true, (row) => results.push(row));
      expect(results).toEqual([undefined]);
    } finally {
      close();
    }
  });

  it('keeps a scheduled instance pending until its start time', () => {
    const { engine, close } = newEngine();
    try {
      const at = Date.now() + 60_000;
      engine.startInstance({ instanceId: 'later', name: 'anything', scheduledStartAt: at });
      expect(engine.getInstance('later')).toMatchObject({ status: OrchestrationStatusCode.Pending, scheduledStartAt: at });
      // Epoch 0 (what the JS client sends without startAt) means now.
      engine.startInstance({ instanceId: 'now', name: 'anything', scheduledStartAt: 0 });
      expect(engine.getInstance('now')?.scheduledStartAt).toBeUndefined();
    } finally {
      close();
    }
  });
});

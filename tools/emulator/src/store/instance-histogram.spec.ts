import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import { roundInterval } from './instance-histogram.js';
import type { InstanceRow } from './rows.js';
import { SqliteStore } from './sqlite-store.js';

const { Completed, Failed, Running } = OrchestrationStatusCode;

function row(instanceId: string, status: number, createdAt: number, name = 'chaining_orchestration'): InstanceRow {
  return {
    instanceId, executionId: 'e', name, version: undefined, status, input: undefined, output: undefined,
    customStatus: undefined, failureDetails: undefined, createdAt, lastUpdatedAt: createdAt, completedAt: undefined,
    scheduledStartAt: undefined, parentInstanceId: undefined, parentExecutionId: undefined, parentTaskId: undefined,
    parentName: undefined, tags: {}, needsReplay: false,
  };
}

describe('instances started per interval', () => {
  const database = new SqliteStore(':memory:');
  const store = database.forHub('hub-a');
  const other = database.forHub('hub-b');
  const minute = 60_000;
  const t0 = Date.UTC(2026, 11, 2, 10, 0, 0);
  store.transaction(() => {
    store.saveInstance(row('a1', Completed, t0 + 5_000));
    store.saveInstance(row('a2', Completed, t0 + 20_000));
    store.saveInstance(row('a3', Failed, t0 + 30_000));
    store.saveInstance(row('b1', Running, t0 + 9 * minute + 1_000, 'fan_out_fan_in_orchestration'));
    other.saveInstance(row('x1', Completed, t0 + 1_000));
  });
  database.commit();

  it('picks the smallest round interval that fits the range in the buckets asked for', () => {
    expect(roundInterval(9 * minute, 60)).toBe(10_000);
    expect(roundInterval(9 * minute, 10)).toBe(minute);
    expect(roundInterval(1, 60)).toBe(1);
    expect(roundInterval(400 * 86_400_000, 60)).toBe(7 * 86_400_000);
  });

  it('counts the instances of one hub per interval and status, from a round start', () => {
    const h = store.queries.startedPerInterval({}, 10);
    expect(h).toMatchObject({ from: t0, to: t0 + 10 * minute, intervalMs: minute });
    expect(h.counts.sort((a, b) => a.slot - b.slot || a.status - b.status)).toEqual([
      { slot: 0, status: Completed, n: 2 },
      { slot: 0, status: Failed, n: 1 },
      { slot: 9, status: Running, n: 1 },
    ]);
  });

  it('applies the list filters and an explicit range', () => {
    expect(store.queries.startedPerInterval({ names: ['fan_out_fan_in_orchestration'] }, 10).counts).toEqual([{ slot: 0, status: Running, n: 1 }]);
    const ranged = store.queries.startedPerInterval({ createdFrom: t0, createdTo: t0 + minute - 1, statuses: [Completed] }, 6);
    expect(ranged.intervalMs).toBe(10_000);
    expect(ranged.counts).toEqual([{ slot: 0, status: Completed, n: 1 }, { slot: 2, status: Completed, n: 1 }]);
  });

  it('counts the same from the status index alone as from the rows', () => {
    const sorted = (h: ReturnType<typeof store.queries.startedPerInterval>) => ({ ...h, counts: [...h.counts].sort((a, b) => a.slot - b.slot || a.status - b.status) });
    const byIndex = store.queries.startedPerInterval({ statuses: [Completed, Failed, Running] }, 20);
    const byRows = store.queries.startedPerInterval({ names: ['chaining_orchestration', 'fan_out_fan_in_orchestration'] }, 20);
    expect(sorted(byIndex)).toEqual(sorted(byRows));
    expect(byIndex.counts.reduce((n, c) => n + c.n, 0)).toBe(4);
  });

  it('keeps an asked-for range with no instances in it', () => {
    const range = { createdFrom: t0 + 60 * minute, createdTo: t0 + 120 * minute - 1 };
    expect(store.queries.startedPerInterval(range, 6)).toEqual({ from: t0 + 60 * minute, to: t0 + 120 * minute, intervalMs: 10 * minute, counts: [] });
    expect(store.queries.startedPerInterval({ ...range, text: 'a' }, 6)).toEqual({ from: t0 + 60 * minute, to: t0 + 120 * minute, intervalMs: 10 * minute, counts: [] });
  });

  it('answers an empty range when nothing matches', () => {
    expect(store.queries.startedPerInterval({ names: ['nothing'] }, 10)).toMatchObject({ from: undefined, counts: [] });
  });

  it('walks the matching ids in pages, resuming after the last id seen', () => {
    expect(store.queries.idsAfter({}, undefined, 2)).toEqual(['a1', 'a2']);
    expect(store.queries.idsAfter({}, 'a2', 2)).toEqual(['a3', 'b1']);
    expect(store.queries.idsAfter({ statuses: [Completed] }, 'a1', 10)).toEqual(['a2']);
  });
});

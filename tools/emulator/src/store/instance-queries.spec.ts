import { OrchestrationStatusCode } from '@durable-hosts/dts-protocol';
import type { InstanceRow } from './rows.js';
import { SqliteStore } from './sqlite-store.js';

function row(instanceId: string, status: number, overrides: Partial<InstanceRow> = {}): InstanceRow {
  return {
    instanceId,
    executionId: `${instanceId}-exec`,
    name: 'chaining_orchestration',
    version: undefined,
    status,
    input: undefined,
    output: undefined,
    customStatus: undefined,
    failureDetails: undefined,
    createdAt: 1000,
    lastUpdatedAt: 1000,
    completedAt: undefined,
    scheduledStartAt: undefined,
    parentInstanceId: undefined,
    parentExecutionId: undefined,
    parentTaskId: undefined,
    parentName: undefined,
    tags: {},
    needsReplay: false,
    ...overrides,
  };
}

describe('instance queries of one task hub', () => {
  const database = new SqliteStore(':memory:');
  const store = database.forHub('hub-a');
  const other = database.forHub('hub-b');
  store.transaction(() => {
    store.saveInstance(row('Order-1', OrchestrationStatusCode.Completed, { completedAt: 2000, tags: { team: 'blue' } }));
    store.saveInstance(row('order-2', OrchestrationStatusCode.Running, { customStatus: '"Waiting for Approval"' }));
    store.saveInstance(row('Order-3', OrchestrationStatusCode.Failed, { completedAt: 3000, name: 'fan_out_fan_in_orchestration' }));
    other.saveInstance(row('Order-9', OrchestrationStatusCode.Completed, { completedAt: 2500 }));
  });
  database.commit();
  afterAll(() => database.close());

  const ids = (rows: InstanceRow[]): string[] => rows.map((r) => r.instanceId).sort();

  it('matches an instance id prefix case-sensitively and only in its own hub', () => {
    const page = (instanceIdPrefix: string) => store.queries.cursorPage({ instanceIdPrefix, pageSize: 10, order: 'oldest' }).rows;
    expect(ids(page('Order-'))).toEqual(['Order-1', 'Order-3']);
    expect(ids(page('order-'))).toEqual(['order-2']);
    expect(store.queries.count({ instanceIdPrefix: 'Order-' })).toBe(2);
  });

  it('filters the sorted list by free text (case-insensitive), tag and name', () => {
    const page = (f: object) => store.queries.page({ sort: 'createdAt', descending: true, offset: 0, limit: 10, ...f });
    expect(ids(page({ text: 'approval' }))).toEqual(['order-2']);
    expect(ids(page({ tags: ['team'] }))).toEqual(['Order-1']);
    expect(ids(page({ tags: ['team=red'] }))).toEqual([]);
    expect(ids(page({ names: ['fan_out_fan_in_orchestration'] }))).toEqual(['Order-3']);
  });

  it('counts by status ignoring the status filter, and lists and purges only finished instances', () => {
    const { counts, capped } = store.queries.countsByStatus({ statuses: [OrchestrationStatusCode.Running], instanceIdPrefix: 'Order-' });
    expect([...counts.entries()].sort()).toEqual([
      [OrchestrationStatusCode.Completed, 1],
      [OrchestrationStatusCode.Failed, 1],
    ]);
    expect(capped).toBe(false);
    expect(store.queries.completedIds({ pageSize: 10 }).ids).toEqual(['Order-3', 'Order-1']);
    expect(store.queries.completedIds({ pageSize: 10, statuses: [OrchestrationStatusCode.Running] }).ids).toEqual([]);
    expect(store.queries.purgeCandidates({}).sort()).toEqual(['Order-1', 'Order-3']);
  });
});

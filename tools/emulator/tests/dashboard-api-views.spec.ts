// The dashboard API's views and batch operations against the real emulator process: the time histogram of
// the filtered list, an instance's history as a download, its flow, and batches over listed ids or over
// everything a filter matches, run in pages with progress and a result per instance.
import {
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, startConnected, stopConnected, type ConnectedEmulator } from './support/dts-fixture.js';

const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
const fanOut: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const first: string = yield ctx.callActivity('say_hello', 'Tokyo');
  const rest: string[] = yield whenAll(['Seattle', 'London', 'Paris'].map((c) => ctx.callActivity('say_hello', c)));
  yield ctx.createTimer(0.05);
  const approved: unknown = yield ctx.waitForExternalEvent('approval');
  return { first, rest, approved };
};
const approval: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  return yield ctx.waitForExternalEvent('approval');
};

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

describe('dashboard API: histogram, export, flow and batches', () => {
  let connected: ConnectedEmulator;
  let client: TaskHubGrpcClient;
  let idle: TaskHubGrpcClient;
  let base: string;

  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const batchDone = (hub: string, batchId: string): Promise<any> =>
    waitFor(
      async () => {
        const batch = (await call('GET', `/api/v1/taskhubs/${hub}/batches/${batchId}`)).body;
        return batch.state === 'running' ? undefined : batch;
      },
      { timeoutMs: 30_000, message: `batch ${batchId} to finish` },
    );

  beforeAll(async () => {
    connected = await startConnected(
      (worker) => {
        worker.addNamedActivity('say_hello', sayHello);
        worker.addNamedOrchestrator('fan_out_orchestration', fanOut);
        worker.addNamedOrchestrator('approval_orchestration', approval);
      },
      // No worker ever connects to "idle": its instances stay Pending, which keeps large batches cheap.
      { taskHubs: ['default', 'idle'] },
    );
    client = connected.client;
    idle = newClient(connected.emulator, 'idle');
    base = `http://127.0.0.1:${connected.emulator.dashboardPort}`;
  });

  afterAll(async () => {
    await idle?.stop();
    await stopConnected(connected ?? {});
  });

  it('counts the filtered list per interval and status, every interval present', async () => {
    for (let i = 0; i < 4; i++) await idle.scheduleNewOrchestration('histogram_probe', undefined, { instanceId: `histo-${i}` } as never);
    await idle.terminateOrchestration('histo-0');
    await waitFor(async () => ((await call('GET', '/api/v1/taskhubs/idle/orchestrations/histo-0')).body.runtimeStatus === 'Terminated' ? true : undefined), {
      message: 'histo-0 to be terminated',
    });
    const h = (await call('GET', '/api/v1/taskhubs/idle/histogram?prefix=histo-&buckets=10')).body;
    expect(h.total).toBe(4);
    expect(h.buckets.length).toBeGreaterThanOrEqual(1);
    expect(h.buckets.length).toBeLessThanOrEqual(11);
    const sum = (status: string): number => h.buckets.reduce((n: number, b: { counts: Record<string, number> }) => n + (b.counts[status] ?? 0), 0);
    expect({ Pending: sum('Pending'), Terminated: sum('Terminated') }).toEqual({ Pending: 3, Terminated: 1 });
    const starts = h.buckets.map((b: { start: string }) => Date.parse(b.start));
    expect(starts.every((t: number, i: number) => i === 0 || t - starts[i - 1] === h.intervalMs)).toBe(true);
    expect(Date.parse(h.to) - Date.parse(h.from)).toBe(h.intervalMs * h.buckets.length);
    const onlyTerminated = (await call('GET', '/api/v1/taskhubs/idle/histogram?prefix=histo-&status=Terminated')).body;
    expect(onlyTerminated.total).toBe(1);
    const none = (await call('GET', '/api/v1/taskhubs/idle/histogram?prefix=nothing-like-this')).body;
    expect(none).toMatchObject({ total: 0, buckets: [], from: null });
    const bad = await call('GET', '/api/v1/taskhubs/idle/histogram?buckets=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/buckets must be a whole number from 1 to 500, got '0'/);
  });

  it('exports an instance with its whole history as a JSON download', async () => {
    const id = await client.scheduleNewOrchestration('fan_out_orchestration', undefined, { instanceId: 'export me/"quoted"' } as never);
    await waitFor(async () => ((await call('GET', `/api/v1/taskhubs/default/orchestrations/${encodeURIComponent(id)}/timeline`)).body.spans.some((s: { kind: string }) => s.kind === 'timer') ? true : undefined), {
      message: 'the timer',
    });
    await client.raiseOrchestrationEvent(id, 'approval', true);
    await client.waitForOrchestrationCompletion(id, false, 20);
    const path = `/api/v1/taskhubs/default/orchestrations/${encodeURIComponent(id)}`;
    const exported = await call('GET', `${path}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(
      `attachment; filename="export_me_quoted_.history.json"; filename*=UTF-8''${encodeURIComponent(`${id}.history.json`)}`,
    );
    const history = (await call('GET', `${path}/history`)).body;
    expect(exported.body.instance).toMatchObject({ instanceId: id, runtimeStatus: 'Completed', name: 'fan_out_orchestration' });
    expect(JSON.parse(exported.body.instance.output)).toEqual({ first: 'Hello Tokyo!', rest: ['Hello Seattle!', 'Hello London!', 'Hello Paris!'], approved: true });
    expect(exported.body.history).toEqual({ total: history.total, events: history.events });
    expect((await call('GET', '/api/v1/taskhubs/default/orchestrations/never-was/export')).status).toBe(404);
  });

  it('plots the flow: a step per episode, the fan-out in one step, events where they woke the orchestration', async () => {
    const flow = (await call('GET', `/api/v1/taskhubs/default/orchestrations/${encodeURIComponent('export me/"quoted"')}/flow`)).body;
    expect(flow.orchestration).toMatchObject({ name: 'fan_out_orchestration', status: 'completed' });
    const shape = flow.steps.map((s: { received: { type: string }[]; scheduled: { kind: string; input?: string }[] }) => ({
      received: s.received.map((n) => n.type),
      scheduled: s.scheduled.map((n) => (n.kind === 'activity' ? `activity ${n.input}` : n.kind)),
    }));
    expect(shape).toEqual([
      { received: [], scheduled: ['activity "Tokyo"'] },
      { received: [], scheduled: ['activity "Seattle"', 'activity "London"', 'activity "Paris"'] },
      { received: [], scheduled: ['timer'] },
      { received: ['EventRaised'], scheduled: [] },
    ]);
    const fanned = flow.steps[1].scheduled;
    expect(fanned.map((n: { output: string }) => n.output)).toEqual(['"Hello Seattle!"', '"Hello London!"', '"Hello Paris!"']);
    expect(flow.steps[3].received[0]).toMatchObject({ name: 'approval', details: { input: 'true' } });
  });

  it('terminates listed instances and reports each: done, not allowed in its state, not found', async () => {
    const running = await client.scheduleNewOrchestration('approval_orchestration', undefined, { instanceId: 'batch-running' } as never);
    const finished = await client.scheduleNewOrchestration('approval_orchestration', undefined, { instanceId: 'batch-finished' } as never);
    await client.waitForOrchestrationStart(running, false, 10);
    await client.raiseOrchestrationEvent(finished, 'approval', 'yes');
    await client.waitForOrchestrationCompletion(finished, false, 10);
    const started = await call('POST', '/api/v1/taskhubs/default/batches', {
      action: 'terminate',
      instanceIds: [running, finished, 'batch-never-existed'],
      reason: 'cleaning up',
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ action: 'terminate', total: 3 });
    const batch = await batchDone('default', started.body.batchId);
    expect(batch).toMatchObject({ state: 'done', processed: 3, counts: { done: 1, notAllowed: 1, notFound: 1, failed: 0 } });
    expect(batch.results).toEqual([
      { instanceId: running, outcome: 'done' },
      { instanceId: finished, outcome: 'notAllowed', message: 'It is Completed: only Running, Pending or Suspended instances can be terminated.' },
      { instanceId: 'batch-never-existed', outcome: 'notFound', message: "No instance with this ID in task hub 'default' (purged, or never created)." },
    ]);
    const state = await client.waitForOrchestrationCompletion(running, true, 10);
    expect(JSON.parse(state!.serializedOutput!)).toBe('cleaning up');
  });

  it('suspends every instance a filter matches, 2,000 of them, in pages, reporting progress as it goes', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `bulk-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 200) {
      await Promise.all(ids.slice(i, i + 200).map((id) => idle.scheduleNewOrchestration('bulk_probe', undefined, { instanceId: id } as never)));
    }
    await idle.scheduleNewOrchestration('other_probe', undefined, { instanceId: 'bulk-other-name' } as never);
    const started = await call('POST', '/api/v1/taskhubs/idle/batches', { action: 'suspend', filter: { name: 'bulk_probe', prefix: 'bulk-' } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.total).toBe(2000);
    const seen: number[] = [];
    let batch: any;
    do {
      batch = (await call('GET', `/api/v1/taskhubs/idle/batches/${started.body.batchId}?limit=0`)).body;
      seen.push(batch.processed);
    } while (batch.state === 'running');
    expect(seen.some((n) => n > 0 && n < 2000), `progress seen: ${seen.join(', ')}`).toBe(true);
    expect(batch).toMatchObject({ state: 'done', processed: 2000, counts: { done: 2000, notAllowed: 0, notFound: 0, failed: 0 }, results: [] });
    const page = (await call('GET', `/api/v1/taskhubs/idle/batches/${started.body.batchId}?offset=1990&limit=20`)).body;
    expect(page.results.map((r: { instanceId: string }) => r.instanceId)).toEqual(ids.slice(1990));
    const list = (await call('GET', '/api/v1/taskhubs/idle/orchestrations?prefix=bulk-&pageSize=1')).body;
    expect(list.countsByStatus).toMatchObject({ Suspended: 2000, Pending: 1 });
    // The same selection again: everything is already suspended, and says so.
    const again = await batchDone('idle', (await call('POST', '/api/v1/taskhubs/idle/batches', { action: 'suspend', filter: { name: 'bulk_probe' } })).body.batchId);
    expect(again.counts).toMatchObject({ done: 0, notAllowed: 2000 });
    expect(again.results[0].message).toBe('It is already Suspended.');
  });

  it('restarts with new ids without reaching the instances it starts', async () => {
    const started = await call('POST', '/api/v1/taskhubs/idle/batches', { action: 'restart', newInstanceId: true, filter: { prefix: 'histo-' } });
    const batch = await batchDone('idle', started.body.batchId);
    expect(batch).toMatchObject({ state: 'done', processed: 4, counts: { done: 4 } });
    expect(batch.results.every((r: { newInstanceId?: string }) => typeof r.newInstanceId === 'string' && !r.newInstanceId.startsWith('histo-'))).toBe(true);
    expect((await call('GET', '/api/v1/taskhubs/idle/orchestrations?name=histogram_probe')).body.total).toBe(8);
  });

  it.each([
    ['an unknown action', { action: 'explode', instanceIds: ['a'] }, /^'action' must be one of terminate, suspend, resume, purge, restart, got "explode"\.$/],
    ['no selection', { action: 'purge' }, /^Say which instances: 'instanceIds' \(a list\) or 'filter'/],
    ['an empty list', { action: 'purge', instanceIds: [] }, /'instanceIds' is empty/],
    ['both a list and a filter', { action: 'purge', instanceIds: ['a'], filter: {} }, /either 'instanceIds' or 'filter', not both/],
    ['a filter the list does not have', { action: 'purge', filter: { colour: 'red' } }, /^'filter' must be an object of the list's filters \(status, name, prefix, createdFrom, createdTo, q, tag\)/],
    ['an unknown status', { action: 'purge', filter: { status: 'Sleeping' } }, /Unknown status 'Sleeping'/],
    ['over 10,000 ids', { action: 'purge', instanceIds: Array.from({ length: 10_001 }, (_, i) => `i${i}`) }, /^'instanceIds' lists at most 10000 ids; select "all matching the filter" instead\.$/],
  ])('refuses a batch with %s, saying what was wrong', async (_what, body, message) => {
    const answer = await call('POST', '/api/v1/taskhubs/idle/batches', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
  });

  it('answers 404 for a batch it does not know, and cancels one it does', async () => {
    const unknown = await call('GET', '/api/v1/taskhubs/idle/batches/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/No batch 'nope' in task hub 'idle'/);
    const started = await call('POST', '/api/v1/taskhubs/idle/batches', { action: 'resume', filter: { name: 'bulk_probe' } });
    const canceled = await call('POST', `/api/v1/taskhubs/idle/batches/${started.body.batchId}/cancel`, {});
    expect(canceled.status).toBe(200);
    const batch = await batchDone('idle', started.body.batchId);
    expect(batch.state).toBe('canceled');
    expect(batch.processed).toBeLessThan(2000);
    expect((await call('GET', `/api/v1/taskhubs/default/batches/${started.body.batchId}`)).status).toBe(404);
  });
});

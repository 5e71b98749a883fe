// The dashboard's REST API against the real emulator process, with orchestrations driven by the real
// durabletask-js client and worker.
import http from 'node:http';
import {
  EntityInstanceId,
  OrchestrationStatus,
  RetryPolicy,
  TaskEntity,
  whenAll,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
  type TaskHubGrpcWorker,
  type TOrchestrator,
} from '@microsoft/durabletask-js';
import { waitFor } from '@durable-hosts/test-support';
import { newClient, newWorker, startEmulator, type EmulatorProcess } from './support/dts-fixture.js';

const sayHello = async (_ctx: ActivityContext, city: string): Promise<string> => `Hello ${city}!`;
const attempts = new Map<string, number>();
const flaky = async (_ctx: ActivityContext, key: string): Promise<string> => {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  if (n < 3) throw new Error(`flaky attempt ${n} failed`);
  return `ok after ${n}`;
};
const failing = async (): Promise<string> => {
  throw new Error('boom: the activity failed on purpose');
};

const chaining: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const results: string[] = [];
  for (const city of ['Tokyo', 'Seattle', 'London']) results.push(yield ctx.callActivity('say_hello', city));
  return results;
};
const fanOut: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  return yield whenAll(['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin'].map((c) => ctx.callActivity('say_hello', c)));
};
const approval: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const decision: unknown = yield ctx.waitForExternalEvent('approval');
  return { approved: decision };
};
const withChild: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  const child: unknown = yield ctx.callSubOrchestrator('chaining_orchestration', undefined, { instanceId: `${ctx.instanceId}-child` });
  yield ctx.createTimer(0.05);
  return child;
};
const retrying: TOrchestrator = async function* (ctx: OrchestrationContext, key: string): AsyncGenerator<unknown, unknown, any> {
  const retry = new RetryPolicy({ maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 50 });
  return yield ctx.callActivity('flaky', key, { retry });
};
const failingOrchestration: TOrchestrator = async function* (ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, any> {
  return yield ctx.callActivity('failing');
};

class Counter extends TaskEntity<number> {
  add(amount: number): number {
    this.state += amount;
    return this.state;
  }
  protected override initializeState(): number {
    return 0;
  }
}

interface Reply {
  status: number;
  body: any;
}

describe('dashboard REST API', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;
  let base: string;
  let chainingId: string;
  let fanOutId: string;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' },
  ): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const getJson = async (path: string): Promise<any> => {
    const reply = await call('GET', path);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body;
  };
  const statusOf = async (id: string): Promise<string> =>
    (await getJson(`/api/v1/taskhubs/default/orchestrations/${encodeURIComponent(id)}`)).runtimeStatus;
  const waitForStatus = (id: string, status: string): Promise<string> =>
    waitFor(async () => ((await statusOf(id)) === status ? status : undefined), {
      timeoutMs: 15_000,
      message: `instance ${id} to be ${status}`,
    });

  beforeAll(async () => {
    emulator = await startEmulator({ taskHubs: ['default', 'other'] });
    base = `http://127.0.0.1:${emulator.dashboardPort}`;
    client = newClient(emulator);
    worker = newWorker(emulator);
    worker.addNamedActivity('say_hello', sayHello);
    worker.addNamedActivity('flaky', flaky);
    worker.addNamedActivity('failing', failing);
    worker.addNamedOrchestrator('chaining_orchestration', chaining);
    worker.addNamedOrchestrator('fan_out_fan_in_orchestration', fanOut);
    worker.addNamedOrchestrator('approval_orchestration', approval);
    worker.addNamedOrchestrator('parent_orchestration', withChild);
    worker.addNamedOrchestrator('retry_orchestration', retrying);
    worker.addNamedOrchestrator('failing_orchestration', failingOrchestration);
    worker.addNamedEntity('counter', () => new Counter());
    await worker.start();
    chainingId = await client.scheduleNewOrchestration('chaining_orchestration', undefined, { tags: { team: 'blue' } } as never);
    fanOutId = await client.scheduleNewOrchestration('fan_out_fan_in_orchestration');
    await client.waitForOrchestrationCompletion(chainingId, true, 20);
    await client.waitForOrchestrationCompletion(fanOutId, true, 20);
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.stop();
    await emulator?.stop();
  });

  describe('reads', () => {
    it('lists the task hubs with their counts', async () => {
      const body = await getJson('/api/v1/taskhubs');
      expect(body.taskHubs.map((h: { name: string }) => h.name)).toEqual(['default', 'other']);
      const hub = body.taskHubs.find((h: { name: string }) => h.name === 'default');
      expect(hub.countsByStatus.Completed).toBeGreaterThanOrEqual(2);
      expect(body.taskHubs.find((h: { name: string }) => h.name === 'other').countsByStatus.Completed).toBe(0);
    });

    it('answers health', async () => {
      expect(await getJson('/api/v1/health')).toMatchObject({ status: 'ok', grpcPort: emulator.grpcPort });
    });

    it('lists both Hello Cities instances as Completed, newest first, with counts by status', async () => {
      const body = await getJson('/api/v1/taskhubs/default/orchestrations?status=Completed&name=chaining_orchestration&name=fan_out_fan_in_orchestration');
      expect(body.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([fanOutId, chainingId]);
      expect(body.instances.every((i: { runtimeStatus: string }) => i.runtimeStatus === 'Completed')).toBe(true);
      expect(body.total).toBe(2);
      expect(body.countsByStatus.Completed).toBe(2);
      expect(body.countsByStatus.Running).toBe(0);
      expect(body.instances[0]).not.toHaveProperty('input');
    });

    it('filters by id prefix, free text, tag and created range, and sorts and pages', async () => {
      const byPrefix = await getJson(`/api/v1/taskhubs/default/orchestrations?prefix=${chainingId.slice(0, 10)}`);
      expect(byPrefix.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([chainingId]);
      const byText = await getJson('/api/v1/taskhubs/default/orchestrations?q=FAN_OUT');
      expect(byText.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([fanOutId]);
      const byTag = await getJson('/api/v1/taskhubs/default/orchestrations?tag=team%3Dblue');
      expect(byTag.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([chainingId]);
      expect(byTag.instances[0].tags).toEqual({ team: 'blue' });
      const byTagKey = await getJson('/api/v1/taskhubs/default/orchestrations?tag=team');
      expect(byTagKey.total).toBe(1);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await getJson(`/api/v1/taskhubs/default/orchestrations?createdFrom=${future}`)).total).toBe(0);
      const created = (await getJson(`/api/v1/taskhubs/default/orchestrations/${chainingId}`)).createdAt;
      const upTo = await getJson(`/api/v1/taskhubs/default/orchestrations?createdTo=${created}&name=chaining_orchestration`);
      expect(upTo.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([chainingId]);
      const sorted = await getJson('/api/v1/taskhubs/default/orchestrations?status=Completed&sort=name&order=asc&pageSize=1&page=2');
      expect(sorted.page).toBe(2);
      expect(sorted.pageSize).toBe(1);
      const names = (await getJson('/api/v1/taskhubs/default/orchestrations?status=Completed&sort=name&order=asc')).instances.map(
        (i: { name: string }) => i.name,
      );
      expect(sorted.instances[0].name).toBe(names[1]);
      expect([...names].sort()).toEqual(names);
    });

    it('says which page is the last one that has rows', async () => {
      const all = await getJson('/api/v1/taskhubs/default/orchestrations?pageSize=1');
      expect(all.total).toBeGreaterThanOrEqual(2);
      expect(all).toMatchObject({ maxPage: all.total, morePastMaxPage: false });
      const past = await getJson(`/api/v1/taskhubs/default/orchestrations?pageSize=1&page=${all.total + 1}`);
      expect(past.instances).toEqual([]);
      expect(past.maxPage).toBe(all.total);
    });

    it('stops offset paging at 10,000 rows and says how to narrow the list', async () => {
      const last = await getJson('/api/v1/taskhubs/default/orchestrations?pageSize=50&page=201');
      expect(last.instances).toEqual([]);
      expect(last.totalIsLowerBound).toBe(false);
      const beyond = await call('GET', '/api/v1/taskhubs/default/orchestrations?pageSize=50&page=202');
      expect(beyond.status).toBe(400);
      expect(beyond.body.error).toMatch(/paging stops.*reverse the sort/);
    });

    it('refuses an unknown status or sort with a message naming the choices', async () => {
      const badStatus = await call('GET', '/api/v1/taskhubs/default/orchestrations?status=Sleeping');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error).toMatch(/Unknown status 'Sleeping'.*running/);
      const badSort = await call('GET', '/api/v1/taskhubs/default/orchestrations?sort=colour');
      expect(badSort.status).toBe(400);
      expect(badSort.body.error).toMatch(/Unknown sort 'colour'/);
    });

    it('answers 404 for an unknown task hub or instance', async () => {
      const hub = await call('GET', '/api/v1/taskhubs/nope/orchestrations');
      expect(hub.status).toBe(404);
      expect(hub.body.error).toMatch(/Task hub 'nope' is not served here.*default, other/);
      const instance = await call('GET', '/api/v1/taskhubs/default/orchestrations/missing-id');
      expect(instance.status).toBe(404);
      expect(instance.body.error).toMatch(/missing-id/);
    });

    it('shows an instance with its output', async () => {
      const body = await getJson(`/api/v1/taskhubs/default/orchestrations/${chainingId}`);
      expect(body.runtimeStatus).toBe('Completed');
      expect(JSON.parse(body.output)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
      expect(body.failureDetails).toBeNull();
    });

    it('returns the full history with readable event types, times and payloads, and pages it', async () => {
      const body = await getJson(`/api/v1/taskhubs/default/orchestrations/${chainingId}/history`);
      const types = body.events.map((e: { type: string }) => e.type);
      expect(types[0]).toBe('OrchestratorStarted');
      expect(types).toContain('ExecutionStarted');
      expect(types.filter((t: string) => t === 'TaskScheduled')).toHaveLength(3);
      expect(types.at(-1)).toBe('ExecutionCompleted');
      const scheduled = body.events.find((e: { type: string }) => e.type === 'TaskScheduled');
      expect(scheduled.details).toMatchObject({ name: 'say_hello', input: '"Tokyo"' });
      const completed = body.events.find((e: { type: string }) => e.type === 'TaskCompleted');
      expect(completed.details).toMatchObject({ taskScheduledId: scheduled.eventId, result: '"Hello Tokyo!"' });
      expect(Date.parse(completed.timestamp)).toBeGreaterThan(0);
      expect(body.events.at(-1).details.orchestrationStatus).toBe('Completed');
      const page = await getJson(`/api/v1/taskhubs/default/orchestrations/${chainingId}/history?offset=1&limit=2`);
      expect(page.total).toBe(body.total);
      expect(page.events.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    });

    it('builds a timeline with one span per activity and their inputs and outputs', async () => {
      const body = await getJson(`/api/v1/taskhubs/default/orchestrations/${fanOutId}/timeline`);
      const [orchestration, ...activities] = body.spans;
      expect(orchestration).toMatchObject({ kind: 'orchestration', name: 'fan_out_fan_in_orchestration', status: 'completed' });
      expect(activities).toHaveLength(5);
      expect(activities.map((s: { input: string }) => JSON.parse(s.input))).toEqual(['Tokyo', 'Seattle', 'London', 'Paris', 'Berlin']);
      for (const span of activities) {
        expect(span).toMatchObject({ kind: 'activity', name: 'say_hello', status: 'completed', attempt: 1 });
        expect(JSON.parse(span.output)).toBe(`Hello ${JSON.parse(span.input)}!`);
        expect(Date.parse(span.end)).toBeGreaterThanOrEqual(Date.parse(span.start));
      }
    });

    it('shows sub-orchestrations and timers on the timeline and links child to parent', async () => {
      const id = await client.scheduleNewOrchestration('parent_orchestration');
      await client.waitForOrchestrationCompletion(id, true, 20);
      const timeline = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}/timeline`);
      const child = timeline.spans.find((s: { kind: string }) => s.kind === 'subOrchestration');
      expect(child).toMatchObject({ name: 'chaining_orchestration', instanceId: `${id}-child`, status: 'completed' });
      expect(JSON.parse(child.output)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
      const timer = timeline.spans.find((s: { kind: string }) => s.kind === 'timer');
      expect(timer.status).toBe('completed');
      expect(Date.parse(timer.fireAt)).toBeGreaterThan(Date.parse(timer.start));
      const childView = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}-child`);
      expect(childView.parentInstanceId).toBe(id);
    });

    it('numbers retried activity calls on the timeline', async () => {
      const id = await client.scheduleNewOrchestration('retry_orchestration', 'retry-key');
      await client.waitForOrchestrationCompletion(id, true, 20);
      const timeline = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}/timeline`);
      const calls = timeline.spans.filter((s: { kind: string }) => s.kind === 'activity');
      expect(calls.map((s: { attempt: number; status: string }) => [s.attempt, s.status])).toEqual([
        [1, 'failed'],
        [2, 'failed'],
        [3, 'completed'],
      ]);
      expect(calls[0].failure.errorMessage).toMatch(/flaky attempt 1 failed/);
    });

    it('offers the orchestration names seen', async () => {
      const body = await getJson('/api/v1/taskhubs/default/names');
      expect(body.names).toEqual(expect.arrayContaining(['chaining_orchestration', 'fan_out_fan_in_orchestration']));
    });

    it('lists connected workers with user agent, worker id and work in flight', async () => {
      const body = await getJson('/api/v1/taskhubs/default/workers');
      expect(body.workers).toHaveLength(1);
      expect(body.workers[0].userAgent).toMatch(/DurableTaskWorker/);
      expect(body.workers[0].workerId).toMatch(/^test,/);
      expect(Date.parse(body.workers[0].connectedAt)).toBeLessThanOrEqual(Date.now());
      expect(body.workers[0].workItemsInFlight).toBe(0);
      expect((await getJson('/api/v1/taskhubs/other/workers')).workers).toEqual([]);
    });

    it('lists entities with their state', async () => {
      await client.signalEntity(new EntityInstanceId('counter', 'dash'), 'add', 7);
      const entity = await waitFor(async () => {
        const body = await getJson('/api/v1/taskhubs/default/entities');
        return body.entities.find((e: { entityId: string }) => e.entityId === '@counter@dash');
      });
      expect(JSON.parse(entity.state)).toBe(7);
      expect(entity.lockedBy).toBeNull();
      expect(Date.parse(entity.lastModifiedAt)).toBeGreaterThan(0);
      expect(JSON.parse((await getJson('/api/v1/taskhubs/default/entities/%40counter%40dash')).state)).toBe(7);
      expect((await call('GET', '/api/v1/taskhubs/default/entities/%40counter%40nope')).status).toBe(404);
    });

    it('reports metrics: counts, completions per minute for the last hour, backlog and workers', async () => {
      const body = await getJson('/api/v1/taskhubs/default/metrics');
      expect(body.completionsPerMinute).toHaveLength(60);
      const completedThisHour = body.completionsPerMinute.reduce((n: number, b: { completed: number }) => n + b.completed, 0);
      expect(completedThisHour).toBe(body.countsByStatus.Completed);
      expect(body.backlog).toEqual({
        orchestrationMessages: expect.any(Number),
        scheduledMessages: expect.any(Number),
        activitiesQueued: expect.any(Number),
        entityMessages: expect.any(Number),
      });
      expect(body.workers).toBe(1);
    });

    it('streams the ids of changed instances as server-sent events', async () => {
      const received = new Promise<string>((resolve, reject) => {
        const req = http.get(`${base}/api/v1/taskhubs/default/changes`, (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (/event: ready/.test(text) && !started) {
              started = true;
              void client.scheduleNewOrchestration('chaining_orchestration', undefined, { instanceId: 'sse-watched' } as never);
            }
            const match = /event: change\ndata: (.*)\n/.exec(text);
            if (match && JSON.parse(match[1]!).ids.includes('sse-watched')) {
              req.destroy();
              resolve('sse-watched');
            }
          });
        });
        let started = false;
        req.on('error', reject);
      });
      expect(await received).toBe('sse-watched');
    });
  });

  describe('actions', () => {
    it('starts an orchestration with id, JSON input and tags, and refuses a duplicate id verbatim', async () => {
      const started = await call('POST', '/api/v1/taskhubs/default/orchestrations', {
        name: 'chaining_orchestration',
        instanceId: 'started-from-api',
        input: '["Oslo"]',
        tags: { origin: 'api' },
      });
      expect(started).toEqual({ status: 201, body: { instanceId: 'started-from-api' } });
      const view = await getJson('/api/v1/taskhubs/default/orchestrations/started-from-api');
      expect(view.input).toBe('["Oslo"]');
      expect(view.tags).toEqual({ origin: 'api' });
      await waitForStatus('started-from-api', 'Completed');
      const approvalId = (await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'approval_orchestration', instanceId: 'dup' })).body.instanceId;
      await waitForStatus(approvalId, 'Running');
      const duplicate = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'approval_orchestration', instanceId: 'dup' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error).toMatch(/'dup' already exists/);
      await call('POST', '/api/v1/taskhubs/default/orchestrations/dup/terminate', {});
    });

    it('refuses input that is not JSON, and a start without a name', async () => {
      const bad = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'x', input: '{not json' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/'input' must be JSON text/);
      const noName = await call('POST', '/api/v1/taskhubs/default/orchestrations', {});
      expect(noName.status).toBe(400);
      expect(noName.body.error).toBe("'name' is required.");
    });

    it('schedules a start for later: the instance stays Pending', async () => {
      const at = new Date(Date.now() + 3_600_000).toISOString();
      const { body } = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'chaining_orchestration', scheduledStartTime: at });
      const view = await getJson(`/api/v1/taskhubs/default/orchestrations/${body.instanceId}`);
      expect(view.runtimeStatus).toBe('Pending');
      expect(view.scheduledStartAt).toBe(at);
      await call('POST', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}/terminate`, {});
    });

    it('raises an event that completes a waiting orchestration', async () => {
      const { body } = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'approval_orchestration' });
      await waitForStatus(body.instanceId, 'Running');
      const raised = await call('POST', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}/raise-event`, {
        name: 'approval',
        data: 'true',
      });
      expect(raised.status).toBe(200);
      await waitForStatus(body.instanceId, 'Completed');
      expect(JSON.parse((await getJson(`/api/v1/taskhubs/default/orchestrations/${body.instanceId}`)).output)).toEqual({ approved: true });
    });

    it('suspends, resumes and terminates with a reason', async () => {
      const { body } = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'approval_orchestration' });
      const id = body.instanceId as string;
      await waitForStatus(id, 'Running');
      expect((await call('POST', `/api/v1/taskhubs/default/orchestrations/${id}/suspend`, { reason: 'hold on' })).status).toBe(200);
      await waitForStatus(id, 'Suspended');
      expect((await call('POST', `/api/v1/taskhubs/default/orchestrations/${id}/resume`, { reason: 'go' })).status).toBe(200);
      await waitForStatus(id, 'Running');
      expect((await call('POST', `/api/v1/taskhubs/default/orchestrations/${id}/terminate`, { reason: 'no longer needed' })).status).toBe(200);
      await waitForStatus(id, 'Terminated');
      expect(JSON.parse((await getJson(`/api/v1/taskhubs/default/orchestrations/${id}`)).output)).toBe('no longer needed');
      const history = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}/history`);
      const types = history.events.map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(['ExecutionSuspended', 'ExecutionResumed', 'ExecutionTerminated']));
      const timeline = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}/timeline`);
      expect(timeline.markers.map((m: { type: string }) => m.type)).toEqual(['ExecutionSuspended', 'ExecutionResumed', 'ExecutionTerminated']);
    });

    it('restarts a finished instance with the same id or a new one', async () => {
      const same = await call('POST', `/api/v1/taskhubs/default/orchestrations/${chainingId}/restart`, {});
      expect(same.body).toEqual({ instanceId: chainingId, action: 'restart' });
      await waitForStatus(chainingId, 'Completed');
      const fresh = await call('POST', `/api/v1/taskhubs/default/orchestrations/${chainingId}/restart`, { newInstanceId: true });
      expect(fresh.status).toBe(200);
      expect(fresh.body.instanceId).not.toBe(chainingId);
      await waitForStatus(fresh.body.instanceId, 'Completed');
    });

    it('rewinds a failed instance and refuses to rewind a completed one, verbatim', async () => {
      const id = await client.scheduleNewOrchestration('failing_orchestration');
      await client.waitForOrchestrationCompletion(id, true, 20);
      const failed = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}`);
      expect(failed.runtimeStatus).toBe('Failed');
      expect(failed.failureDetails.errorMessage).toMatch(/boom: the activity failed on purpose/);
      expect((await call('POST', `/api/v1/taskhubs/default/orchestrations/${id}/rewind`, { reason: 'try again' })).status).toBe(200);
      const history = await waitFor(async () => {
        const h = await getJson(`/api/v1/taskhubs/default/orchestrations/${id}/history`);
        return h.events.some((e: { type: string }) => e.type === 'ExecutionRewound') ? h : undefined;
      });
      expect(history.total).toBeGreaterThan(0);
      const refused = await call('POST', `/api/v1/taskhubs/default/orchestrations/${fanOutId}/rewind`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatch(/Rewind is not allowed for instance .* only Failed/);
    });

    it('purges a finished instance, refuses to purge a running one', async () => {
      const { body } = await call('POST', '/api/v1/taskhubs/default/orchestrations', { name: 'approval_orchestration' });
      await waitForStatus(body.instanceId, 'Running');
      const refused = await call('POST', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}/purge`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatch(/is Running; only Completed, Failed or Terminated/);
      await call('POST', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}/terminate`, {});
      await waitForStatus(body.instanceId, 'Terminated');
      const purged = await call('POST', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}/purge`, {});
      expect(purged.body).toMatchObject({ purged: 1 });
      expect((await call('GET', `/api/v1/taskhubs/default/orchestrations/${body.instanceId}`)).status).toBe(404);
      const missing = await call('POST', '/api/v1/taskhubs/default/orchestrations/missing-id/terminate', {});
      expect(missing.status).toBe(404);
    });

    it('purges by filter in one task hub only', async () => {
      const client2 = newClient(emulator, 'other');
      try {
        await call('POST', '/api/v1/taskhubs/other/orchestrations', { name: 'nobody_runs_this', instanceId: 'o1' });
        await call('POST', '/api/v1/taskhubs/other/orchestrations/o1/terminate', {});
        await call('POST', '/api/v1/taskhubs/other/orchestrations', { name: 'nobody_runs_this', instanceId: 'o2' });
        await call('POST', '/api/v1/taskhubs/other/orchestrations/o2/terminate', {});
        await waitFor(async () => (await getJson('/api/v1/taskhubs/other/orchestrations?status=Terminated')).total === 2);
        const refused = await call('POST', '/api/v1/taskhubs/other/purge', { statuses: ['Running'] });
        expect(refused.status).toBe(400);
        const before = (await getJson('/api/v1/taskhubs/default/orchestrations')).total;
        const purged = await call('POST', '/api/v1/taskhubs/other/purge', { statuses: ['Terminated'] });
        expect(purged.body).toEqual({ purged: 2 });
        expect((await getJson('/api/v1/taskhubs/other/orchestrations')).total).toBe(0);
        expect((await getJson('/api/v1/taskhubs/default/orchestrations')).total).toBe(before);
      } finally {
        await client2.stop();
      }
    });
  });

  describe('safety', () => {
    const start = { name: 'chaining_orchestration' };

    it('refuses a state change from another origin', async () => {
      const reply = await call('POST', '/api/v1/taskhubs/default/orchestrations', start, {
        'content-type': 'application/json',
        origin: 'http://evil.example',
      });
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatch(/origin 'http:\/\/evil.example'/);
    });

    it('refuses a state change a browser marks as cross-site', async () => {
      const reply = await call('POST', '/api/v1/taskhubs/default/orchestrations', start, {
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      });
      expect(reply.status).toBe(403);
    });

    it('refuses a state change that is not JSON (a plain HTML form)', async () => {
      const reply = await call('POST', '/api/v1/taskhubs/default/orchestrations', 'name=chaining_orchestration', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(reply.status).toBe(415);
      expect(reply.body.error).toMatch(/Content-Type: application\/json/);
    });

    it('accepts a state change from its own origin', async () => {
      const reply = await call('POST', '/api/v1/taskhubs/default/orchestrations', start, {
        'content-type': 'application/json',
        origin: base,
        'sec-fetch-site': 'same-origin',
      });
      expect(reply.status).toBe(201);
    });

    it('refuses requests for a foreign host name (DNS rebinding)', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: emulator.dashboardPort, path: '/api/v1/taskhubs', headers: { host: 'rebound.example:8082' } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(status).toBe(421);
    });

    it('serves the UI page with a content security policy that allows only its own scripts', async () => {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/Durable Task/);
    });
  });

  it('still reports every instance it ran as finished through the gRPC client', async () => {
    const state = await client.getOrchestrationState(fanOutId);
    expect(state?.runtimeStatus).toBe(OrchestrationStatus.COMPLETED);
  });
});

// The management API against the real emulator process, with plain durabletask-js orchestrations, an
// activity and an entity of this test's own: every route, the extension's answers, and 4xx for bad input.
import { createDurableTaskClient, createMetadataGenerator, dtsChannel, parseConnectionString } from '@durable-hosts/dts-connection';
import { startEmulator, waitFor, type EmulatorProcess } from '@durable-hosts/test-support';
import {
  NoOpLogger,
  TaskEntity,
  TaskHubGrpcWorker,
  type ActivityContext,
  type OrchestrationContext,
  type TaskHubGrpcClient,
} from '@microsoft/durabletask-js';
import { DURABLE_WEBHOOK_BASE_PATH, createDurableHttpApi, type DurableHttpApi, type DurableHttpResponse } from '../src/index.js';

const ORIGIN = 'http://localhost:7071';
const BASE = `${ORIGIN}${DURABLE_WEBHOOK_BASE_PATH}`;
const QUERY = 'taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING';
const ORCHESTRATIONS = ['chaining', 'waiter', 'failing', 'flaky'];

let flakyMayPass = false;
const sayHello = async (_ctx: ActivityContext, city: string) => `Hello ${city}!`;
const flakyStep = async () => {
  if (!flakyMayPass) throw new Error('the bridge is closed');
  return 'crossed';
};
async function* chaining(ctx: OrchestrationContext, cities?: string[] | null): AsyncGenerator<unknown, string[], unknown> {
  const greetings: string[] = [];
  for (const city of cities ?? ['Tokyo', 'Seattle', 'London']) greetings.push((yield ctx.callActivity('say_hello', city)) as string);
  return greetings;
}
async function* waiter(ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, unknown> {
  const answer = yield ctx.waitForExternalEvent('approval');
  return { approved: answer };
}
// eslint-disable-next-line require-yield
async function* failing(): AsyncGenerator<unknown, never, unknown> {
  throw new Error('the cities are closed');
}
async function* flaky(ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, unknown> {
  return yield ctx.callActivity('flaky_step');
}
class Counter extends TaskEntity<number> {
  add(amount: number): number {
    this.state += amount;
    return this.state;
  }
  reset(): void {
    this.state = 0;
  }
  protected override initializeState(): number {
    return 0;
  }
}

type Call = { method?: string; headers?: Record<string, string>; body?: string };
type Json = Record<string, unknown>;

function json(response: DurableHttpResponse): Json {
  return response.body === undefined ? {} : (JSON.parse(response.body) as Json);
}

describe('the Durable HTTP management API (against the emulator)', () => {
  let emulator: EmulatorProcess;
  let client: TaskHubGrpcClient;
  let worker: TaskHubGrpcWorker;
  let api: DurableHttpApi;

  const call = async (path: string, { method = 'GET', headers = {}, body }: Call = {}) => {
    const response = await api.handle({
      method,
      url: path.startsWith('http') ? path : `${BASE}/${path}`,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : new TextEncoder().encode(body),
    });
    if (response === undefined) throw new Error(`${path} was not handled`);
    return response;
  };
  const start = async (name: string, input?: unknown, id?: string) => {
    const response = await call(`orchestrators/${name}${id ? `/${id}` : ''}`, {
      method: 'POST',
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    expect(response.status, response.body).toBe(202);
    return json(response).id as string;
  };
  const status = async (id: string, query = '') => json(await call(`instances/${id}${query}`));
  const untilStatus = (id: string, runtimeStatus: string) =>
    waitFor(async () => ((await status(id)).runtimeStatus === runtimeStatus ? true : undefined), {
      timeoutMs: 15_000,
      message: `${id} reaching ${runtimeStatus}`,
    });

  beforeAll(async () => {
    emulator = await startEmulator({ db: ':memory:' });
    const settings = parseConnectionString(emulator.connectionString);
    client = createDurableTaskClient(settings, { logger: new NoOpLogger() });
    const channel = dtsChannel(settings);
    worker = new TaskHubGrpcWorker({
      hostAddress: channel.hostAddress,
      credentials: channel.credentials,
      options: channel.options,
      metadataGenerator: createMetadataGenerator(settings, 'worker'),
      logger: new NoOpLogger(),
      shutdownTimeoutMs: 1000,
    });
    worker.addNamedOrchestrator('chaining', chaining);
    worker.addNamedOrchestrator('waiter', waiter);
    worker.addNamedOrchestrator('failing', failing);
    worker.addNamedOrchestrator('flaky', flaky);
    worker.addNamedActivity('say_hello', sayHello);
    worker.addNamedActivity('flaky_step', flakyStep);
    worker.addNamedEntity('counter', () => new Counter());
    await worker.start();
    api = createDurableHttpApi({
      client,
      taskHub: 'default',
      orchestrationNames: () => ORCHESTRATIONS,
      knownEntities: () => [{ name: 'counter', operations: ['add', 'reset'] }],
    });
  }, 30_000);
  afterAll(async () => {
    await worker?.stop();
    await client?.stop();
    await emulator?.stop();
  });

  describe('start', () => {
    it('answers 202 with Location, Retry-After: 10 and the check-status URLs', async () => {
      const response = await call('orchestrators/chaining', { method: 'POST' });
      const payload = json(response);
      const instance = `${BASE}/instances/${payload.id as string}`;
      expect(response.status).toBe(202);
      expect(payload.id).toMatch(/^[0-9a-f]{32}$/);
      expect(response.headers.Location).toBe(`${instance}?${QUERY}`);
      expect(response.headers['Retry-After']).toBe('10');
      expect(payload).toEqual({
        id: payload.id,
        statusQueryGetUri: `${instance}?${QUERY}`,
        sendEventPostUri: `${instance}/raiseEvent/{eventName}?${QUERY}`,
        terminatePostUri: `${instance}/terminate?reason={text}&${QUERY}`,
        rewindPostUri: `${instance}/rewind?reason={text}&${QUERY}`,
        purgeHistoryDeleteUri: `${instance}?${QUERY}`,
        restartPostUri: `${instance}/restart?${QUERY}`,
        suspendPostUri: `${instance}/suspend?reason={text}&${QUERY}`,
        resumePostUri: `${instance}/resume?reason={text}&${QUERY}`,
      });
    });

    it('starts with input null when the body is empty, as the extension does, and with the JSON body otherwise ("" included)', async () => {
      const empty = await start('chaining');
      await untilStatus(empty, 'Completed');
      expect(await status(empty)).toMatchObject({ input: null, output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });

      // durable-functions' startNew(name) without input posts the JSON text "" (axios): the input is "".
      const startNew = await start('chaining', '', 'start-new-without-input');
      await untilStatus(startNew, 'Completed');
      expect((await status(startNew)).input).toBe('');

      const given = await start('chaining', ['Paris'], 'start-with-input');
      expect(given).toBe('start-with-input');
      await untilStatus(given, 'Completed');
      expect(await status(given)).toMatchObject({ input: ['Paris'], output: ['Hello Paris!'] });
    });

    it('waits for the output with timeout and pollingInterval', async () => {
      const response = await call('orchestrators/chaining?timeout=10&pollingInterval=0.1', { method: 'POST', body: '["Oslo"]' });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body as string)).toEqual(['Hello Oslo!']);
    });

    it('refuses bad input with 400s that say what was wrong', async () => {
      const cases: Array<[string, Call, RegExp]> = [
        ['orchestrators/nope', { method: 'POST' }, /The function 'nope' doesn't exist.*Known orchestrator functions: chaining, waiter, failing, flaky/],
        ['orchestrators/chaining', { method: 'POST', body: '{not json' }, /Invalid JSON content/],
        ['orchestrators/chaining/@bad', { method: 'POST' }, /must not start with @/],
        ['orchestrators/chaining/a%2Fb', { method: 'POST' }, /must not contain \//],
        ['orchestrators/chaining?timeout=abc&pollingInterval=1', { method: 'POST' }, /'abc' for query parameter 'timeout': expected a number of seconds/],
        ['orchestrators/chaining?timeout=1&pollingInterval=5', { method: 'POST' }, /Total timeout 1 should be bigger than retry timeout 5/],
      ];
      for (const [path, init, message] of cases) {
        const response = await call(path, init);
        expect(response.status, path).toBe(400);
        expect(json(response).Message, path).toMatch(message);
      }
    });

    it('answers 409 without gRPC codes when the instance id is taken by a running instance', async () => {
      await start('waiter', undefined, 'taken-id');
      const response = await call('orchestrators/waiter/taken-id', { method: 'POST' });
      expect(response.status).toBe(409);
      expect(json(response).Message).toMatch(/^An Orchestration instance with the status (Running|Pending) already exists \(instance ID 'taken-id'\)/);
      expect(response.body).not.toMatch(/\d+ [A-Z_]+:/);
    });
  });

  describe('status', () => {
    it('answers 202 with Location and Retry-After: 5 while running, 200 with the Functions JSON when done', async () => {
      const id = await start('waiter');
      const running = await call(`instances/${id}?${QUERY}`);
      expect(running.status).toBe(202);
      expect(running.headers.Location).toBe(`${BASE}/instances/${id}?${QUERY}`);
      expect(running.headers['Retry-After']).toBe('5');

      const done = await start('chaining');
      await untilStatus(done, 'Completed');
      const completed = await call(`instances/${done}`);
      expect(completed.status).toBe(200);
      const payload = json(completed);
      expect(Object.keys(payload)).toEqual(['name', 'instanceId', 'runtimeStatus', 'input', 'customStatus', 'output', 'createdTime', 'lastUpdatedTime']);
      expect(payload.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('shows history, history output and input as asked', async () => {
      const id = await start('chaining', ['Rome']);
      await untilStatus(id, 'Completed');
      const plain = await status(id, '?showHistory=true');
      const events = plain.historyEvents as Json[];
      expect(events.map((event) => event.EventType)).toEqual(['ExecutionStarted', 'TaskCompleted', 'ExecutionCompleted']);
      expect(events[1]).toMatchObject({ FunctionName: 'say_hello', Input: '"Rome"' });
      expect(events[1]).not.toHaveProperty('Result');

      const withOutput = await status(id, '?showHistory=TRUE&showHistoryOutput=true&showInput=false');
      expect(withOutput.input).toBeNull();
      expect((withOutput.historyEvents as Json[])[1]).toMatchObject({ FunctionName: 'say_hello', Result: 'Hello Rome!' });
      expect((withOutput.historyEvents as Json[])[1]).not.toHaveProperty('Input');
    });

    it('answers 500 for a failed instance only with returnInternalServerErrorOnFailure=true', async () => {
      const id = await start('failing');
      await untilStatus(id, 'Failed');
      expect((await call(`instances/${id}`)).status).toBe(200);
      const failed = await call(`instances/${id}?returnInternalServerErrorOnFailure=true`);
      expect(failed.status).toBe(500);
      expect(json(failed).output).toMatch(/the cities are closed/);
    });

    it('answers 404 for an unknown instance and 400 for a flag that is not true or false', async () => {
      const unknown = await call('instances/no-such-instance');
      expect(unknown.status).toBe(404);
      expect(json(unknown).Message).toBe("No instance with ID 'no-such-instance' found.");
      const bad = await call('instances/no-such-instance?showHistory=maybe');
      expect(bad.status).toBe(400);
      expect(json(bad).Message).toBe("Invalid value 'maybe' for query parameter 'showHistory': expected true or false.");
    });
  });

  describe('list', () => {
    let ids: string[];
    let before: string;
    beforeAll(async () => {
      before = new Date(Date.now() - 1000).toISOString();
      ids = [await start('chaining', ['A'], 'list-a'), await start('chaining', ['B'], 'list-b'), await start('waiter', undefined, 'list-c')];
      await untilStatus('list-a', 'Completed');
      await untilStatus('list-b', 'Completed');
    });

    it('filters by runtimeStatus, instanceIdPrefix and creation time', async () => {
      const completed = JSON.parse((await call(`instances?instanceIdPrefix=list-&runtimeStatus=Completed`)).body as string) as Json[];
      expect(completed.map((s) => s.instanceId).sort()).toEqual(['list-a', 'list-b']);
      const both = JSON.parse((await call('instances/?instanceIdPrefix=list-&runtimeStatus=completed,Running,Pending')).body as string) as Json[];
      expect(both.map((s) => s.instanceId).sort()).toEqual(ids.sort());
      const later = JSON.parse((await call(`instances?instanceIdPrefix=list-&createdTimeFrom=${new Date(Date.now() + 60_000).toISOString()}`)).body as string);
      expect(later).toEqual([]);
      const inRange = JSON.parse((await call(`instances?instanceIdPrefix=list-&createdTimeFrom=${before}&createdTimeTo=${new Date().toISOString()}`)).body as string);
      expect(inRange).toHaveLength(3);
      expect(JSON.parse((await call('instances?instanceIdPrefix=list-&runtimeStatus=Canceled')).body as string)).toEqual([]);
    });

    it('pages with top and the x-ms-continuation-token header, sending the header only while more pages exist', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const response = await call('instances?instanceIdPrefix=list-&top=2', { headers: token ? { 'x-ms-continuation-token': token } : {} });
        const page = JSON.parse(response.body as string) as Json[];
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.map((s) => s.instanceId as string));
        token = response.headers['x-ms-continuation-token'];
        pages++;
      } while (token && pages < 5);
      expect(seen.sort()).toEqual(ids.sort());
      expect(pages).toBe(2);
    });

    it('refuses filters that do not parse, naming the parameter and the allowed values', async () => {
      const cases: Array<[string, string]> = [
        [
          'runtimeStatus=Bogus',
          "Invalid value 'Bogus' for query parameter 'runtimeStatus': expected a comma-separated list of Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Pending, Suspended.",
        ],
        ['top=abc', "Invalid value 'abc' for query parameter 'top': expected a whole number of 1 or more."],
        ['top=-5', "Invalid value '-5' for query parameter 'top': expected a whole number of 1 or more."],
        ['top=0', "Invalid value '0' for query parameter 'top': expected a whole number of 1 or more."],
        [
          'createdTimeFrom=yesterday',
          "Invalid value 'yesterday' for query parameter 'createdTimeFrom': expected an ISO 8601 UTC time such as 2024-05-01T00:00:00Z or a date such as 2024-05-01.",
        ],
        ['top=1&top=2', "The query parameter 'top' is given 2 times; give it once."],
      ];
      for (const [query, message] of cases) {
        const response = await call(`instances?${query}`);
        expect(response.status, query).toBe(400);
        expect(json(response).Message, query).toBe(message);
      }
    });
  });

  describe('raise event, terminate, suspend and resume', () => {
    it('raises an event into a waiting instance', async () => {
      const id = await start('waiter');
      const raised = await call(`instances/${id}/raiseEvent/approval`, { method: 'POST', body: '"yes"' });
      expect(raised.status).toBe(202);
      await untilStatus(id, 'Completed');
      expect((await status(id)).output).toEqual({ approved: 'yes' });
    });

    it('refuses an event that is not JSON, for an unknown instance, and for a finished one', async () => {
      const id = await start('waiter');
      const text = await call(`instances/${id}/raiseEvent/approval`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'yes' });
      expect(text.status).toBe(400);
      expect(json(text).Message).toMatch(/Only application\/json request content is supported \(got text\/plain\)/);
      expect((await call('instances/nobody/raiseEvent/approval', { method: 'POST', body: '1' })).status).toBe(404);
      await call(`instances/${id}/terminate`, { method: 'POST' });
      await untilStatus(id, 'Terminated');
      const gone = await call(`instances/${id}/raiseEvent/approval`, { method: 'POST', body: '1' });
      expect(gone.status).toBe(410);
      expect(json(gone).Message).toMatch(/because instance is in the Terminated state/);
    });

    it('terminates with the reason as output, and answers 410 once finished', async () => {
      const id = await start('waiter');
      expect((await call(`instances/${id}/terminate?reason=not%20needed`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Terminated');
      expect((await status(id)).output).toBe('not needed');
      expect((await call(`instances/${id}/terminate`, { method: 'POST' })).status).toBe(410);
    });

    it('suspends and resumes on every state with the extension answers, and 409 for a conflict', async () => {
      const id = await start('waiter');
      await untilStatus(id, 'Running');
      expect((await call(`instances/${id}/resume`, { method: 'POST' })).status).toBe(409);
      expect((await call(`instances/${id}/suspend?reason=pause`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Suspended');
      const again = await call(`instances/${id}/suspend`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect(json(again).Message).toBe(`Cannot suspend the orchestration instance ${id} because instance is in the Suspended state. Resume it first.`);
      expect((await call(`instances/${id}/resume`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Running');
      await call(`instances/${id}/terminate`, { method: 'POST' });
      await untilStatus(id, 'Terminated');
      expect((await call(`instances/${id}/suspend`, { method: 'POST' })).status).toBe(410);
      expect((await call(`instances/${id}/resume`, { method: 'POST' })).status).toBe(410);
      expect((await call('instances/nobody/suspend', { method: 'POST' })).status).toBe(404);
    });
  });

  describe('rewind and restart', () => {
    it('rewinds a failed instance so it runs again, and refuses the other states', async () => {
      flakyMayPass = false;
      const id = await start('flaky');
      await untilStatus(id, 'Failed');
      flakyMayPass = true;
      expect((await call(`instances/${id}/rewind?reason=bridge%20fixed`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Completed');
      expect((await status(id)).output).toBe('crossed');

      const completed = await call(`instances/${id}/rewind`, { method: 'POST' });
      expect(completed.status).toBe(410);
      // durable-functions' rewind() uses the body as its error message: a JSON string, not an object.
      expect(JSON.parse(completed.body as string)).toBe(`Cannot rewind the orchestration instance ${id} because instance is in the Completed state.`);
      const running = await start('waiter');
      expect((await call(`instances/${running}/rewind`, { method: 'POST' })).status).toBe(412);
      const unknown = await call('instances/nobody/rewind', { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.body as string)).toBe("No instance with ID 'nobody' found.");
    });

    it('restarts a running instance under a new id, as the extension does by default', async () => {
      const id = await start('waiter', undefined, 'restart-running');
      const restarted = await call(`instances/${id}/restart`, { method: 'POST' });
      expect(restarted.status).toBe(202);
      const newId = json(restarted).id as string;
      expect(newId).not.toBe(id);
      expect(restarted.headers.Location).toBe(`${BASE}/instances/${newId}?${QUERY}`);
      expect((await status(newId)).name).toBe('waiter');
    });

    it('answers 409 for restarting a running instance in place, and restarts a finished one in place', async () => {
      const running = await start('waiter', undefined, 'restart-in-place');
      const conflict = await call(`instances/${running}/restart?restartWithNewInstanceId=false`, { method: 'POST' });
      expect(conflict.status).toBe(409);
      expect(json(conflict).Message).toMatch(/^An Orchestration instance with the status (Running|Pending) already exists \(instance ID 'restart-in-place'\)/);

      const done = await start('chaining', ['Lima'], 'restart-done');
      await untilStatus(done, 'Completed');
      const again = await call(`instances/${done}/restart?restartWithNewInstanceId=false&timeout=10&pollingInterval=0.1`, { method: 'POST' });
      expect(again.status).toBe(200);
      expect(JSON.parse(again.body as string)).toEqual(['Hello Lima!']);
    });

    it('answers 400 for an unknown instance or a flag that does not parse', async () => {
      const unknown = await call('instances/nobody/restart', { method: 'POST' });
      expect(unknown.status).toBe(400);
      expect(json(unknown).Message).toMatch(/^InstanceId does not match a valid orchestration instance/);
      const bad = await call('instances/nobody/restart?restartWithNewInstanceId=yes', { method: 'POST' });
      expect(bad.status).toBe(400);
      expect(json(bad).Message).toMatch(/'restartWithNewInstanceId': expected true or false/);
    });
  });

  describe('purge', () => {
    it('purges one finished instance, 404 once gone, 409 while it runs', async () => {
      const id = await start('chaining', ['X']);
      await untilStatus(id, 'Completed');
      const purged = await call(`instances/${id}`, { method: 'DELETE' });
      expect(purged.status).toBe(200);
      expect(json(purged)).toEqual({ instancesDeleted: 1 });
      expect((await call(`instances/${id}`, { method: 'DELETE' })).status).toBe(404);
      const running = await start('waiter');
      const conflict = await call(`instances/${running}`, { method: 'DELETE' });
      expect(conflict.status).toBe(409);
      expect(json(conflict).Message).toMatch(/Only orchestrations in a terminal state can be purged/);
    });

    it('purges by filter, which needs createdTimeFrom, and answers 404 when nothing matched', async () => {
      const from = new Date(Date.now() - 500).toISOString();
      const id = await start('failing');
      await untilStatus(id, 'Failed');
      expect((await call('instances?runtimeStatus=Failed', { method: 'DELETE' })).body).toBe('{"Message":"Please provide value for \'createdTimeFrom\' parameter."}');
      const purged = await call(`instances?createdTimeFrom=${from}&runtimeStatus=Failed`, { method: 'DELETE' });
      expect(purged.status).toBe(200);
      expect(json(purged).instancesDeleted).toBeGreaterThanOrEqual(1);
      expect((await call(`instances/${id}`)).status).toBe(404);
      expect((await call(`instances?createdTimeFrom=${from}&runtimeStatus=Failed`, { method: 'DELETE' })).status).toBe(404);
      expect((await call('instances?createdTimeFrom=soon', { method: 'DELETE' })).status).toBe(400);
    });
  });

  describe('entities', () => {
    it('signals a counter twice and reads 10, lists it with and without state', async () => {
      for (let i = 0; i < 2; i++) {
        expect((await call('entities/counter/k1?op=add', { method: 'POST', body: '5' })).status).toBe(202);
      }
      const state = await waitFor(async () => {
        const response = await call('entities/counter/k1');
        return response.status === 200 && JSON.parse(response.body as string) === 10 ? 10 : undefined;
      });
      expect(state).toBe(10);

      const listed = JSON.parse((await call('entities/Counter?fetchState=true')).body as string) as Json[];
      expect(listed).toContainEqual({ entityId: { name: 'counter', key: 'k1' }, lastOperationTime: expect.stringMatching(/Z$/), state: 10 });
      const withoutState = JSON.parse((await call('entities/counter')).body as string) as Json[];
      expect(withoutState.find((entity) => (entity.entityId as Json).key === 'k1')?.state).toBeNull();
      expect((JSON.parse((await call('entities')).body as string) as Json[]).length).toBeGreaterThanOrEqual(1);
    });

    it('pages entities with top and the continuation token', async () => {
      for (const key of ['p1', 'p2', 'p3']) await call(`entities/counter/${key}?op=add`, { method: 'POST', body: '1' });
      await waitFor(async () => (await call('entities/counter/p3')).status === 200);
      const first = await call('entities/counter?top=2');
      expect(JSON.parse(first.body as string)).toHaveLength(2);
      const token = first.headers['x-ms-continuation-token'];
      expect(token).toBeTruthy();
      const second = await call('entities/counter?top=2', { headers: { 'x-ms-continuation-token': token as string } });
      expect(JSON.parse(second.body as string).length).toBeGreaterThanOrEqual(1);
    });

    it('deletes an entity with DELETE and uses $ for the empty key', async () => {
      await call('entities/counter/$?op=add', { method: 'POST', body: '2' });
      await waitFor(async () => (await call('entities/counter/$')).status === 200);
      expect((await call('entities/counter/$', { method: 'DELETE' })).status).toBe(202);
      await waitFor(async () => (await call('entities/counter/$')).status === 404);
    });

    it('answers 404 for an entity that does not exist and 400 for bad signals, naming what is known', async () => {
      const missing = await call('entities/counter/never');
      expect(missing.status).toBe(404);
      expect(json(missing).Message).toBe("No entity '@counter@never' found.");
      const noOp = await call('entities/counter/k2', { method: 'POST', body: '1' });
      expect(noOp.status).toBe(400);
      expect(json(noOp).Message).toMatch(/'op' is required/);
      const unknownEntity = await call('entities/meter/k1?op=add', { method: 'POST' });
      expect(unknownEntity.status).toBe(400);
      expect(json(unknownEntity).Message).toMatch(/Known entity functions: counter/);
      const unknownOp = await call('entities/counter/k1?op=multiply', { method: 'POST' });
      expect(unknownOp.status).toBe(400);
      expect(json(unknownOp).Message).toBe("The entity 'counter' has no operation 'multiply'. Known operations: add, reset.");
      const badJson = await call('entities/counter/k1?op=add', { method: 'POST', body: '{' });
      expect(badJson.status).toBe(400);
      expect(json(badJson).Message).toMatch(/^Could not parse JSON content/);
      expect((await call('entities/counter?top=many')).status).toBe(400);
    });
  });

  describe('routing', () => {
    it('answers 405 with Allow for a wrong method, and OPTIONS with the allowed methods', async () => {
      const cases: Array<[string, string, string]> = [
        ['GET', 'orchestrators/chaining', 'POST'],
        ['PUT', 'instances/some-id', 'GET, DELETE'],
        ['POST', 'instances', 'GET, DELETE'],
        ['GET', 'instances/some-id/terminate', 'POST'],
        ['GET', 'instances/some-id/raiseEvent/approval', 'POST'],
        ['PUT', 'entities/counter/k1', 'GET, POST, DELETE'],
        ['POST', 'entities/counter', 'GET'],
      ];
      for (const [method, path, allow] of cases) {
        const response = await call(path, { method });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.Allow, `${method} ${path}`).toBe(allow);
        expect(json(response).Message).toContain(`${method} is not allowed`);
      }
      const options = await call('instances/some-id', { method: 'OPTIONS' });
      expect(options.status).toBe(204);
      expect(options.headers.Allow).toBe('GET, DELETE');
    });

    it('matches literal segments case-insensitively and keeps the case of ids', async () => {
      const id = await start('waiter', undefined, 'MixedCase-Id');
      expect((await call(`INSTANCES/${id}/RaiseEvent/approval`, { method: 'POST', body: '1' })).status).toBe(202);
      await untilStatus('MixedCase-Id', 'Completed');
    });

    it('answers 404 naming the routes for an unknown path or operation, and 400 for another task hub', async () => {
      const unknown = await call('nothing/here');
      expect(unknown.status).toBe(404);
      expect(json(unknown).Message).toMatch(/No durable management route matches GET .*Routes: POST orchestrators/);
      const operation = await call('instances/some-id/explode', { method: 'POST' });
      expect(operation.status).toBe(404);
      expect(json(operation).Message).toMatch(/Unknown instance operation 'explode'. Operations: POST instances\/\{instanceId\}\/terminate\|suspend/);
      const hub = await call('instances?taskHub=other');
      expect(hub.status).toBe(400);
      expect(json(hub).Message).toMatch(/Unknown task hub 'other'/);
      expect(await api.handle({ method: 'GET', url: `${ORIGIN}/api/other`, headers: {} })).toBeUndefined();
    });
  });
});

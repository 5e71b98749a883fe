import {
  InMemoryOrchestrationBackend,
  TaskHubGrpcClient,
  TestOrchestrationClient,
  TestOrchestrationWorker,
  type ActivityContext,
  type OrchestrationContext,
} from '@microsoft/durabletask-js';
import {
  DURABLE_WEBHOOK_BASE_PATH,
  MAX_REQUEST_BODY_BYTES,
  createDurableHttpApi,
  type DurableHttpApi,
  type DurableHttpClient,
  type DurableHttpResponse,
} from '../src/index.js';
import { InMemoryDurableClient } from './in-memory-durable-client.js';

const ORIGIN = 'http://localhost:7071';
const BASE = `${ORIGIN}${DURABLE_WEBHOOK_BASE_PATH}`;
const QUERY = 'taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING';

const sayHello = async (_ctx: ActivityContext, city: string) => `Hello ${city}!`;
async function* chaining(ctx: OrchestrationContext, cities?: string[]): AsyncGenerator<unknown, string[], unknown> {
  const greetings: string[] = [];
  for (const city of cities ?? ['Tokyo', 'Seattle', 'London']) greetings.push((yield ctx.callActivity('say_hello', city)) as string);
  return greetings;
}
async function* approval(ctx: OrchestrationContext): AsyncGenerator<unknown, unknown, unknown> {
  const answer = yield ctx.waitForExternalEvent('approval');
  return { approved: answer };
}
// eslint-disable-next-line require-yield
async function* failing(): AsyncGenerator<unknown, never, unknown> {
  throw new Error('the cities are closed');
}

type Call = { method?: string; headers?: Record<string, string>; body?: string | Uint8Array };

function bodyOf(response: DurableHttpResponse | undefined): unknown {
  return response?.body === undefined ? undefined : JSON.parse(response.body);
}

describe('the Durable HTTP management API', () => {
  let backend: InMemoryOrchestrationBackend;
  let worker: TestOrchestrationWorker;
  let client: InMemoryDurableClient;
  let api: DurableHttpApi;

  const call = async (path: string, { method = 'GET', headers = {}, body }: Call = {}) => {
    const response = await api.handle({
      method,
      url: path.startsWith('http') ? path : `${BASE}/${path}`,
      headers,
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    });
    if (response === undefined) throw new Error(`${path} was not handled`);
    return response;
  };
  const start = async (name: string, input?: unknown, id?: string) => {
    const response = await call(`orchestrators/${name}${id ? `/${id}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    return (bodyOf(response) as { id: string }).id;
  };
  const untilStatus = async (id: string, runtimeStatus: string) => {
    const done = await backend.waitForState(id, () => true, 10);
    expect(done).toBeDefined();
    for (let attempt = 0; attempt < 200; attempt++) {
      const status = bodyOf(await call(`instances/${id}`)) as { runtimeStatus: string };
      if (status.runtimeStatus === runtimeStatus) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${id} never reached ${runtimeStatus}`);
  };

  beforeEach(async () => {
    // TestOrchestrationWorker logs every event to the console and takes no logger.
    for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
    backend = new InMemoryOrchestrationBackend();
    worker = new TestOrchestrationWorker(backend);
    worker.addNamedOrchestrator('chaining_orchestration', chaining);
    worker.addNamedOrchestrator('human_interaction_orchestration', approval);
    worker.addNamedOrchestrator('failing_orchestration', failing);
    worker.addNamedActivity('say_hello', sayHello);
    await worker.start();
    client = new InMemoryDurableClient(backend);
    api = createDurableHttpApi({
      client,
      taskHub: 'default',
      orchestrationNames: () => ['chaining_orchestration', 'human_interaction_orchestration', 'failing_orchestration'],
    });
  });
  afterEach(async () => {
    await worker.stop();
    vi.restoreAllMocks();
  });

  describe('starting orchestrations', () => {
    it('answers 202 with Location, Retry-After and the check-status URLs', async () => {
      const response = await call('orchestrators/chaining_orchestration', { method: 'POST' });
      const payload = bodyOf(response) as Record<string, string>;
      const instance = `${BASE}/instances/${payload.id}`;

      expect(response.status).toBe(202);
      expect(payload.id).toMatch(/^[0-9a-f]{32}$/);
      expect(Object.keys(payload)).toEqual([
        'id',
        'statusQueryGetUri',
        'sendEventPostUri',
        'terminatePostUri',
        'rewindPostUri',
        'purgeHistoryDeleteUri',
        'restartPostUri',
        'suspendPostUri',
        'resumePostUri',
      ]);
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
      expect(response.headers.Location).toBe(payload.statusQueryGetUri);
      expect(response.headers['Retry-After']).toBe('10');
    });

    it('uses the instance id from the path and the JSON body as input', async () => {
      const id = await start('chaining_orchestration', ['Paris', 'Berlin'], 'trip-1');
      expect(id).toBe('trip-1');
      await untilStatus(id, 'Completed');

      const status = bodyOf(await call('instances/trip-1')) as Record<string, unknown>;
      expect(status).toMatchObject({
        name: 'chaining_orchestration',
        instanceId: 'trip-1',
        runtimeStatus: 'Completed',
        input: ['Paris', 'Berlin'],
        customStatus: null,
        output: ['Hello Paris!', 'Hello Berlin!'],
      });
      expect(status.createdTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(status.lastUpdatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(status).not.toHaveProperty('historyEvents');
    });

    it('matches the orchestration name case-insensitively, as Functions names are', async () => {
      const id = await start('Chaining_Orchestration');
      await untilStatus(id, 'Completed');
      expect((bodyOf(await call(`instances/${id}`)) as { name: string }).name).toBe('chaining_orchestration');
    });

    it('waits for the output when timeout and pollingInterval are given', async () => {
      const response = await call('orchestrators/chaining_orchestration?timeout=10&pollingInterval=0.05', { method: 'POST' });
      expect(response.status).toBe(200);
      expect(bodyOf(response)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    });

    it('falls back to 202 check-status when the wait times out', async () => {
      const response = await call('orchestrators/human_interaction_orchestration?timeout=0.2&pollingInterval=0.05', { method: 'POST' });
      expect(response.status).toBe(202);
      expect(bodyOf(response)).toHaveProperty('statusQueryGetUri');
    });

    it('answers a failed orchestration waited on with its status', async () => {
      const response = await call('orchestrators/failing_orchestration?timeout=10&pollingInterval=0.05', { method: 'POST' });
      expect(response.status).toBe(200);
      expect(bodyOf(response)).toMatchObject({ runtimeStatus: 'Failed', name: 'failing_orchestration' });
    });

    it('refuses an unknown orchestration with 400 listing the known ones', async () => {
      const response = await call('orchestrators/no_such_orchestration', { method: 'POST' });
      expect(response.status).toBe(400);
      const body = bodyOf(response) as { Message: string; knownOrchestrations: string[] };
      expect(body.Message).toContain("The function 'no_such_orchestration' doesn't exist");
      expect(body.Message).toContain('chaining_orchestration, human_interaction_orchestration, failing_orchestration');
      expect(body.knownOrchestrations).toEqual(['chaining_orchestration', 'human_interaction_orchestration', 'failing_orchestration']);
    });

    it("refuses malformed JSON with 400 and the parser's reason", async () => {
      const text = '["Tokyo",';
      let reason = '';
      try {
        JSON.parse(text);
      } catch (error) {
        reason = (error as Error).message;
      }
      const response = await call('orchestrators/chaining_orchestration', { method: 'POST', body: text });
      expect(response.status).toBe(400);
      expect(bodyOf(response)).toEqual({ Message: `Invalid JSON content: ${reason}` });
    });

    it('refuses a body over 1 MB with 413', async () => {
      const response = await call('orchestrators/chaining_orchestration', {
        method: 'POST',
        body: new Uint8Array(MAX_REQUEST_BODY_BYTES + 1).fill(0x20),
      });
      expect(response.status).toBe(413);
      expect((bodyOf(response) as { Message: string }).Message).toContain(`limit is ${MAX_REQUEST_BODY_BYTES} bytes`);
    });
  });

  describe('instance status', () => {
    it('answers 202 with Location and Retry-After: 5 while the instance runs', async () => {
      const id = await start('human_interaction_orchestration');
      await untilStatus(id, 'Running');
      const url = `${BASE}/instances/${id}?${QUERY}`;
      const response = await call(url);
      expect(response.status).toBe(202);
      expect(response.headers.Location).toBe(url);
      expect(response.headers['Retry-After']).toBe('5');
      expect(bodyOf(response)).toMatchObject({ runtimeStatus: 'Running', output: null, input: null });
    });

    it('shows the history with results folded into their completions', async () => {
      const id = await start('chaining_orchestration');
      await untilStatus(id, 'Completed');
      const status = bodyOf(await call(`instances/${id}?showHistory=true&showHistoryOutput=true`)) as { historyEvents: Record<string, unknown>[] };
      const types = status.historyEvents.map((event) => event.EventType);

      expect(types).toEqual(['ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
      expect(status.historyEvents[0]).toMatchObject({ FunctionName: 'chaining_orchestration' });
      expect(status.historyEvents[1]).toMatchObject({ FunctionName: 'say_hello', Result: 'Hello Tokyo!' });
      expect(status.historyEvents[1]).toHaveProperty('ScheduledTime');
      expect(status.historyEvents[4]).toMatchObject({
        OrchestrationStatus: 'Completed',
        Result: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
      });
    });

    it('leaves results out of the history unless showHistoryOutput=true, and input out with showInput=false', async () => {
      const id = await start('chaining_orchestration', ['Oslo']);
      await untilStatus(id, 'Completed');
      const status = bodyOf(await call(`instances/${id}?showHistory=true&showInput=false`)) as {
        input: unknown;
        historyEvents: Record<string, unknown>[];
      };
      expect(status.input).toBeNull();
      expect(status.historyEvents.some((event) => 'Result' in event)).toBe(false);
    });

    it('reports a failed instance with 200, or 500 when returnInternalServerErrorOnFailure=true', async () => {
      const id = await start('failing_orchestration');
      await untilStatus(id, 'Failed');
      const ok = await call(`instances/${id}`);
      expect(ok.status).toBe(200);
      expect((bodyOf(ok) as { output: string }).output).toContain('the cities are closed');
      expect((await call(`instances/${id}?returnInternalServerErrorOnFailure=true`)).status).toBe(500);
    });

    it('answers 404 for an unknown instance', async () => {
      const response = await call('instances/nobody');
      expect(response.status).toBe(404);
      expect(bodyOf(response)).toEqual({ Message: "No instance with ID 'nobody' found." });
    });
  });

  describe('listing instances', () => {
    it('filters by runtimeStatus and pages with x-ms-continuation-token', async () => {
      const done = [await start('chaining_orchestration', ['A'], 'list-a'), await start('chaining_orchestration', ['B'], 'list-b')];
      const waiting = await start('human_interaction_orchestration', undefined, 'list-wait');
      for (const id of done) await untilStatus(id, 'Completed');
      await untilStatus(waiting, 'Running');

      const first = await call('instances/?runtimeStatus=Completed&top=1');
      expect(first.status).toBe(200);
      const token = first.headers['x-ms-continuation-token'];
      expect(token).toBeTruthy();
      const second = await call('instances/?runtimeStatus=Completed&top=1', { headers: { 'x-ms-continuation-token': token as string } });
      expect(second.headers['x-ms-continuation-token']).toBeUndefined();

      const ids = [...(bodyOf(first) as { instanceId: string }[]), ...(bodyOf(second) as { instanceId: string }[])].map((s) => s.instanceId);
      expect(ids.sort()).toEqual(['list-a', 'list-b']);
      const running = bodyOf(await call('instances?runtimeStatus=Running,Pending')) as { instanceId: string; runtimeStatus: string }[];
      expect(running).toEqual([expect.objectContaining({ instanceId: 'list-wait', runtimeStatus: 'Running' })]);
    });
  });

  describe('events and state changes', () => {
    it('delivers a raised event and answers 410 once the instance has finished', async () => {
      const id = await start('human_interaction_orchestration');
      await untilStatus(id, 'Running');
      const raise = () =>
        call(`instances/${id}/raiseEvent/approval`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: 'true' });

      expect((await raise()).status).toBe(202);
      await untilStatus(id, 'Completed');
      expect((bodyOf(await call(`instances/${id}`)) as { output: unknown }).output).toEqual({ approved: true });
      expect((await raise()).status).toBe(410);
    });

    it('refuses an event that is not application/json, or not JSON, with 400', async () => {
      const id = await start('human_interaction_orchestration');
      await untilStatus(id, 'Running');
      const textPlain = await call(`instances/${id}/raiseEvent/approval`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'yes' });
      expect(textPlain.status).toBe(400);
      expect(bodyOf(textPlain)).toEqual({ Message: 'Only application/json request content is supported' });
      const broken = await call(`instances/${id}/raiseEvent/approval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{yes' });
      expect(broken.status).toBe(400);
      expect((bodyOf(broken) as { Message: string }).Message).toMatch(/^Invalid JSON content: /);
    });

    it('answers 404 for operations on an unknown instance', async () => {
      const json = { 'content-type': 'application/json' };
      expect((await call('instances/nobody/raiseEvent/approval', { method: 'POST', headers: json, body: '1' })).status).toBe(404);
      for (const operation of ['terminate', 'suspend', 'resume', 'rewind']) {
        expect((await call(`instances/nobody/${operation}`, { method: 'POST' })).status).toBe(404);
      }
      expect((await call('instances/nobody', { method: 'DELETE' })).status).toBe(404);
    });

    it('terminates with the reason as output, then answers 410', async () => {
      const id = await start('human_interaction_orchestration');
      await untilStatus(id, 'Running');
      expect((await call(`instances/${id}/terminate?reason=no%20longer%20needed`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Terminated');
      expect((bodyOf(await call(`instances/${id}`)) as { output: unknown }).output).toBe('no longer needed');
      expect((await call(`instances/${id}/terminate`, { method: 'POST' })).status).toBe(410);
    });

    it('suspends and resumes', async () => {
      const id = await start('human_interaction_orchestration');
      await untilStatus(id, 'Running');
      expect((await call(`instances/${id}/suspend?reason=pause`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Suspended');
      expect((await call(`instances/${id}`)).status).toBe(202);
      expect((await call(`instances/${id}/resume?reason=go`, { method: 'POST' })).status).toBe(202);
      await untilStatus(id, 'Running');
    });

    it('rewinds only failed instances', async () => {
      const running = await start('human_interaction_orchestration');
      await untilStatus(running, 'Running');
      const refused = await call(`instances/${running}/rewind?reason=retry`, { method: 'POST' });
      expect(refused.status).toBe(412);
      expect((bodyOf(refused) as { Message: string }).Message).toContain('has status Running');

      const failed = await start('failing_orchestration');
      await untilStatus(failed, 'Failed');
      expect((await call(`instances/${failed}/rewind?reason=retry`, { method: 'POST' })).status).toBe(202);
    });

    it('restarts a finished instance under a new id by default', async () => {
      const id = await start('chaining_orchestration', ['Rome']);
      await untilStatus(id, 'Completed');
      const response = await call(`instances/${id}/restart`, { method: 'POST' });
      expect(response.status).toBe(202);
      const restarted = (bodyOf(response) as { id: string }).id;
      expect(restarted).not.toBe(id);
      await untilStatus(restarted, 'Completed');
      expect((bodyOf(await call(`instances/${restarted}`)) as { output: unknown }).output).toEqual(['Hello Rome!']);
    });
  });

  describe('purging', () => {
    it('purges a finished instance and refuses a running one with 412', async () => {
      const id = await start('chaining_orchestration');
      await untilStatus(id, 'Completed');
      const purged = await call(`instances/${id}`, { method: 'DELETE' });
      expect(purged.status).toBe(200);
      expect(bodyOf(purged)).toEqual({ instancesDeleted: 1 });
      expect((await call(`instances/${id}`)).status).toBe(404);

      const running = await start('human_interaction_orchestration');
      await untilStatus(running, 'Running');
      expect((await call(`instances/${running}`, { method: 'DELETE' })).status).toBe(412);
    });

    it('purges by filter, requires createdTimeFrom, and answers 404 when nothing matched', async () => {
      const missing = await call('instances/', { method: 'DELETE' });
      expect(missing.status).toBe(400);
      expect(bodyOf(missing)).toEqual({ Message: "Please provide value for 'createdTimeFrom' parameter." });

      const id = await start('chaining_orchestration');
      await untilStatus(id, 'Completed');
      const from = new Date(Date.now() - 60_000).toISOString();
      const purged = await call(`instances/?createdTimeFrom=${from}&runtimeStatus=Completed`, { method: 'DELETE' });
      expect(bodyOf(purged)).toEqual({ instancesDeleted: 1 });
      expect((await call(`instances/?createdTimeFrom=${from}`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('routing and robustness', () => {
    it('leaves paths outside the webhook base to the caller', async () => {
      expect(await api.handle({ method: 'POST', url: `${ORIGIN}/api/StartChaining`, headers: {} })).toBeUndefined();
    });

    it('answers 404 for unknown routes and methods under the base path', async () => {
      expect((await call('orchestrators/chaining_orchestration')).status).toBe(404);
      expect((await call('instances/x/unknown-operation', { method: 'POST' })).status).toBe(404);
      expect((await call('nothing-here')).status).toBe(404);
    });

    it('refuses a request for another task hub', async () => {
      const response = await call('instances/x?taskHub=other');
      expect(response.status).toBe(400);
      expect(bodyOf(response)).toEqual({ Message: "This endpoint serves task hub 'default', not 'other'." });
    });

    it('turns a failing client call into a 500 instead of throwing', async () => {
      const broken: DurableHttpClient = Object.assign(Object.create(client) as DurableHttpClient, {
        getOrchestrationState: async () => {
          throw new Error('connection refused');
        },
      });
      const brokenApi = createDurableHttpApi({ client: broken, taskHub: 'default' });
      const response = await brokenApi.handle({ method: 'GET', url: `${BASE}/instances/x`, headers: {} });
      expect(response?.status).toBe(500);
      expect(bodyOf(response)).toEqual({ Message: 'Something went wrong while processing your request', ExceptionMessage: 'connection refused' });
    });

    it('answers 501 for features the plain in-memory client lacks', async () => {
      const plain = createDurableHttpApi({ client: new TestOrchestrationClient(backend), taskHub: 'default' });
      const response = await plain.handle({ method: 'GET', url: `${BASE}/instances/`, headers: {} });
      expect(response?.status).toBe(501);
    });
  });

  describe('checkStatusPayload', () => {
    it('appends the connection name and required query parameters, and encodes the instance id', () => {
      const withCode = createDurableHttpApi({
        client,
        taskHub: 'hub a',
        connectionName: 'MyConnection',
        requiredQueryStringParameters: 'code=XYZ',
      });
      const payload = withCode.checkStatusPayload('order/1', 'https://example.test/');
      expect(payload.statusQueryGetUri).toBe(
        'https://example.test/runtime/webhooks/durabletask/instances/order%2F1?taskHub=hub%20a&connection=MyConnection&code=XYZ',
      );
      expect(payload.terminatePostUri).toBe(
        'https://example.test/runtime/webhooks/durabletask/instances/order%2F1/terminate?reason={text}&taskHub=hub%20a&connection=MyConnection&code=XYZ',
      );
      const response = withCode.checkStatusResponse('order/1', 'https://example.test');
      expect(response).toMatchObject({ status: 202, headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' } });
      expect(bodyOf(response)).toEqual(payload);
    });
  });

  it('accepts the real TaskHubGrpcClient and the in-memory client as its client type', () => {
    const grpcClient: DurableHttpClient = new TaskHubGrpcClient({ hostAddress: '127.0.0.1:1' });
    const memoryClient: DurableHttpClient = new TestOrchestrationClient(backend);
    expect([grpcClient, memoryClient]).toHaveLength(2);
    void grpcClient.scheduleNewOrchestration; // type-level check only; no call is made
  });
});

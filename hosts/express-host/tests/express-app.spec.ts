// The Express app on durabletask-js's in-memory engine, with the real workflows: no server process needed.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { registerDurableTask } from '@durable-hosts/durabletask-adapter';
import { activities, orchestrations } from '@durable-hosts/workflows';
import { InMemoryOrchestrationBackend, TestOrchestrationClient, TestOrchestrationWorker } from '@microsoft/durabletask-js';
import { createExpressApp } from '../src/express-app.js';

const SEED_CHAINING = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'];
const SEED_FAN_OUT = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'];

describe('the express-host app', () => {
  let worker: TestOrchestrationWorker;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) vi.spyOn(console, level).mockImplementation(() => undefined);
    const backend = new InMemoryOrchestrationBackend();
    worker = new TestOrchestrationWorker(backend);
    registerDurableTask(worker, { orchestrations, activities }, { log: () => undefined });
    await worker.start();
    const { app } = createExpressApp({
      client: new TestOrchestrationClient(backend),
      taskHub: 'default',
      orchestrationNames: orchestrations.map((o) => o.name),
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await worker.stop();
    vi.restoreAllMocks();
  });

  async function untilDone(statusQueryGetUri: string): Promise<{ runtimeStatus: string; output: unknown; name: string }> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const response = await fetch(statusQueryGetUri);
      if (response.status === 200) return (await response.json()) as { runtimeStatus: string; output: unknown; name: string };
      expect(response.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${statusQueryGetUri} never finished`);
  }

  it('starts chaining from POST /api/StartChaining and reports the seed output', async () => {
    const response = await fetch(`${base}/api/StartChaining`, { method: 'POST' });
    expect(response.status).toBe(202);
    const payload = (await response.json()) as Record<string, string>;
    expect(response.headers.get('location')).toBe(payload.statusQueryGetUri);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(payload.statusQueryGetUri).toBe(
      `${base}/runtime/webhooks/durabletask/instances/${payload.id}?taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING`,
    );
    for (const key of ['sendEventPostUri', 'terminatePostUri', 'rewindPostUri', 'purgeHistoryDeleteUri', 'restartPostUri', 'suspendPostUri', 'resumePostUri']) {
      expect(payload[key]).toContain(`/runtime/webhooks/durabletask/instances/${payload.id}`);
    }
    const status = await untilDone(payload.statusQueryGetUri);
    expect(status).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', output: SEED_CHAINING });
  });

  it('starts fan-out/fan-in from POST /api/StartFanOutFanIn and reports the seed output in input order', async () => {
    const payload = (await (await fetch(`${base}/api/StartFanOutFanIn`, { method: 'POST' })).json()) as { statusQueryGetUri: string };
    const status = await untilDone(payload.statusQueryGetUri);
    expect(status).toMatchObject({ name: 'fan_out_fan_in_orchestration', runtimeStatus: 'Completed', output: SEED_FAN_OUT });
  });

  it('starts any orchestration by name with a JSON body as input and an optional instance id', async () => {
    const response = await fetch(`${base}/api/orchestrators/chaining_orchestration/trip-42`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(['Paris']),
    });
    expect(response.status).toBe(202);
    const payload = (await response.json()) as { id: string; statusQueryGetUri: string };
    expect(payload.id).toBe('trip-42');
    expect((await untilDone(payload.statusQueryGetUri)).output).toEqual(['Hello Paris!']);
  });

  it('raises the approval event into the human interaction workflow through the management API', async () => {
    const started = (await (await fetch(`${base}/api/orchestrators/human_interaction_orchestration`, { method: 'POST' })).json()) as {
      statusQueryGetUri: string;
      sendEventPostUri: string;
    };
    for (let attempt = 0; attempt < 200; attempt++) {
      const status = (await (await fetch(started.statusQueryGetUri)).json()) as { customStatus: unknown };
      if (status.customStatus !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const raised = await fetch(started.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, approver: 'ana' }),
    });
    expect(raised.status).toBe(202);
    expect((await untilDone(started.statusQueryGetUri)).output).toEqual({ outcome: 'approved', approver: 'ana' });
  });

  describe('bad input never crashes the process', () => {
    it('refuses an unknown orchestration with 400 listing the known ones', async () => {
      const response = await fetch(`${base}/api/orchestrators/nope`, { method: 'POST' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { knownOrchestrations: string[] };
      expect(body.knownOrchestrations).toEqual(orchestrations.map((o) => o.name));
    });

    it("refuses malformed JSON with 400 and the parser's reason", async () => {
      const response = await fetch(`${base}/api/StartChaining`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"cities":' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { Message: string }).Message).toMatch(/^Invalid JSON content: /);
    });

    it('refuses a body over 1 MB with 413', async () => {
      const response = await fetch(`${base}/api/StartChaining`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify('x'.repeat(1024 * 1024)),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { Message: string }).Message).toContain('1 MB');
    });

    it('answers 404 for an unknown instance and for unknown routes', async () => {
      expect((await fetch(`${base}/runtime/webhooks/durabletask/instances/nobody`)).status).toBe(404);
      const unknown = await fetch(`${base}/api/nothing`, { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { Message: string }).Message).toContain('/api/StartChaining');
    });

    it('still serves requests after all of the above', async () => {
      expect((await fetch(`${base}/api/StartChaining`, { method: 'POST' })).status).toBe(202);
    });
  });
});

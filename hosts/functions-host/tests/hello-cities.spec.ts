import {
  startEmulator,
  startFunctionsApp,
  waitFor,
  waitForFinishedStatus,
  type CheckStatusPayload as CheckStatus,
  type EmulatorProcess,
  type FunctionsAppProcess,
} from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, buildFunctionsApp } from './support/build-functions-app.js';

describe('the Hello Cities Functions app (npx nx serve functions-host) against the emulator', () => {
  let emulator: EmulatorProcess;
  let host: FunctionsAppProcess;

  beforeAll(async () => {
    buildFunctionsApp();
    emulator = await startEmulator();
    host = await startFunctionsApp(APP_DIR, { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
  });
  afterAll(async () => {
    await host?.stop();
    await emulator?.stop();
  });

  async function post(path: string, body?: unknown): Promise<Response> {
    return fetch(`${host.origin}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    });
  }

  const completed = (check: CheckStatus, timeoutMs = 20_000) => waitForFinishedStatus(check.statusQueryGetUri, timeoutMs);

  it('lists the seed functions at start-up like func start', () => {
    expect(host.output()).toContain(`StartChaining: [POST] ${host.origin}/api/StartChaining`);
    expect(host.output()).toContain(`StartFanOutFanIn: [POST] ${host.origin}/api/StartFanOutFanIn`);
    expect(host.output()).toContain('chaining_orchestration: orchestrationTrigger');
    expect(host.output()).toContain('say_hello: activityTrigger');
  });

  it('POST /api/StartChaining → 202 check-status → statusQueryGetUri shows the seed output', async () => {
    const response = await post('/api/StartChaining');
    expect(response.status).toBe(202);
    const check = (await response.json()) as CheckStatus;
    expect(check.statusQueryGetUri).toContain(`${host.origin}/runtime/webhooks/durabletask/instances/${check.id}`);
    for (const key of ['sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri'] as const) expect(check[key]).toContain(check.id);
    const status = await completed(check);
    // client.startNew(name) without input posts the JSON text "" (axios), so the input is "", as on Azure.
    expect(status).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', input: '', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
  });

  it('serves the shared management API rules: 400 for a bad filter, 405 with Allow', async () => {
    const top = await fetch(`${host.origin}/runtime/webhooks/durabletask/instances?top=abc`);
    expect(top.status).toBe(400);
    expect(((await top.json()) as { Message: string }).Message).toBe("Invalid value 'abc' for query parameter 'top': expected a whole number of 1 or more.");
    const wrongMethod = await fetch(`${host.origin}/runtime/webhooks/durabletask/orchestrators/chaining_orchestration`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('POST /api/StartFanOutFanIn → the five greetings in input order', async () => {
    const response = await post('/api/StartFanOutFanIn');
    expect(response.status).toBe(202);
    const status = await completed((await response.json()) as CheckStatus);
    expect(status).toMatchObject({
      name: 'fan_out_fan_in_orchestration',
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'],
    });
  });

  it('answers 404 for an unknown route', async () => {
    expect((await post('/api/StartNothing')).status).toBe(404);
  });

  describe('every workflow of libs/workflows, started through the Durable HTTP API', () => {
    async function run(name: string, input?: unknown, timeoutMs?: number): Promise<Record<string, unknown>> {
      const response = await post(`/runtime/webhooks/durabletask/orchestrators/${name}`, input);
      expect(response.status).toBe(202);
      return completed((await response.json()) as CheckStatus, timeoutMs);
    }

    it('regional_greetings_orchestration (sub-orchestrations)', async () => {
      expect((await run('regional_greetings_orchestration')).output).toEqual([
        { region: 'Asia', greetings: ['Hello Tokyo!', 'Hello Seoul!'] },
        { region: 'Europe', greetings: ['Hello London!', 'Hello Paris!', 'Hello Berlin!'] },
      ]);
    });

    it('retry_orchestration succeeds on the third attempt', async () => {
      expect((await run('retry_orchestration')).output).toEqual({ succeeded: true, greeting: 'Hello Tokyo!', attempts: 3 });
    });

    it('retry_orchestration gives up after four attempts', async () => {
      expect((await run('retry_orchestration', { failuresBeforeSuccess: 4 }, 30_000)).output).toEqual({
        succeeded: false,
        error: 'Transient failure 4 of 4 greeting Tokyo',
      });
    });

    it('human_interaction_orchestration times out without an event', async () => {
      expect((await run('human_interaction_orchestration', { timeoutSeconds: 2 })).output).toEqual({ outcome: 'timed_out' });
    });

    it('human_interaction_orchestration is approved by the approval event', async () => {
      const response = await post('/runtime/webhooks/durabletask/orchestrators/human_interaction_orchestration', { timeoutSeconds: 60 });
      const check = (await response.json()) as CheckStatus;
      await waitFor(
        async () => {
          const status = (await (await fetch(check.statusQueryGetUri)).json()) as Record<string, unknown>;
          return status.customStatus ? status : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      const raised = await post(new URL(check.sendEventPostUri.replace('{eventName}', 'approval')).pathname + new URL(check.sendEventPostUri).search, {
        approved: true,
        approver: 'ana',
      });
      expect(raised.status).toBe(202);
      expect((await completed(check)).output).toEqual({ outcome: 'approved', approver: 'ana' });
    });

    it('monitor_orchestration polls until the job is done', async () => {
      expect((await run('monitor_orchestration', { pollIntervalSeconds: 1 })).output).toEqual({ jobId: 'job-1', status: 'done', polls: 3 });
    });

    it('eternal_orchestration continues as new until its limit', async () => {
      expect((await run('eternal_orchestration', { intervalSeconds: 1, maxIterations: 3 })).output).toEqual({ iterations: 3, stoppedBy: 'limit' });
    });

    it('progress_orchestration reports progress in its custom status', async () => {
      const status = await run('progress_orchestration');
      expect(status.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
      expect(status.customStatus).toEqual({ completed: 3, total: 3, last: 'Hello London!' });
    });
  });
});

// express-host as a real process against the real emulator: the seed's curl flow, the management API
// round trips, and the swap (express-host with its worker off + a separate worker-host process).
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, type HostProcess, startEmulator, startHost, waitFor, type CheckStatusPayload as CheckStatus } from '@durable-hosts/test-support';

const EXPRESS_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../worker-host/src/main.ts', import.meta.url));
const LISTENING = /Listening on http:\/\/127\.0\.0\.1:(\d+)/;
const SEED_CHAINING = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'];
const SEED_FAN_OUT = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'];

interface Status {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  output: unknown;
  customStatus: unknown;
}

async function startExpressHost(env: Record<string, string>): Promise<{ host: HostProcess; base: string }> {
  const host = startHost(EXPRESS_MAIN, { PORT: '0', ...env });
  const match = await host.waitForOutput(LISTENING);
  return { host, base: `http://127.0.0.1:${match[1]}` };
}

async function start(url: string, body?: unknown): Promise<CheckStatus> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as CheckStatus;
}

async function status(uri: string): Promise<{ code: number; body: Status }> {
  const response = await fetch(uri);
  return { code: response.status, body: (await response.json()) as Status };
}

/** Polls statusQueryGetUri as a Functions client would, until it answers 200. */
async function finished(uri: string, timeoutMs = 20_000): Promise<Status> {
  return waitFor(
    async () => {
      const current = await status(uri);
      return current.code === 200 ? current.body : undefined;
    },
    { timeoutMs, intervalMs: 100, message: `${uri} to answer 200` },
  );
}

describe('express-host with its in-process worker', () => {
  let emulator: EmulatorProcess;
  let express: HostProcess;
  let base: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    ({ host: express, base } = await startExpressHost({ DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString }));
    await express.waitForOutput(/In-process worker connected/);
  });
  afterAll(async () => {
    await express?.stop('SIGKILL');
    await emulator?.stop();
  });

  it('answers POST /api/StartChaining with 202 and check-status URLs, then the seed output', async () => {
    const response = await fetch(`${base}/api/StartChaining`, { method: 'POST' });
    expect(response.status).toBe(202);
    const payload = (await response.json()) as CheckStatus;
    expect(response.headers.get('location')).toBe(payload.statusQueryGetUri);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(payload.statusQueryGetUri).toBe(
      `${base}/runtime/webhooks/durabletask/instances/${payload.id}?taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING`,
    );
    expect(await finished(payload.statusQueryGetUri)).toMatchObject({
      name: 'chaining_orchestration',
      runtimeStatus: 'Completed',
      output: SEED_CHAINING,
    });
  });

  it('serves the shared management API rules: 400 for a bad filter, 405 with Allow, 409 for a conflict', async () => {
    const webhook = `${base}/runtime/webhooks/durabletask`;
    const bogus = await fetch(`${webhook}/instances?runtimeStatus=Bogus`);
    expect(bogus.status).toBe(400);
    expect(((await bogus.json()) as { Message: string }).Message).toMatch(/'runtimeStatus': expected a comma-separated list of Running, Completed/);
    const wrongMethod = await fetch(`${webhook}/instances/some-id`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, DELETE');
    const running = (await (await fetch(`${base}/api/orchestrators/human_interaction_orchestration`, { method: 'POST' })).json()) as CheckStatus;
    const conflict = await fetch(`${webhook}/instances/${running.id}/restart?restartWithNewInstanceId=false`, { method: 'POST' });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).not.toMatch(/\d+ [A-Z_]+:/);
    await fetch(`${webhook}/instances/${running.id}/terminate`, { method: 'POST' });
  });

  it('answers POST /api/StartFanOutFanIn with the seed output in input order', async () => {
    const payload = await start(`${base}/api/StartFanOutFanIn`);
    expect(await finished(payload.statusQueryGetUri)).toMatchObject({
      name: 'fan_out_fan_in_orchestration',
      runtimeStatus: 'Completed',
      output: SEED_FAN_OUT,
    });
  });

  it('starts by name with an instance id and a JSON body, through /api/orchestrators', async () => {
    const payload = await start(`${base}/api/orchestrators/chaining_orchestration/express-e2e-1`, ['Paris']);
    expect(payload.id).toBe('express-e2e-1');
    expect((await finished(payload.statusQueryGetUri)).output).toEqual(['Hello Paris!']);
  });

  it('round-trips raiseEvent: approval into human_interaction_orchestration', async () => {
    const payload = await start(`${base}/api/orchestrators/human_interaction_orchestration`, { timeoutSeconds: 300 });
    const waiting = await waitFor(async () => {
      const current = await status(payload.statusQueryGetUri);
      return current.body.customStatus !== null ? current : undefined;
    });
    expect(waiting.code).toBe(202);
    expect(waiting.body.runtimeStatus).toBe('Running');

    const raised = await fetch(payload.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, approver: 'ana' }),
    });
    expect(raised.status).toBe(202);
    expect(await finished(payload.statusQueryGetUri)).toMatchObject({ runtimeStatus: 'Completed', output: { outcome: 'approved', approver: 'ana' } });

    const late = await fetch(payload.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'true',
    });
    expect(late.status).toBe(410);
  });

  it('round-trips terminate and purge', async () => {
    const payload = await start(`${base}/api/orchestrators/human_interaction_orchestration`, { timeoutSeconds: 300 });
    const terminated = await fetch(payload.terminatePostUri.replace('{text}', encodeURIComponent('changed my mind')), { method: 'POST' });
    expect(terminated.status).toBe(202);
    expect(await finished(payload.statusQueryGetUri)).toMatchObject({ runtimeStatus: 'Terminated', output: 'changed my mind' });

    const purged = await fetch(payload.purgeHistoryDeleteUri, { method: 'DELETE' });
    expect(purged.status).toBe(200);
    expect(await purged.json()).toEqual({ instancesDeleted: 1 });
    expect((await fetch(payload.statusQueryGetUri)).status).toBe(404);
  });

  it('round-trips suspend and resume, then restart under a new instance id', async () => {
    const payload = (await start(`${base}/api/orchestrators/human_interaction_orchestration`, { timeoutSeconds: 300 })) as CheckStatus & {
      suspendPostUri: string;
      resumePostUri: string;
      restartPostUri: string;
    };
    await waitFor(async () => (await status(payload.statusQueryGetUri)).body.runtimeStatus === 'Running');
    expect((await fetch(payload.suspendPostUri.replace('{text}', 'pause'), { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await status(payload.statusQueryGetUri)).body.runtimeStatus === 'Suspended');
    expect((await fetch(payload.resumePostUri.replace('{text}', 'go'), { method: 'POST' })).status).toBe(202);
    await waitFor(async () => (await status(payload.statusQueryGetUri)).body.runtimeStatus === 'Running');
    await fetch(payload.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'false',
    });
    expect((await finished(payload.statusQueryGetUri)).output).toEqual({ outcome: 'rejected' });

    const restarted = await fetch(payload.restartPostUri, { method: 'POST' });
    expect(restarted.status).toBe(202);
    const again = (await restarted.json()) as CheckStatus;
    expect(again.id).not.toBe(payload.id);
    await waitFor(async () => (await status(again.statusQueryGetUri)).body.runtimeStatus === 'Running');
    expect((await status(again.statusQueryGetUri)).body.name).toBe('human_interaction_orchestration');
  });

  it('lists instances with a runtimeStatus filter', async () => {
    const response = await fetch(`${base}/runtime/webhooks/durabletask/instances?runtimeStatus=Completed`);
    expect(response.status).toBe(200);
    const names = ((await response.json()) as Status[]).map((s) => s.name);
    expect(names).toContain('chaining_orchestration');
    expect(names).toContain('fan_out_fan_in_orchestration');
  });

  it('shows the history of an instance', async () => {
    const payload = await start(`${base}/api/StartChaining`);
    await finished(payload.statusQueryGetUri);
    const withHistory = (await (await fetch(`${payload.statusQueryGetUri}&showHistory=true&showHistoryOutput=true`)).json()) as {
      historyEvents: { EventType: string; Result?: unknown }[];
    };
    expect(withHistory.historyEvents.map((event) => event.EventType)).toEqual([
      'ExecutionStarted',
      'TaskCompleted',
      'TaskCompleted',
      'TaskCompleted',
      'ExecutionCompleted',
    ]);
    expect(withHistory.historyEvents.at(-1)?.Result).toEqual(SEED_CHAINING);
  });

  it('survives bad input: 400 malformed JSON, 400 unknown name, 413 over 1 MB, 404 unknown instance', async () => {
    const malformed = await fetch(`${base}/api/StartChaining`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,' });
    expect(malformed.status).toBe(400);
    const unknown = await fetch(`${base}/api/orchestrators/no_such_thing`, { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { Message: string }).Message).toContain('chaining_orchestration');
    const huge = await fetch(`${base}/api/StartChaining`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect((await fetch(`${base}/runtime/webhooks/durabletask/instances/nobody`)).status).toBe(404);
    expect((await fetch(`${base}/api/StartChaining`, { method: 'POST' })).status).toBe(202);
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    expect(await express.stop('SIGTERM')).toBe(0);
  });
});

describe('swapping hosts: express-host with DURABLE_WORKER=off and a separate worker-host', () => {
  it('leaves the instance Pending until worker-host runs it, then reports the seed output', async () => {
    const emulator = await startEmulator();
    // Debug logging shows every orchestration episode, so the logs prove which process ran it.
    const env = { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString, DURABLE_LOG_LEVEL: 'debug' };
    const { host: express, base } = await startExpressHost({ ...env, DURABLE_WORKER: 'off' });
    let worker: HostProcess | undefined;
    try {
      expect(express.output()).toContain('DURABLE_WORKER=off');
      const payload = await start(`${base}/api/StartChaining`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const pending = await status(payload.statusQueryGetUri);
      expect(pending.code).toBe(202);
      expect(pending.body.runtimeStatus).toBe('Pending');

      worker = startHost(WORKER_MAIN, env);
      expect(await finished(payload.statusQueryGetUri)).toMatchObject({
        name: 'chaining_orchestration',
        runtimeStatus: 'Completed',
        output: SEED_CHAINING,
      });
      expect(worker.output()).toContain(`'chaining_orchestration' orchestration with ID '${payload.id}' completed.`);
      expect(express.output()).not.toContain('orchestration with ID');
    } finally {
      await worker?.stop('SIGKILL');
      await express.stop('SIGKILL');
      await emulator.stop();
    }
  });
});

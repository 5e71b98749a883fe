import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startEmulator, waitFor, waitForFinishedStatus, type CheckStatusPayload as CheckStatus, type EmulatorProcess } from '@durable-hosts/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/durable-app');

describe('durable-functions app on functions-runtime against the emulator', () => {
  let emulator: EmulatorProcess;
  let runtime: FunctionsRuntime;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    process.env.DURABLE_TASK_SCHEDULER_CONNECTION_STRING = emulator.connectionString;
    runtime = await startFunctionsRuntime({ appDir, port: 0, log: (level, message) => lines.push(`${level}: ${message}`) });
  });
  afterAll(async () => {
    await runtime?.stop();
    await emulator?.stop();
  });

  async function start(route: string, body?: unknown): Promise<CheckStatus> {
    const response = await fetch(`${runtime.origin}/api/${route}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    expect(response.status).toBe(202);
    const payload = (await response.json()) as CheckStatus;
    expect(response.headers.get('location')).toBe(payload.statusQueryGetUri);
    return payload;
  }

  const finalStatus = (check: CheckStatus) => waitForFinishedStatus(check.statusQueryGetUri);

  it('POST /api/StartChaining answers 202 with the check-status payload and completes with the seed output', async () => {
    const check = await start('StartChaining');
    expect(check.statusQueryGetUri).toMatch(
      new RegExp(`^${runtime.origin}/runtime/webhooks/durabletask/instances/${check.id}\\?taskHub=default&connection=DURABLE_TASK_SCHEDULER_CONNECTION_STRING&code=[\\w-]+$`),
    );
    expect(Object.keys(check)).toEqual(expect.arrayContaining(['id', 'statusQueryGetUri', 'sendEventPostUri', 'terminatePostUri', 'purgeHistoryDeleteUri']));
    const status = await finalStatus(check);
    expect(status).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'] });
  });

  it('logs every invocation like func start: HTTP starter, each orchestration episode and each activity', async () => {
    const check = await start('StartChaining');
    await finalStatus(check);
    const executed = (name: string) => lines.filter((l) => l.startsWith(`info: Executed 'Functions.${name}' (Succeeded, Id=`)).length;
    expect(lines).toContainEqual(expect.stringMatching(/^info: Executing 'Functions\.StartChaining' \(Reason='This function was programmatically called via the host APIs\.', Id=[\w-]+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^info: Executing 'Functions\.say_hello' \(Reason='\(null\)', Id=[\w-]+\)$/));
    // Two chaining instances have run by now (this one and the first test's): 3 activities and 4 episodes each.
    expect(executed('say_hello')).toBeGreaterThanOrEqual(6);
    expect(executed('chaining_orchestration')).toBeGreaterThanOrEqual(8);
    expect(lines).toContainEqual(expect.stringMatching(/^info: Executed 'Functions\.chaining_orchestration' \(Succeeded, Id=[\w-]+, Duration=\d+ms\)$/));
  });

  it('POST /api/StartFanOutFanIn completes with the five greetings in input order', async () => {
    const status = await finalStatus(await start('StartFanOutFanIn'));
    expect(status).toMatchObject({
      name: 'fan_out_fan_in_orchestration',
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'],
    });
  });

  it('passes the start input through and the durable client reads the status', async () => {
    const check = await start('start/chaining_orchestration', ['Oslo', 'Rome']);
    await finalStatus(check);
    const viaClient = (await (await fetch(`${runtime.origin}/api/status/${check.id}`)).json()) as Record<string, unknown>;
    expect(viaClient).toMatchObject({ runtimeStatus: 'Completed', input: ['Oslo', 'Rome'], output: ['Hello Oslo!', 'Hello Rome!'] });
  });

  it('ends a throwing orchestration Failed with its message', async () => {
    const status = await finalStatus(await start('start/throwing_orchestration'));
    expect(status.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(status.output)).toContain("Orchestrator function 'throwing_orchestration' failed: orchestration exploded");
    const failure = lines.filter((l) => l.includes("'Functions.throwing_orchestration' (Failed"));
    expect(failure).toEqual([
      expect.stringMatching(/^error: Executed 'Functions\.throwing_orchestration' \(Failed, Id=[\w-]+, Duration=\d+ms\)\nOrchestrator function 'throwing_orchestration' failed: orchestration exploded$/),
    ]);
    expect(lines.join('\n')).not.toContain('$OutOfProcData$');
  });

  it('delivers an external event raised through sendEventPostUri', async () => {
    const check = await start('start/approval_orchestration');
    await waitFor(
      async () => {
        const status = (await (await fetch(check.statusQueryGetUri)).json()) as Record<string, unknown>;
        return status.runtimeStatus === 'Running' && status.customStatus ? status : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    const raise = await fetch(check.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      body: JSON.stringify('ana'),
      headers: { 'content-type': 'application/json' },
    });
    expect(raise.status).toBe(202);
    const status = await finalStatus(check);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { outcome: 'approved', by: 'ana' } });
  });

  it('retries an activity through backend retry timers and runs a sub-orchestration', async () => {
    const status = await finalStatus(await start('start/parent_orchestration'));
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { greeting: 'Hello Paris!', child: ['Hello Oslo!'] } });
  });

  it('calls and signals a durable entity through entityTrigger batches', async () => {
    const check = await start('start/counter_orchestration');
    const status = await finalStatus(check);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 5 });
    const state = await waitFor(
      async () => {
        const response = await fetch(`${runtime.origin}/runtime/webhooks/durabletask/entities/counter/${check.id}`);
        if (response.status !== 200) return undefined;
        const value = (await response.json()) as number;
        return value === 7 ? value : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(state).toBe(7);
  });

  it('holds events while suspended and completes after resume', async () => {
    const check = (await start('start/approval_orchestration')) as CheckStatus & { suspendPostUri: string; resumePostUri: string };
    const statusOf = async () => (await (await fetch(check.statusQueryGetUri)).json()) as Record<string, unknown>;
    await waitFor(async () => ((await statusOf()).runtimeStatus === 'Running' ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    expect((await fetch(check.suspendPostUri.replace('{text}', 'pause'), { method: 'POST' })).status).toBe(202);
    await waitFor(async () => ((await statusOf()).runtimeStatus === 'Suspended' ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    await fetch(check.sendEventPostUri.replace('{eventName}', 'approval'), { method: 'POST', body: '"bob"', headers: { 'content-type': 'application/json' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await statusOf()).runtimeStatus).toBe('Suspended');
    expect((await fetch(check.resumePostUri.replace('{text}', 'go'), { method: 'POST' })).status).toBe(202);
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Completed', output: { outcome: 'approved', by: 'bob' } });
  });

  it('sends a signal once, although later episodes replay it', async () => {
    const check = await start('start/signal_then_work_orchestration');
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Completed', output: 'done' });
    const read = async () => (await (await fetch(`${runtime.origin}/api/counter/${check.id}`)).json()) as { entityExists: boolean; entityState?: number };
    await waitFor(async () => ((await read()).entityExists ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await read()).toEqual({ entityExists: true, entityState: 1 });
  });

  it('signals and reads an entity through the durable client', async () => {
    expect((await fetch(`${runtime.origin}/api/counter/from-client`, { method: 'POST', body: '3' })).status).toBe(202);
    const state = await waitFor(
      async () => {
        const read = (await (await fetch(`${runtime.origin}/api/counter/from-client`)).json()) as { entityExists: boolean; entityState?: number };
        return read.entityExists ? read : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(state).toEqual({ entityExists: true, entityState: 3 });
  });

  it('terminates a running instance through terminatePostUri', async () => {
    const check = await start('start/approval_orchestration');
    await waitFor(async () => (((await (await fetch(check.statusQueryGetUri)).json()) as Record<string, unknown>).runtimeStatus === 'Running' ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    const terminate = await fetch(check.terminatePostUri.replace('{text}', 'enough'), { method: 'POST' });
    expect(terminate.status).toBe(202);
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Terminated' });
  });

  it('serves the durable client: wait for completion, raise an event, list and purge', async () => {
    const waited = await fetch(`${runtime.origin}/api/run-and-wait/chaining_orchestration`, { method: 'POST' });
    expect(waited.status).toBe(200);
    expect(await waited.json()).toEqual(['Hello Lima!']);

    const check = await start('start/approval_orchestration');
    await waitFor(async () => (((await (await fetch(check.statusQueryGetUri)).json()) as Record<string, unknown>).customStatus ? true : undefined), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    expect((await fetch(`${runtime.origin}/api/approve/${check.id}`, { method: 'POST' })).status).toBe(200);
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Completed', output: { outcome: 'approved', by: 'carol' } });

    const completedIds = (await (await fetch(`${runtime.origin}/api/list`)).json()) as string[];
    expect(completedIds).toContain(check.id);

    const purged = (await (await fetch(`${runtime.origin}/api/purge/${check.id}`, { method: 'DELETE' })).json()) as { instancesDeleted: number };
    expect(purged.instancesDeleted).toBe(1);
    expect((await fetch(check.statusQueryGetUri)).status).toBe(404);
  });

  it('runs callHttp through the built-in HTTP activity, polling 202 + Location', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      if (request.url === '/start') response.writeHead(202, { location: '/status', 'retry-after': '1' }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/start`;
      const status = await finalStatus(await start('start/http_orchestration', { url }));
      expect(status).toMatchObject({ runtimeStatus: 'Completed', output: [200, 'ok'] });
      expect(seen).toEqual(['POST /start', 'GET /status']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('retries a failed sub-orchestration, reusing its child instance id', async () => {
    const check = await start('start/retrying_parent_orchestration');
    const status = await finalStatus(check);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: `ok ${check.id}` });
  });

  it('stops retrying an activity once retryTimeoutInMilliseconds has passed and hands the failure to the orchestrator', async () => {
    const check = await start('start/retry_timeout_orchestration');
    const status = await finalStatus(check);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: [expect.stringContaining('no greeting for Atlantis'), 'Hello Tokyo!'] });
    const history = (await (await fetch(check.statusQueryGetUri.replace('?', '?showHistory=true&'))).json()) as { historyEvents: { EventType: string; FunctionName?: string }[] };
    const attempts = history.historyEvents.filter((e) => e.EventType === 'TaskFailed' && e.FunctionName === 'always_fails').length;
    // Far fewer than maxNumberOfAttempts (50): the attempts stop once 250 ms have passed.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(10);
  });

  it('rewinds a failed instance through rewindPostUri: only the failed activity runs again and it completes', async () => {
    const check = (await start('start/rewindable_orchestration')) as CheckStatus & { rewindPostUri: string };
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Failed' });
    const rewind = await fetch(check.rewindPostUri.replace('{text}', 'retry'), { method: 'POST' });
    expect(rewind.status).toBe(202);
    expect(await finalStatus(check)).toMatchObject({ runtimeStatus: 'Completed', output: ['Hello Tokyo!', `ok rewind ${check.id}`] });
    const history = (await (await fetch(check.statusQueryGetUri.replace('?', '?showHistory=true&'))).json()) as { historyEvents: { EventType: string; FunctionName?: string }[] };
    expect(history.historyEvents.filter((e) => e.EventType === 'TaskCompleted').map((e) => e.FunctionName)).toEqual(['say_hello', 'fail_once_per_key']);
  });

  it('answers 404 for an unknown route next to the durable routes', async () => {
    expect((await fetch(`${runtime.origin}/api/nope`, { method: 'POST' })).status).toBe(404);
  });
});

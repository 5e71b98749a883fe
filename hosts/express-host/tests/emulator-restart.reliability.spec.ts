// kill -9 and restart of the emulator under a running express-host (client + in-process worker): the host
// reconnects by itself, the instance that was running when the emulator died completes, and new
// requests work, without restarting the host.
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, type HostProcess, startEmulator, startHost, waitFor } from '@durable-hosts/test-support';

const EXPRESS_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const LISTENING = /Listening on http:\/\/127\.0\.0\.1:(\d+)/;
const SEED_CHAINING = ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'];

describe('express-host while the emulator is killed and restarted', () => {
  let emulator: EmulatorProcess;
  let host: HostProcess;
  let base: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    host = startHost(EXPRESS_MAIN, { PORT: '0', DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
    base = `http://127.0.0.1:${(await host.waitForOutput(LISTENING))[1]}`;
    await waitFor(() => emulator.output().includes('worker connected'), { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await host?.stop();
    await emulator?.stop();
  });

  async function startChaining(): Promise<string> {
    const response = await fetch(`${base}/api/StartChaining`, { method: 'POST' });
    expect(response.status).toBe(202);
    return ((await response.json()) as { statusQueryGetUri: string }).statusQueryGetUri;
  }

  async function output(statusUri: string, timeoutMs: number): Promise<unknown> {
    return waitFor(
      async () => {
        const response = await fetch(statusUri);
        return response.status === 200 ? ((await response.json()) as { output: unknown }).output : undefined;
      },
      { timeoutMs, intervalMs: 200, message: `${statusUri} to complete` },
    );
  }

  it('reconnects by itself and finishes old and new work', async () => {
    // A human-interaction instance waits for an event, so it is certainly in flight at the kill.
    const waiting = await fetch(`${base}/api/orchestrators/human_interaction_orchestration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeoutSeconds: 120 }),
    });
    const pending = (await waiting.json()) as { id: string; statusQueryGetUri: string; sendEventPostUri: string };
    await waitFor(async () => (await (await fetch(pending.statusQueryGetUri)).json() as { runtimeStatus: string }).runtimeStatus === 'Running', {
      timeoutMs: 20_000,
    });

    await emulator.kill();
    // While it is down the host answers, but cannot start anything: a 5xx, never a crash.
    const down = await fetch(`${base}/api/StartChaining`, { method: 'POST' });
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect(host.child.exitCode).toBeNull();

    await emulator.restart();
    await waitFor(() => emulator.output().split('worker connected').length > 2, {
      timeoutMs: 40_000,
      message: 'the in-process worker did not reconnect',
    });
    const raised = await fetch(pending.sendEventPostUri.replace('{eventName}', 'approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ approved: true, approver: 'ana' }),
    });
    expect(raised.status).toBe(202);
    expect(await output(pending.statusQueryGetUri, 30_000)).toEqual({ outcome: 'approved', approver: 'ana' });
    expect(await output(await startChaining(), 30_000)).toEqual(SEED_CHAINING);
  }, 120_000);
});

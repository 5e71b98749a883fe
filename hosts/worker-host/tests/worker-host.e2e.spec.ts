// worker-host and its client as real processes against the real emulator process.
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, type HostProcess, runEntry, startEmulator, startHost, waitFor } from '@durable-hosts/test-support';

const WORKER_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const CLIENT = fileURLToPath(new URL('../src/client.ts', import.meta.url));
const READY = /Worker (\S+) is ready for work items/;

describe('worker-host against the emulator', () => {
  let emulator: EmulatorProcess;
  let worker: HostProcess;
  let env: Record<string, string>;
  const client = (...args: string[]) => runEntry(CLIENT, args, env);

  beforeAll(async () => {
    emulator = await startEmulator();
    env = { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString };
    worker = startHost(WORKER_MAIN, env);
    await worker.waitForOutput(READY);
  });
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await emulator?.stop();
  });

  it('prints the seed output of chaining_orchestration from `client start --wait`', async () => {
    const result = await client('start', 'chaining_orchestration', '--wait');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!"]\n');
  });

  it('prints the seed output of fan_out_fan_in_orchestration in input order', async () => {
    const result = await client('start', 'fan_out_fan_in_orchestration', '--wait');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!","Hello Paris!","Hello Berlin!"]\n');
  });

  it('passes --input and --id through', async () => {
    const result = await client('start', 'chaining_orchestration', '--input', '["Paris","Rome"]', '--id', 'cli-input-1', '--wait');
    expect(result.stdout).toBe('["Hello Paris!","Hello Rome!"]\n');
    const status = JSON.parse((await client('status', 'cli-input-1', '--json')).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ instanceId: 'cli-input-1', runtimeStatus: 'Completed', input: ['Paris', 'Rome'] });
  });

  it('raises the approval event into the human interaction workflow', async () => {
    const started = await client('start', 'human_interaction_orchestration', '--input', '{"timeoutSeconds":300}');
    const id = started.stdout.trim();
    expect(id).not.toBe('');
    await waitFor(async () => JSON.parse((await client('status', id, '--json')).stdout).runtimeStatus === 'Running', { timeoutMs: 15_000 });

    const raised = await client('raise', id, 'approval', '{"approved":true,"approver":"ana"}');
    expect(raised.code).toBe(0);
    const done = await waitFor(
      async () => {
        const status = JSON.parse((await client('status', id, '--json')).stdout) as { runtimeStatus: string; output: unknown };
        return status.runtimeStatus === 'Completed' ? status : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(done.output).toEqual({ outcome: 'approved', approver: 'ana' });
  });

  it('terminates an instance', async () => {
    const id = (await client('start', 'human_interaction_orchestration', '--input', '{"timeoutSeconds":300}')).stdout.trim();
    expect((await client('terminate', id, 'not needed')).code).toBe(0);
    const status = await waitFor(
      async () => {
        const current = JSON.parse((await client('status', id, '--json')).stdout) as { runtimeStatus: string; output: unknown };
        return current.runtimeStatus === 'Terminated' ? current : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(status.output).toBe('not needed');
  });

  it('reports usage errors and an unknown instance with a non-zero exit', async () => {
    const usage = await client('start');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'orchestration'");
    const help = await client('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: durable/);
    const badJson = await client('start', 'chaining_orchestration', '--input', '[oops');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('--input is not valid JSON');
    const missing = await client('status', 'nobody-home');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No instance with ID 'nobody-home' found.");
  });

  it('sends the DTS worker metadata the emulator logs: taskhub, x-user-agent and workerid', async () => {
    const workerId = READY.exec(worker.output())?.[1] as string;
    expect(workerId).toMatch(new RegExp(`^${hostname()},${worker.child.pid},[0-9a-f]{32}$`));
    expect(emulator.output()).toContain(`worker connected to task hub 'default': durable-hosts/`);
    expect(emulator.output()).toMatch(new RegExp(`durable-hosts/\\S+ \\(DurableTaskWorker\\) workerid=${workerId}`));
  });

  it('reconnects after the emulator restarts and keeps serving', async () => {
    await emulator.restart();
    const result = await client('start', 'chaining_orchestration', '--input', '["Oslo"]', '--wait', '--timeout', '60');
    expect(result.stdout).toBe('["Hello Oslo!"]\n');
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    const code = await worker.stop('SIGTERM');
    expect(code).toBe(0);
    expect(worker.output()).toContain('SIGTERM received: finishing in-flight work, then exiting.');
  });
});

describe('worker-host started before the emulator', () => {
  it('waits, logging its retries, and connects once the emulator is up', async () => {
    const emulator = await startEmulator();
    await emulator.stop();
    const worker = startHost(WORKER_MAIN, { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString });
    try {
      await worker.waitForOutput(/retrying Hello in \d+ ms \(attempt 2\)/);
      await emulator.restart();
      await worker.waitForOutput(READY, 30_000);
      const result = await runEntry(CLIENT, ['start', 'chaining_orchestration', '--wait'], {
        DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString,
      });
      expect(result.stdout).toBe('["Hello Tokyo!","Hello Seattle!","Hello London!"]\n');
    } finally {
      await worker.stop('SIGKILL');
      await emulator.stop();
    }
  });
});

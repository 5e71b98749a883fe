// The `durable` CLI driven as a user drives it, against the real emulator process on ephemeral ports, with
// the workflows on the durabletask adapter (task hub `default`) and a plain durabletask-js worker running a
// `counter` entity (task hub `entities`, so neither worker gets the other's work). Most commands run the
// CLI's own runCli in this process (a spawn costs a second of tsx start-up); the process-level behaviour
// (the bin, exit codes, stdout/stderr, colours off a terminal) is checked on spawned processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, type HostProcess, startEmulator, startHost, waitFor, type CommandResult } from '@durable-hosts/test-support';
import { runCli, type CliIo } from '../src/index.js';

const CLI_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const CLI_BIN = fileURLToPath(new URL('../bin/durable.js', import.meta.url));
const WORKFLOWS_WORKER = fileURLToPath(new URL('./support/workflows-worker.ts', import.meta.url));
const ENTITY_WORKER = fileURLToPath(new URL('./support/counter-entity-worker.ts', import.meta.url));
const SEED_CHAINING = '["Hello Tokyo!","Hello Seattle!","Hello London!"]';
const GRPC_CODE = /\b\d{1,2} [A-Z_]{5,}:/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

type Json = Record<string, unknown>;

describe('the durable CLI against the emulator and a worker running the workflows', () => {
  let emulator: EmulatorProcess;
  let worker: HostProcess;
  let entityWorker: HostProcess;
  let env: Record<string, string>;
  let scratch: string;
  const testStart = new Date(Date.now() - 1000).toISOString();

  /** The CLI in this process, with its own stdout/stderr (not terminals) and environment. */
  const durable = async (...args: string[]): Promise<CommandResult> => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string) => ((stdout += text), true) },
      stderr: { write: (text: string) => ((stderr += text), true) },
      env,
    };
    const code = await runCli(args, io as unknown as CliIo);
    return { code, stdout, stderr };
  };
  /** The CLI as a separate process, as a shell runs it (Nx's FORCE_COLOR left out: stdout is a pipe here). */
  const spawnedWith = (extra: Record<string, string>, entry: string, args: string[]) =>
    new Promise<CommandResult>((resolve, reject) => {
      const { FORCE_COLOR: _force, NO_COLOR: _none, ...inherited } = process.env;
      const node = entry.endsWith('.js') ? [entry] : ['--conditions=@durable-hosts/source', '--import', 'tsx', entry];
      const child = spawn(process.execPath, [...node, ...args], { env: { ...inherited, ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  const spawned = (...args: string[]) => spawnedWith({}, CLI_MAIN, args);
  const durableJson = async (...args: string[]) => {
    const result = await durable('--json', ...args);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Json;
  };
  const statusOf = async (id: string) => (await durableJson('status', id)).runtimeStatus as string;
  const until = (id: string, runtimeStatus: string) =>
    waitFor(async () => ((await statusOf(id)) === runtimeStatus ? true : undefined), { timeoutMs: 20_000, intervalMs: 200, message: `${id} ${runtimeStatus}` });
  /** One error line on stderr, no gRPC code, the exit code given. */
  const expectFailure = (result: CommandResult, code: number, message: RegExp) => {
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(GRPC_CODE);
    expect(result.stderr.match(/error:/g) ?? []).toHaveLength(1);
  };

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'durable-cli-'));
    emulator = await startEmulator({ db: ':memory:', taskHubs: ['default', 'entities'] });
    env = { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString };
    worker = startHost(WORKFLOWS_WORKER, env);
    entityWorker = startHost(ENTITY_WORKER, { DURABLE_TASK_SCHEDULER_CONNECTION_STRING: emulator.connectionString.replace('TaskHub=default', 'TaskHub=entities') });
    await worker.waitForOutput(/workflows worker ready/);
    await entityWorker.waitForOutput(/counter entity worker ready/);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await entityWorker?.stop('SIGKILL');
    await emulator?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe('start, status and history', () => {
    it('prints the seed output with `start --wait`, run through the durable bin', async () => {
      const result = await spawnedWith({}, CLI_BIN, ['start', 'chaining_orchestration', '--wait']);
      expect(result).toEqual({ code: 0, stdout: `${SEED_CHAINING}\n`, stderr: '' });
    });

    it('starts with --input and --id, and shows the status as text or as the HTTP API JSON', async () => {
      const started = await durable('start', 'chaining_orchestration', '--input', '["Paris","Rome"]', '--id', 'cli-input-1', '--wait');
      expect(started.stdout).toBe('["Hello Paris!","Hello Rome!"]\n');

      const text = await durable('status', 'cli-input-1');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^Instance: +cli-input-1$/m);
      expect(text.stdout).toMatch(/^Status: +Completed$/m);
      expect(text.stdout).toMatch(/^Input: +\["Paris","Rome"\]$/m);
      expect(text.stdout).not.toMatch(ANSI);

      const json = await durableJson('status', 'cli-input-1');
      expect(Object.keys(json)).toEqual(['name', 'instanceId', 'runtimeStatus', 'input', 'customStatus', 'output', 'createdTime', 'lastUpdatedTime']);
      expect(json).toMatchObject({ name: 'chaining_orchestration', runtimeStatus: 'Completed', input: ['Paris', 'Rome'], output: ['Hello Paris!', 'Hello Rome!'] });
    });

    it('starts without input as null, like an HTTP start with an empty body', async () => {
      const id = (await durable('start', 'chaining_orchestration')).stdout.trim();
      expect(id).toMatch(/^[0-9a-f-]{32,36}$/);
      await until(id, 'Completed');
      expect((await durableJson('status', id)).input).toBeNull();
    });

    it('shows history with the status, as a table, and exports it as JSON to stdout or a file', async () => {
      const withHistory = await durableJson('status', 'cli-input-1', '--history-output');
      const events = withHistory.historyEvents as Json[];
      expect(events.map((event) => event.EventType)).toEqual(['ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
      expect(events[1]).toMatchObject({ FunctionName: 'say_hello', Result: 'Hello Paris!' });

      const table = await durable('history', 'cli-input-1');
      expect(table.stdout.split('\n')[0]).toMatch(/^Time +Event +Name +Details$/);
      expect(table.stdout).toMatch(/TaskCompleted +say_hello/);

      const exported = JSON.parse((await durable('history', 'cli-input-1', '--json')).stdout) as Json[];
      expect(exported[0]).toMatchObject({ type: 'OrchestratorStarted' });
      expect(exported.some((event) => event.type === 'TaskScheduled' && event.name === 'say_hello')).toBe(true);

      const file = path.join(scratch, 'history.json');
      const written = await durable('history', 'cli-input-1', '--format', 'functions', '--output', file);
      expect(written.stdout).toMatch(/^Wrote \d+ history events of cli-input-1 to /);
      expect((JSON.parse(readFileSync(file, 'utf8')) as Json[]).map((event) => event.EventType)).toEqual(events.map((event) => event.EventType));
    });

    it('schedules a start with --at, and the instance waits as Pending', async () => {
      const at = new Date(Date.now() + 3_600_000).toISOString();
      const id = (await durable('start', 'chaining_orchestration', '--at', at, '--id', 'cli-later')).stdout.trim();
      expect(id).toBe('cli-later');
      expect(await statusOf(id)).toBe('Pending');
      expect((await durable('terminate', id, 'not today')).stdout).toBe('Terminated cli-later.\n');
    });

    it('colours the status only on a terminal or with FORCE_COLOR, and never with NO_COLOR or --no-color', async () => {
      expect((await spawned('status', 'cli-input-1')).stdout).not.toMatch(ANSI);
      expect((await spawnedWith({ FORCE_COLOR: '1' }, CLI_MAIN, ['status', 'cli-input-1'])).stdout).toMatch(ANSI);
      expect((await spawnedWith({ FORCE_COLOR: '1', NO_COLOR: '1' }, CLI_MAIN, ['status', 'cli-input-1'])).stdout).not.toMatch(ANSI);
      expect((await spawnedWith({ FORCE_COLOR: '1' }, CLI_MAIN, ['status', 'cli-input-1', '--no-color'])).stdout).not.toMatch(ANSI);
    });
  });

  describe('raise, suspend, resume, terminate, rewind, restart', () => {
    it('suspends, resumes and raises the approval event into the human interaction workflow', async () => {
      const id = (await durable('start', 'human_interaction_orchestration', '--input', '{"timeoutSeconds":300}')).stdout.trim();
      await until(id, 'Running');
      expect((await durable('suspend', id, 'lunch')).stdout).toBe(`Suspended ${id}.\n`);
      await until(id, 'Suspended');
      expectFailure(await durable('suspend', id), 1, /Cannot suspend the orchestration instance .* because instance is in the Suspended state/);
      expect((await durable('resume', id)).code).toBe(0);
      await until(id, 'Running');
      expect((await durable('raise', id, 'approval', '{"approved":true,"approver":"ana"}')).stdout).toBe(`Raised 'approval' on ${id}.\n`);
      await until(id, 'Completed');
      expect((await durableJson('status', id)).output).toEqual({ outcome: 'approved', approver: 'ana' });
      expectFailure(await durable('terminate', id), 1, /because instance is in the Completed state/);
    });

    it('rewinds a failed instance and refuses a completed one', async () => {
      // A durabletask-js worker fails an orchestration it does not know: a real Failed instance to rewind.
      const id = (await durable('start', 'not_registered_anywhere')).stdout.trim();
      await until(id, 'Failed');
      expect((await durable('rewind', id, 'try again')).stdout).toBe(`Rewound ${id}.\n`);
      expectFailure(await durable('rewind', 'cli-input-1'), 1, /Cannot rewind the orchestration instance cli-input-1 because instance is in the Completed state/);
    });

    it('restarts a finished instance under a new id and waits for it, and refuses a running one in place', async () => {
      const restarted = await durable('restart', 'cli-input-1', '--wait');
      expect(restarted.stdout).toBe('["Hello Paris!","Hello Rome!"]\n');
      const running = (await durable('start', 'human_interaction_orchestration', '--input', '{"timeoutSeconds":300}')).stdout.trim();
      expectFailure(await durable('restart', running, '--same-id'), 1, /already exists .*Restart it with a new instance ID/);
      const fresh = await durableJson('restart', running);
      expect(fresh.id).not.toBe(running);
      await durable('terminate', running);
      await durable('terminate', fresh.id as string);
    });
  });

  describe('list and purge', () => {
    it('lists by status, name and prefix, a page at a time or all pages', async () => {
      for (const id of ['cli-list-1', 'cli-list-2', 'cli-list-3']) await durable('start', 'chaining_orchestration', '--id', id, '--wait');
      const listed = await durableJson('list', '--prefix', 'cli-list-', '--status', 'Completed');
      expect((listed.instances as Json[]).map((s) => s.instanceId).sort()).toEqual(['cli-list-1', 'cli-list-2', 'cli-list-3']);

      const page = await durableJson('list', '--prefix', 'cli-list-', '--top', '2');
      expect(page.instances as Json[]).toHaveLength(2);
      expect(page.continuationToken).toEqual(expect.any(String));
      const next = await durableJson('list', '--prefix', 'cli-list-', '--top', '2', '--continuation-token', page.continuationToken as string);
      expect(next.instances as Json[]).toHaveLength(1);
      expect((await durableJson('list', '--prefix', 'cli-list-', '--top', '1', '--all')).instances as Json[]).toHaveLength(3);

      const table = await durable('list', '--name', 'CHAINING_orchestration', '--created-after', testStart, '--status', 'Completed');
      expect(table.stdout.split('\n')[0]).toMatch(/^Instance ID +Name +Status +Created +Last updated$/);
      expect(table.stdout).toMatch(/^cli-list-1 +chaining_orchestration +Completed /m);
      expect(table.stdout).not.toMatch(/human_interaction/);
    });

    it('purges one instance, then by filter, and says what was wrong with a bad purge', async () => {
      expect((await durable('purge', 'cli-list-1')).stdout).toBe('Purged 1 instance.\n');
      expectFailure(await durable('purge', 'cli-list-1'), 1, /No instance with ID 'cli-list-1' found\./);
      const purged = await durableJson('purge', '--status', 'Completed', '--created-after', testStart);
      expect(purged.instancesDeleted).toBeGreaterThanOrEqual(2);
      expect((await durable('purge', '--status', 'Completed', '--created-after', testStart)).stdout).toBe('Purged 0 instances.\n');
      expectFailure(await durable('purge'), 2, /Say what to purge/);
    });
  });

  describe('entities', () => {
    const onEntities = (...args: string[]) => durable('--task-hub', 'entities', ...args);

    it('signals counter k1 add 5 twice and reads 10, then lists it with its state', async () => {
      for (let i = 0; i < 2; i++) expect((await onEntities('entity', 'signal', 'counter', 'k1', 'add', '5')).stdout).toBe('Signalled add on @counter@k1.\n');
      await waitFor(async () => (await onEntities('entity', 'get', 'counter', 'k1')).stdout.trim() === '10', { timeoutMs: 20_000, intervalMs: 200 });
      const listed = JSON.parse((await onEntities('--json', 'entity', 'list', 'counter', '--state')).stdout) as { entities: Json[] };
      expect(listed.entities).toContainEqual({ entityId: { name: 'counter', key: 'k1' }, lastOperationTime: expect.any(String), state: 10 });
      const table = await onEntities('entity', 'list', '--state');
      expect(table.stdout).toMatch(/^counter +k1 +\S+ +10$/m);
      expectFailure(await onEntities('entity', 'get', 'counter', 'nobody'), 1, /No entity '@counter@nobody' found/);
    });
  });

  describe('exit codes and errors', () => {
    it('answers --help on every command with exit 0', async () => {
      const commands = [
        [],
        ['start'],
        ['start-new'],
        ['status'],
        ['list'],
        ['query'],
        ['raise'],
        ['terminate'],
        ['suspend'],
        ['resume'],
        ['rewind'],
        ['restart'],
        ['purge'],
        ['history'],
        ['entity'],
        ['entity', 'signal'],
        ['entity', 'get'],
        ['entity', 'list'],
      ];
      for (const command of commands) {
        let out = '';
        const io = { stdout: { write: (text: string) => ((out += text), true) }, stderr: { write: () => true }, env: {} };
        const code = await runCli([...command, '--help'], io as never);
        expect(code, command.join(' ')).toBe(0);
        expect(out, command.join(' ')).toMatch(/^Usage: durable/);
      }
      const help = await spawned('purge', '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: durable purge\|purge-history \[options\] \[instanceId\]/);
    });

    it('exits 2 for a wrong command line, printing one error', async () => {
      expectFailure(await spawned('bogus'), 2, /unknown command 'bogus'/);
      expectFailure(await durable('list', '--status', 'Bogus'), 2, /Expected a comma-separated list of Running, Completed/);
      expectFailure(await durable('list', '--top', '-5'), 2, /argument '-5' is invalid\. Expected a whole number of 1 or more/);
      expectFailure(await durable('list', '--created-after', 'yesterday'), 2, /Expected an ISO 8601 UTC time/);
      expectFailure(await durable('start', 'chaining_orchestration', '--input', '{oops'), 2, /--input is not valid JSON/);
      expectFailure(await durable('status'), 2, /missing required argument 'instanceId'/);
      expectFailure(await durable('--connection-string', 'Endpoint=x', 'list'), 2, /--connection-string: Invalid DTS connection string: missing 'TaskHub'/);
      expect((await spawned()).code).toBe(2);
    });

    it('exits 1 for a failed operation with the reason once and no gRPC code', async () => {
      expectFailure(await spawned('status', 'no-such-instance'), 1, /^error: No instance with ID 'no-such-instance' found\.\n$/);
      await durable('start', 'human_interaction_orchestration', '--id', 'cli-dup', '--input', '{"timeoutSeconds":300}');
      expectFailure(await durable('start', 'human_interaction_orchestration', '--id', 'cli-dup'), 1, /An instance with ID 'cli-dup' already exists/);
      await durable('terminate', 'cli-dup');
      const unreachable = await durable('--endpoint', 'http://127.0.0.1:9', 'list');
      expectFailure(unreachable, 1, /Cannot reach the Durable Task Scheduler at http:\/\/127\.0\.0\.1:9 .*npx nx serve emulator/);
      const unknownHub = await durable('--task-hub', 'nope', 'list');
      expect(unknownHub.code).toBe(1);
      expect(unknownHub.stderr).not.toMatch(GRPC_CODE);
    });
  });
});

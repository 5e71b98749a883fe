// Runs fixtures/reliability-worker.ts as a child process and counts the activity executions it reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor, type EmulatorProcess } from '@durable-hosts/test-support';

const SCRIPT = fileURLToPath(new URL('../fixtures/reliability-worker.ts', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly name: string;
  output(): string;
  /** Executions per `<instanceId> <taskId>` key, as reported so far. */
  executions(): Map<string, number>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful stop), and wait for the exit. */
  stop(): Promise<void>;
}

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startWorkerProcess(
  emulator: EmulatorProcess,
  options: { name: string; activityMs?: number; quiet?: boolean },
): Promise<WorkerProcess> {
  const connections = (): number =>
    emulator.output().split('\n').filter((l) => l.includes('worker connected') && l.includes(`workerid=${options.name},`)).length;
  const connectedBefore = connections();
  const child = spawn(
    process.execPath,
    ['--conditions=@durable-hosts/source', '--import', 'tsx', SCRIPT, emulator.hostAddress],
    {
      env: {
        ...process.env,
        RELIABILITY_WORKER_NAME: options.name,
        RELIABILITY_ACTIVITY_MS: String(options.activityMs ?? 100),
        RELIABILITY_WORKER_QUIET: options.quiet ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  let out = '';
  let partial = '';
  const counts = new Map<string, number>();
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('EXEC ')) {
        const [, instanceId, taskId] = line.split(' ');
        const key = `${instanceId} ${taskId}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      } else {
        out += `${line}\n`;
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // Connected = the emulator logged this worker's GetWorkItems stream.
  await waitFor(() => connections() > connectedBefore, {
    timeoutMs: 30_000,
    message: `worker ${options.name} did not connect. Its output:\n${out}`,
  });
  return {
    child,
    name: options.name,
    output: () => out,
    executions: () => new Map(counts),
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

// Starts the real emulator as a child process on ephemeral ports (with a temporary SQLite file by
// default, so restart() keeps the data) and waits for its ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/emulator/src/main.ts, found from this file's own location (libs/test-support/src). */
const EMULATOR_MAIN = fileURLToPath(new URL('../../../tools/emulator/src/main.ts', import.meta.url));
/** The workspace root: the child runs there so `--import tsx` resolves whatever the caller's cwd. */
const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY = /Emulator ready: gRPC ([\d.:a-f[\]]+):(\d+), dashboard http:\/\/[^:]+:(\d+)/;

export interface StartEmulatorOptions {
  /** SQLite file or ':memory:'; default: a fresh temporary file. */
  db?: string;
  taskHubs?: string[];
  env?: Record<string, string>;
  /** How long to wait for the ready line (default 20 s). */
  startTimeoutMs?: number;
}

export interface EmulatorProcess {
  readonly grpcPort: number;
  readonly dashboardPort: number;
  /** 127.0.0.1:<grpcPort> */
  readonly hostAddress: string;
  readonly connectionString: string;
  readonly dbPath: string;
  /** Everything the process printed so far (stdout and stderr, all runs). */
  output(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** Starts it again with the same database and ports. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  grpcPort: number;
  dashboardPort: number;
}

function launch(args: string[], env: Record<string, string>, append: (text: string) => void, timeoutMs: number): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', EMULATOR_MAIN, ...args], {
    env: { ...process.env, ...env },
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The emulator did not print its ready line within ${timeoutMs} ms. Output:\n${seen}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      seen += text;
      append(text);
      const match = READY.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({ child, grpcPort: Number(match[2]), dashboardPort: Number(match[3]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The emulator exited (code ${code}, signal ${signal}) before it was ready. Output:\n${seen}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<EmulatorProcess> {
  const dbPath =
    options.db === ':memory:'
      ? options.db
      : options.db !== undefined
        ? path.resolve(options.db)
        : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'durable-emulator-')), 'emulator.db');
  const taskHubs = options.taskHubs ?? ['default'];
  const env = { DTS_EMULATOR_ABANDON_GRACE_MS: '500', ...options.env };
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  let out = '';
  const append = (text: string): void => {
    out += text;
  };
  const args = (grpc: number, dashboard: number): string[] => [
    '--grpc-port', String(grpc),
    '--dashboard-port', String(dashboard),
    '--db', dbPath,
    '--task-hubs', taskHubs.join(','),
    '--host', '127.0.0.1',
  ];
  let current = await launch(args(0, 0), env, append, timeoutMs);
  const { grpcPort, dashboardPort } = current;
  return {
    grpcPort,
    dashboardPort,
    hostAddress: `127.0.0.1:${grpcPort}`,
    connectionString: `Endpoint=http://127.0.0.1:${grpcPort};TaskHub=${taskHubs[0]};Authentication=None`,
    dbPath,
    output: () => out,
    async stop() {
      current.child.kill('SIGTERM');
      await exited(current.child);
    },
    async kill() {
      current.child.kill('SIGKILL');
      await exited(current.child);
    },
    async restart() {
      if (current.child.exitCode === null && current.child.signalCode === null) {
        current.child.kill('SIGTERM');
        await exited(current.child);
      }
      current = await launch(args(grpcPort, dashboardPort), env, append, timeoutMs);
    },
  };
}

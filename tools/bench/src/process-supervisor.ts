// Every process the benchmark starts goes through here, so that all of them are stopped at the end,
// on Ctrl-C and on failure — never by name, only by the ids we spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root (tools/bench/src → ../../..): children run from here so `--import tsx` resolves. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const OUTPUT_TAIL_CHARS = 20_000;

export interface SupervisedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last characters of stdout and stderr together, for error messages. */
  output(): string;
  /** Resolves with the first stdout/stderr line matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Calls `listener` for every stdout line. */
  onLine(listener: (line: string) => void): void;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: readonly string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Keep stdin open as a pipe (session children read their jobs from it). */
  stdin?: boolean;
}

/** `node --conditions=@durable-hosts/source --import tsx <file>`: how our TypeScript entry points run. */
export function tsNodeArgs(
  file: string,
  args: readonly string[] = [],
  preload: readonly string[] = [],
  nodeFlags: readonly string[] = [],
): string[] {
  return [
    ...nodeFlags,
    ...preload.flatMap((p) => ['--import', p]),
    '--conditions=@durable-hosts/source',
    '--import',
    'tsx',
    file,
    ...args,
  ];
}

/** `--cpu-prof` flags for a process under test when profiling is on (the profile is written at exit). */
export function profileFlags(profileDir: string | undefined, name: string): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`] : [];
}

export class ProcessSupervisor {
  private readonly running = new Set<SupervisedProcess>();

  spawn(options: SpawnOptions): SupervisedProcess {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd ?? WORKSPACE_ROOT,
      env: { ...process.env, ...options.env },
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const { pid, stdout, stderr } = child;
    if (pid === undefined || !stdout || !stderr)
      throw new Error(`Could not start ${options.name} (${options.command}).`);
    let tail = '';
    const lineListeners: ((line: string) => void)[] = [];
    const anyLineListeners = new Set<(line: string) => void>();
    const collect = (isStdout: boolean) => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          for (const l of anyLineListeners) l(line);
          if (isStdout) for (const l of lineListeners) l(line);
        }
      };
    };
    stdout.on('data', collect(true));
    stderr.on('data', collect(false));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const proc: SupervisedProcess = {
      name: options.name,
      pid,
      child,
      output: () => tail,
      exited,
      onLine: (listener) => lineListeners.push(listener),
      waitForLine: (pattern, timeoutMs) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            finish();
            reject(
              new Error(
                `${options.name} did not print ${pattern} within ${timeoutMs} ms. Its output:\n${tail}`,
              ),
            );
          }, timeoutMs);
          const listener = (line: string) => {
            const match = line.match(pattern);
            if (match) {
              finish();
              resolve(match);
            }
          };
          const finish = () => {
            clearTimeout(timer);
            anyLineListeners.delete(listener);
          };
          anyLineListeners.add(listener);
          void exited.then((code) => {
            if (!anyLineListeners.has(listener)) return;
            finish();
            reject(
              new Error(
                `${options.name} exited (code ${code}) before printing ${pattern}. Its output:\n${tail}`,
              ),
            );
          });
        }),
      stop: () => this.stopOne(proc),
    };
    this.running.add(proc);
    void exited.then(() => this.running.delete(proc));
    return proc;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stopOne(proc: SupervisedProcess, graceMs = 5000): Promise<void> {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((p) => this.stopOne(p)));
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL whatever still runs. */
  killAllNow(): void {
    for (const p of this.running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
}

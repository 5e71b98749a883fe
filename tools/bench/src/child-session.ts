// One session child (a load client) serving several jobs in turn: started once per host, so a run pays
// one process start-up per host instead of one per measurement.
import { parseProgress, parseResult, type SessionAnswer } from './child-protocol.js';
import type { Progress } from './progress-bar.js';
import { tsNodeArgs, type ProcessSupervisor, type SupervisedProcess } from './process-supervisor.js';

export class ChildSession {
  private readonly proc: SupervisedProcess;
  private pending: { resolve: (answer: SessionAnswer) => void; progress: Progress } | undefined;

  constructor(
    supervisor: ProcessSupervisor,
    readonly name: string,
    file: string,
  ) {
    this.proc = supervisor.spawn({ name, command: process.execPath, args: tsNodeArgs(file), stdin: true });
    this.proc.onLine((line) => {
      const p = parseProgress(line);
      if (p) this.pending?.progress.update(p.done, p.total);
      else if (line.startsWith('RESULT ') && this.pending) {
        const { resolve } = this.pending;
        this.pending = undefined;
        resolve(parseResult(line) as SessionAnswer);
      }
    });
    void this.proc.exited.then((code) => {
      if (!this.pending) return;
      const { resolve } = this.pending;
      this.pending = undefined;
      const tail = this.proc
        .output()
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('PROGRESS') && !/^\s+at /.test(l))
        .slice(-6)
        .join('\n');
      resolve({ ok: false, error: `${name} exited (code ${code}) during a job: ${tail}` });
    });
  }

  /** Runs one job; rejects with the child's error message when the job failed. */
  async run<T>(job: unknown, progress: Progress, timeoutMs: number): Promise<T> {
    if (this.pending) throw new Error(`${this.name} is still running a job.`);
    if (this.proc.child.exitCode !== null)
      throw new Error(`${this.name} has exited: ${this.proc.output().slice(-600)}`);
    const answer = new Promise<SessionAnswer>((resolve) => (this.pending = { resolve, progress }));
    this.proc.child.stdin?.write(`${JSON.stringify(job)}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SessionAnswer>((resolve) => {
      timer = setTimeout(() => {
        void this.proc.stop();
        resolve({
          ok: false,
          error: `${this.name} did not finish a job within ${Math.round(timeoutMs / 1000)} s`,
        });
      }, timeoutMs);
    });
    const result = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    if (!result.ok) throw new Error(result.error);
    return result.value as T;
  }

  /** Closes stdin (the child finishes and exits), then makes sure it is gone. */
  async close(): Promise<void> {
    this.proc.child.stdin?.end();
    const timer = setTimeout(() => void this.proc.stop(), 10_000);
    await this.proc.exited;
    clearTimeout(timer);
  }
}

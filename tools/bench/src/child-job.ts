// Runs one of the benchmark's child scripts as a process of its own and returns its RESULT line.
import { JOB_ENV, parseProgress, parseResult } from './child-protocol.js';
import type { Progress } from './progress-bar.js';
import { tsNodeArgs, type ProcessSupervisor } from './process-supervisor.js';

export async function runChildJob<T>(
  supervisor: ProcessSupervisor,
  name: string,
  file: string,
  job: unknown,
  progress: Progress,
  timeoutMs: number,
): Promise<T> {
  const proc = supervisor.spawn({
    name,
    command: process.execPath,
    args: tsNodeArgs(file),
    env: { [JOB_ENV]: JSON.stringify(job) },
  });
  let result: unknown;
  proc.onLine((line) => {
    const p = parseProgress(line);
    if (p) progress.update(p.done, p.total);
    else if (line.startsWith('RESULT ')) result = parseResult(line);
  });
  const timer = setTimeout(() => void proc.stop(), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (code !== 0 || result === undefined) {
    const tail = proc
      .output()
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('PROGRESS') && !/^\s+at /.test(l))
      .slice(-8)
      .join('\n');
    throw new Error(
      `${name} ${code === null ? `was stopped after ${timeoutMs} ms` : `failed (exit ${code})`}: ${tail}`,
    );
  }
  return result as T;
}

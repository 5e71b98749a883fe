// How the benchmark's own child processes talk back: one line per message on stdout.
//   PROGRESS <done> <total>   — for the progress bar
//   RESULT <json>             — the measurement, once per job
// A one-job script reads its settings as JSON from the BENCH_JOB environment variable. A session script
// (the load clients) reads one JSON job per stdin line and answers each with RESULT {ok, value | error},
// so one process serves all of a host's runs and the parent can read CPU counters exactly between them.
import readline from 'node:readline';

export const JOB_ENV = 'BENCH_JOB';

export type SessionAnswer = { ok: true; value: unknown } | { ok: false; error: string };

/** Serves jobs from stdin until it closes, then runs `close` and exits. */
export function serveJobs<J>(
  handle: (job: J) => Promise<unknown>,
  close: () => Promise<void> = async () => undefined,
): void {
  const lines = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    if (!line.trim()) return;
    queue = queue.then(async () => {
      let answer: SessionAnswer;
      try {
        answer = { ok: true, value: await handle(JSON.parse(line) as J) };
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      reportResult(answer);
    });
  });
  lines.on('close', () => {
    void queue.then(close).finally(() => process.exit(0));
  });
}

export function readJob<T>(): T {
  const text = process.env[JOB_ENV];
  if (!text)
    throw new Error(`${JOB_ENV} is not set: this script is started by the benchmark (npx nx run bench:run).`);
  return JSON.parse(text) as T;
}

export function reportProgress(done: number, total: number): void {
  process.stdout.write(`PROGRESS ${done} ${total}\n`);
}

export function reportResult(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export function parseProgress(line: string): { done: number; total: number } | undefined {
  const match = line.match(/^PROGRESS (\d+) (\d+)$/);
  return match ? { done: Number(match[1]), total: Number(match[2]) } : undefined;
}

export function parseResult(line: string): unknown {
  return line.startsWith('RESULT ') ? JSON.parse(line.slice('RESULT '.length)) : undefined;
}

/** Runs `main`, prints its failure on stderr and sets the exit code: children must never hang or die silently. */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}

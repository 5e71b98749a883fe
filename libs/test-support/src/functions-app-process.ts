// Runs a Functions app folder on the workspace's Functions runtime (tools/functions-runtime, as `nx serve
// functions-host` does) as a child process on a free port, and waits until the app is up and, unless told
// otherwise, connected to DTS.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const RUNTIME_BIN = fileURLToPath(new URL('../../../tools/functions-runtime/bin/functions-runtime.js', import.meta.url));
const HOST_STARTED = /Host started: (http:\/\/localhost:\d+)/;
const CONNECTED = /Connected to DTS/;

export interface FunctionsAppProcess {
  readonly origin: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

export interface StartFunctionsAppOptions {
  /** Wait for the "Connected to DTS" line too (default true). */
  waitForDts?: boolean;
  timeoutMs?: number;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startFunctionsApp(
  appDir: string,
  env: Record<string, string>,
  { waitForDts = true, timeoutMs = 30_000 }: StartFunctionsAppOptions = {},
): Promise<FunctionsAppProcess> {
  const child = spawn(process.execPath, [RUNTIME_BIN, appDir, '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const waitForOutput = (pattern: RegExp, ms = 20_000): Promise<RegExpExecArray> =>
    waitFor(
      () => {
        const match = pattern.exec(out);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`The Functions runtime exited with code ${child.exitCode}`);
        return undefined;
      },
      { timeoutMs: ms, message: `Output matching ${pattern} (got:\n${out})` },
    );
  try {
    const origin = (await waitForOutput(HOST_STARTED, timeoutMs))[1];
    if (waitForDts) await waitForOutput(CONNECTED, timeoutMs);
    return {
      origin,
      child,
      output: () => out,
      waitForOutput,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

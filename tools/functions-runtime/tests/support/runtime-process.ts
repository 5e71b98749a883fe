// Runs functions-runtime on an app folder as a user's harness would: a child process on a free port, ready
// once GET /admin/host/status answers Running.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@durable-hosts/test-support';

const MAIN = path.join(import.meta.dirname, '../../src/main.ts');

export interface RuntimeProcess {
  readonly origin: string;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startRuntimeProcess(appDir: string, env: Record<string, string> = {}): Promise<RuntimeProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@durable-hosts/source', '--import', 'tsx', MAIN, appDir, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  try {
    const origin = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`functions-runtime exited with ${child.exitCode}:\n${out}`);
        return /Host started: (http:\/\/localhost:\d+)/.exec(out)?.[1];
      },
      { timeoutMs: 30_000, message: 'functions-runtime did not start' },
    );
    await waitFor(async () => ((await (await fetch(`${origin}/admin/host/status`)).json()) as { state?: string }).state === 'Running', { timeoutMs: 10_000 });
    return {
      origin,
      output: () => out,
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\nOutput:\n${out}`, { cause: error });
  }
}

// Builds this app and runs it the way `nx serve functions-host` does: the functions-runtime bin as a child
// process, on a free port, against the DTS endpoint given in the environment.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const RUNTIME_BIN = fileURLToPath(new URL('../../../../tools/functions-runtime/bin/functions-runtime.js', import.meta.url));
const HOST_STARTED = /Host started: (http:\/\/localhost:\d+)/;

export interface FunctionsHostProcess {
  readonly origin: string;
  output(): string;
  stop(): Promise<void>;
}

/** `tsc --build tsconfig.lib.json` for the app (package.json main points at its output). */
export function buildFunctionsApp(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '--build', 'tsconfig.lib.json'], { cwd: APP_DIR, stdio: 'pipe' });
}

export async function startFunctionsHost(env: Record<string, string>, timeoutMs = 30_000): Promise<FunctionsHostProcess> {
  const child: ChildProcess = spawn(process.execPath, [RUNTIME_BIN, APP_DIR, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The Functions host did not start within ${timeoutMs} ms. Output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const started = HOST_STARTED.exec(output);
      if (started && output.includes('Connected to DTS')) {
        clearTimeout(timer);
        resolve(started[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The Functions host exited with code ${code} before it started. Output:\n${output}`));
    });
  });
  return {
    origin,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

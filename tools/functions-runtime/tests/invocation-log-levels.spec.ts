import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFunctionsRuntime, type FunctionsRuntime } from '../src/functions-runtime.js';

const appDir = path.join(import.meta.dirname, 'fixtures/http-app');
// The Functions host also reads host.json settings from app settings; the fixture's host.json sets no levels.
const OVERRIDES = {
  'AzureFunctionsJobHost__logging__logLevel__Function.hello': 'Warning',
  'AzureFunctionsJobHost__logging__logLevel__Function.hello.User': 'Information',
  'AzureFunctionsJobHost__logging__logLevel__Function.boom': 'Warning',
};

describe('invocation lines filtered by logging.logLevel', () => {
  let runtime: FunctionsRuntime;
  const lines: string[] = [];

  beforeAll(async () => {
    Object.assign(process.env, OVERRIDES);
    runtime = await startFunctionsRuntime({
      appDir,
      port: 0,
      log: (level, message) => lines.push(`${level}: ${message}`),
    });
  });
  afterAll(async () => {
    for (const key of Object.keys(OVERRIDES)) delete process.env[key];
    await runtime?.stop();
  });

  it('drops Executing/Executed of a function set to Warning and keeps its .User lines set to Information', async () => {
    expect((await fetch(`${runtime.origin}/api/hello/Tokyo`)).status).toBe(200);
    const hello = lines.filter((l) => l.includes("'Functions.hello'") || l.includes('hello Tokyo'));
    expect(hello).toEqual(['info: hello Tokyo']);
  });

  it('keeps the lines of functions left at the default level', async () => {
    expect((await fetch(`${runtime.origin}/api/nothing`)).status).toBe(202); // its postInvocation hook answers
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^info: Executing 'Functions\.nothing' \(Reason='This function was programmatically called via the host APIs\.', Id=[\w-]+\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^info: Executed 'Functions\.nothing' \(Succeeded, Id=[\w-]+, Duration=\d+ms\)$/),
    );
  });

  it('still reports a failed invocation at Warning, since failures are errors', async () => {
    expect((await fetch(`${runtime.origin}/api/boom`)).status).toBe(500);
    const boom = lines.filter((l) => l.includes("'Functions.boom'"));
    expect(boom).toEqual([
      expect.stringMatching(
        /^error: Executed 'Functions\.boom' \(Failed, Id=[\w-]+, Duration=\d+ms\)\n[\s\S]*handler exploded/,
      ),
    ]);
  });
});

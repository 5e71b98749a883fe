import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFunctionsRuntime } from '../src/functions-runtime.js';

describe('an ES module Functions app', () => {
  it('loads through import() and serves its trigger', async () => {
    const runtime = await startFunctionsRuntime({ appDir: path.join(import.meta.dirname, 'fixtures/esm-app'), port: 0, log: () => undefined });
    try {
      const response = await fetch(`${runtime.origin}/api/ping`);
      expect(await response.text()).toBe('pong');
    } finally {
      await runtime.stop();
    }
  });

  it('explains a missing package.json main', async () => {
    await expect(startFunctionsRuntime({ appDir: import.meta.dirname, port: 0, log: () => undefined })).rejects.toThrow(/package\.json/);
  });
});

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DEFAULT_DASHBOARD_PORT, DEFAULT_GRPC_PORT, DEFAULT_TASK_HUB_NAMES } from '../src/defaults.js';
import { parseTaskHubNames } from '../src/emulator-config.js';

interface Compose {
  services: Record<string, { image: string; ports?: string[]; environment?: Record<string, string> }>;
}

describe('docker-compose.yml and the emulator defaults', () => {
  const file = fileURLToPath(new URL('../../../docker-compose.yml', import.meta.url));
  const compose = parse(fs.readFileSync(file, 'utf8')) as Compose;
  const dts = Object.values(compose.services).find((s) => s.image.startsWith('mcr.microsoft.com/dts/dts-emulator'));

  it('runs the official DTS emulator image', () => {
    expect(dts).toBeDefined();
  });

  it('publishes the same gRPC and dashboard ports the emulator listens on by default', () => {
    const published = (dts?.ports ?? []).map((p) => p.split(':').map(Number));
    expect(published).toContainEqual([DEFAULT_GRPC_PORT, DEFAULT_GRPC_PORT]);
    expect(published).toContainEqual([DEFAULT_DASHBOARD_PORT, DEFAULT_DASHBOARD_PORT]);
  });

  it('serves the same task hubs as the emulator default', () => {
    expect(parseTaskHubNames(String(dts?.environment?.DTS_TASK_HUB_NAMES ?? ''))).toEqual([...DEFAULT_TASK_HUB_NAMES]);
  });
});

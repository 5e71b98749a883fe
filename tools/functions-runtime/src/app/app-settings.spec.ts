import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHostSettings } from './host-settings.js';
import { loadLocalSettings } from './local-settings.js';
import { resolveTaskHubConnection } from './task-hub-connection.js';

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'app-settings-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const quickstartHostJson = JSON.stringify({
  version: '2.0',
  extensions: {
    durableTask: { hubName: '%TASKHUB_NAME%', storageProvider: { type: 'azureManaged', connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING' } },
  },
});

describe('host.json and local.settings.json, read as the Functions host reads them', () => {
  it('resolves %SETTING% in hubName from local.settings.json Values', () => {
    const dir = app({
      'host.json': quickstartHostJson,
      'local.settings.json': JSON.stringify({ IsEncrypted: false, Values: { TASKHUB_NAME: 'default', FUNCTIONS_WORKER_RUNTIME: 'node' } }),
    });
    const env: NodeJS.ProcessEnv = {};
    loadLocalSettings(dir, env);
    expect(env.TASKHUB_NAME).toBe('default');
    expect(readHostSettings(dir, env).hubName).toBe('default');
  });

  it('names the setting a %reference% needs when it is not set', () => {
    const dir = app({ 'host.json': quickstartHostJson });
    expect(() => readHostSettings(dir, {})).toThrow(/host\.json extensions\.durableTask\.hubName: '%TASKHUB_NAME%' does not resolve to a value\. Set TASKHUB_NAME/);
  });

  it('names the file, position and nearest key of malformed JSON', () => {
    const dir = app({ 'host.json': '{\n  "version": "2.0",\n  "extensions": { "http": { "routePrefix": "x", } }\n}' });
    expect(() => readHostSettings(dir, {})).toThrow(/^host\.json \(.*host\.json\) is not valid JSON: .*\(after the key "routePrefix"\)/);
  });

  it('names the key whose value has the wrong type', () => {
    const dir = app({ 'host.json': JSON.stringify({ version: '2.0', extensions: { http: { routePrefix: 5 } } }) });
    expect(() => readHostSettings(dir, {})).toThrow(/host\.json .* "extensions\.http\.routePrefix": .*expected string/);
    const local = app({ 'local.settings.json': JSON.stringify({ Values: { A: { nested: true } } }) });
    expect(() => loadLocalSettings(local, {})).toThrow(/local\.settings\.json .* "Values\.A"/);
  });

  it('requires host.json version 2.0, as the host does', () => {
    expect(() => readHostSettings(app({ 'host.json': '{}' }), {})).toThrow(/"version"/);
    expect(() => readHostSettings(app({ 'host.json': '{"version": "1.0"}' }), {})).toThrow(/need "version": "2\.0"/);
  });

  it('lists, one line each, the settings it does not apply', () => {
    const dir = app({
      'host.json': JSON.stringify({
        version: '2.0',
        functionTimeout: '00:05:00',
        logging: { logLevel: { default: 'Information' }, applicationInsights: { samplingSettings: { isEnabled: true } } },
        extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' },
        extensions: { http: { routePrefix: 'api', maxConcurrentRequests: 10 }, durableTask: { hubName: 'h', maxConcurrentActivityFunctions: 4 }, queues: { batchSize: 8 } },
      }),
      'local.settings.json': JSON.stringify({ Values: {}, Host: { LocalHttpPort: 7072, CORS: '*' } }),
    });
    expect(readHostSettings(dir, {}).notApplied).toEqual([
      'host.json "functionTimeout" is not applied by functions-runtime.',
      'host.json "logging.applicationInsights" is not applied by functions-runtime.',
      'host.json "extensions.http.maxConcurrentRequests" is not applied by functions-runtime.',
      'host.json "extensions.durableTask.maxConcurrentActivityFunctions" is not applied by functions-runtime.',
      'host.json "extensions.queues" is not applied by functions-runtime.',
    ]);
    const local = loadLocalSettings(dir, {});
    expect(local.localHttpPort).toBe(7072);
    expect(local.notApplied).toEqual(['local.settings.json "Host.CORS" is not applied by functions-runtime.']);
  });

  it('keeps environment variables over local.settings.json Values, and refuses encrypted settings', () => {
    const dir = app({ 'local.settings.json': JSON.stringify({ Values: { A: 'file', B: 5 } }) });
    const env: NodeJS.ProcessEnv = { A: 'env' };
    loadLocalSettings(dir, env);
    expect(env).toEqual({ A: 'env', B: '5' });
    expect(() => loadLocalSettings(app({ 'local.settings.json': '{"IsEncrypted": true}' }), {})).toThrow(/IsEncrypted/);
  });
});

describe('the task hub, combined as the Durable extension does', () => {
  const settings = (hostJson: object) => readHostSettings(app({ 'host.json': JSON.stringify({ version: '2.0', extensions: { durableTask: hostJson } }) }), {});
  const azureManaged = { type: 'azureManaged', connectionStringName: 'DTS' };

  it('takes hubName when the connection string has no TaskHub (the DTS quickstart)', () => {
    const { settings: dts, notes } = resolveTaskHubConnection(settings({ hubName: 'default', storageProvider: azureManaged }), { DTS: 'Endpoint=http://localhost:8080;Authentication=None' }, {});
    expect(dts).toMatchObject({ endpoint: 'http://localhost:8080', taskHub: 'default' });
    expect(notes).toEqual([]);
  });

  it('takes the TaskHub of the connection string when hubName is not set', () => {
    const { settings: dts } = resolveTaskHubConnection(settings({ storageProvider: azureManaged }), { DTS: 'Endpoint=http://localhost:8080;TaskHub=hub2;Authentication=None' }, {});
    expect(dts.taskHub).toBe('hub2');
  });

  it('lets hubName win over a different TaskHub, and says so', () => {
    const { settings: dts, notes } = resolveTaskHubConnection(settings({ hubName: 'h1', storageProvider: azureManaged }), { DTS: 'Endpoint=http://localhost:8080;TaskHub=h2;Authentication=None' }, {});
    expect(dts.taskHub).toBe('h1');
    expect(notes).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining("hubName wins") })]);
  });

  it('reads the connection string from ConnectionStrings when no app setting has it', () => {
    const { settings: dts } = resolveTaskHubConnection(settings({ hubName: 'h', storageProvider: azureManaged }), {}, { DTS: 'Endpoint=http://127.0.0.1:9000;Authentication=None' });
    expect(dts).toMatchObject({ endpoint: 'http://127.0.0.1:9000', taskHub: 'h' });
  });

  it('says that another storage provider runs on DTS here instead of falling back silently', () => {
    const { notes } = resolveTaskHubConnection(settings({ hubName: 'h', storageProvider: { type: 'mssql', connectionStringName: 'DTS' } }), { DTS: 'Endpoint=http://localhost:8080;Authentication=None' }, {});
    expect(notes).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringMatching(/storageProvider\.type" is 'mssql': functions-runtime runs the Durable work on the Durable Task Scheduler/) })]);
  });

  it('explains a missing task hub', () => {
    expect(() => resolveTaskHubConnection(settings({ storageProvider: azureManaged }), { DTS: 'Endpoint=http://localhost:8080;Authentication=None' }, {})).toThrow(
      /No task hub: set "extensions\.durableTask\.hubName" in host\.json, or TaskHub=<name> in DTS/,
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHostSettings } from '../app/host-settings.js';
import { LogLevel, LogLevels } from './log-levels.js';

describe('host.json logging.logLevel', () => {
  it('shows Information and above when nothing is configured, as the Functions host does', () => {
    const levels = new LogLevels();
    expect(levels.enabled('Function.say_hello', LogLevel.Information)).toBe(true);
    expect(levels.enabled('Function.say_hello', LogLevel.Debug)).toBe(false);
  });

  it('takes the longest configured category the name starts with, ignoring case, else default', () => {
    const levels = new LogLevels({
      default: 'Warning',
      Function: 'Error',
      'function.say_hello': 'Debug',
      'DurableTask.Core': 'Warning',
    });
    expect(levels.minimum('Function.say_hello')).toBe(LogLevel.Debug);
    expect(levels.minimum('Function.say_hello.User')).toBe(LogLevel.Debug);
    expect(levels.minimum('Function.chaining_orchestration')).toBe(LogLevel.Error);
    expect(levels.minimum('Host.Triggers.DurableTask')).toBe(LogLevel.Warning);
  });

  it('silences a category set to None, even for errors', () => {
    const levels = new LogLevels({ Function: 'None' });
    expect(levels.enabled('Function.boom', LogLevel.Critical)).toBe(false);
  });

  it('drops lines below a category logger’s level before they reach the sink', () => {
    const lines: string[] = [];
    const log = new LogLevels({ 'Host.Triggers.DurableTask': 'Warning' }).categoryLogger(
      'Host.Triggers.DurableTask',
      (level, message) => lines.push(`${level}: ${message}`),
    );
    log('info', 'Connected to DTS');
    log('warn', 'stream ended');
    expect(lines).toEqual(['warn: stream ended']);
  });

  it('names the category, the value and the valid levels when a level is misspelt', () => {
    expect(() => new LogLevels({ Function: 'Verbose' })).toThrow(
      /logLevel\["Function"\] is 'Verbose'.*Trace, Debug, Information, Warning, Error, Critical, None/,
    );
  });

  it('lets AzureFunctionsJobHost__logging__logLevel__<category> settings override host.json', () => {
    const appDir = mkdtempSync(path.join(tmpdir(), 'log-levels-'));
    writeFileSync(
      path.join(appDir, 'host.json'),
      JSON.stringify({
        version: '2.0',
        logging: { logLevel: { Function: 'Information', 'DurableTask.Core': 'Warning' } },
      }),
    );
    const settings = readHostSettings(appDir, {
      AzureFunctionsJobHost__logging__logLevel__function: 'Warning',
    });
    const levels = new LogLevels(settings.logLevel);
    expect(levels.minimum('Function.say_hello')).toBe(LogLevel.Warning);
    expect(levels.minimum('DurableTask.Core')).toBe(LogLevel.Warning);
  });
});

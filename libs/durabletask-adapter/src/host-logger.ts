// The durabletask-js logger hosts use. durabletask-js logs every work item and replayed event, which
// drowns the useful lines, so those go to debug, shown only with DURABLE_LOG_LEVEL=debug.
import type { LogEvent, StructuredLogger } from '@microsoft/durabletask-js';

export type HostLogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<HostLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

// durabletask-js worker event ids (src/worker/logs.ts): 600/601 orchestration episode started/completed,
// 603/604 activity started/completed, 705 work item received, 710-721 orchestration replay details.
// They come several times per instance: at info they cost a quarter of the worker's CPU under load
// (tools/bench profile), so only failures (602, 605) and connection events stay visible.
const CHATTER = new Set([600, 601, 603, 604, 705]);
function isChatter(event: LogEvent): boolean {
  return CHATTER.has(event.eventId) || (event.eventId >= 710 && event.eventId <= 721);
}

export function hostLogLevel(env: Record<string, string | undefined> = process.env): HostLogLevel {
  const level = env.DURABLE_LOG_LEVEL?.toLowerCase();
  return level === 'error' || level === 'warn' || level === 'info' || level === 'debug' ? level : 'info';
}

export function createHostLogger(prefix: string, level: HostLogLevel = hostLogLevel()): StructuredLogger {
  const emit =
    (at: HostLogLevel, write: (line: string) => void) =>
    (message: string, ...args: unknown[]) => {
      if (ORDER[at] > ORDER[level]) return;
      const extra = args.length > 0 ? ` ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}` : '';
      write(`[${prefix}] ${message}${extra}`);
    };
  const logger = {
    error: emit('error', (line) => console.error(line)),
    warn: emit('warn', (line) => console.warn(line)),
    info: emit('info', (line) => console.log(line)),
    debug: emit('debug', (line) => console.log(line)),
  };
  return {
    ...logger,
    logEvent(at, event, message) {
      logger[isChatter(event) ? 'debug' : at](message);
    },
  };
}

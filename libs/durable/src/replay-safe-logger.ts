export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly args: readonly unknown[];
}

/** Writes only while the orchestration is not replaying, so each line appears once per instance. */
export interface ReplaySafeLogger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

export function createReplaySafeLogger(
  isReplaying: () => boolean,
  sink: ((entry: LogEntry) => void) | undefined,
): ReplaySafeLogger {
  const write =
    (level: LogLevel) =>
    (message: string, ...args: unknown[]) => {
      if (!sink || isReplaying()) return;
      sink({ level, message, args });
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

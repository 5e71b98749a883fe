/** Where the runtime's lines go (start-up listing, invocations, DTS connection state), after level filtering. */
export type RuntimeLogger = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * Timestamped lines on stdout (info) and stderr (warnings, errors), like the Functions host's console.
 * Info lines of one event-loop turn go out in a single write: stdout writes are synchronous on Linux, and
 * one console.log per invocation line was a tenth of the runtime's CPU under load. Warnings and errors
 * flush what is pending first, so the order of lines holds.
 */
export function createConsoleLogger(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): RuntimeLogger {
  let pending = '';
  let scheduled = false;
  let stampedAt = -1;
  let stamp = '';
  const timestamp = (): string => {
    const now = Date.now();
    if (now !== stampedAt) {
      stampedAt = now;
      stamp = new Date(now).toISOString();
    }
    return stamp;
  };
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    stdout.write(text);
  };
  process.once('exit', flush);
  return (level, message) => {
    const line = `[${timestamp()}] ${message}\n`;
    if (level === 'info') {
      pending += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return;
    }
    flush();
    stderr.write(line);
  };
}

/** The process's console logger (one, so every line shares its write batching). */
export const consoleLogger: RuntimeLogger = createConsoleLogger();

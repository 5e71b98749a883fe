/** Where the runtime's own lines go (start-up listing, invocations, DTS connection state). */
export type RuntimeLogger = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Timestamped lines on stdout (info) and stderr (warnings, errors), like the Functions host's console. */
export const consoleLogger: RuntimeLogger = (level, message) => {
  const line = `[${new Date().toISOString()}] ${message}`;
  if (level === 'info') console.log(line);
  else console.error(line);
};

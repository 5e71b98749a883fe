// Colours only where a person reads them: on a terminal, unless NO_COLOR is set; FORCE_COLOR turns them on
// (or off with 0/false) whatever the stream is (https://no-color.org, https://force-color.org).
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function colorsFor(stream: { isTTY?: boolean }, env?: Record<string, string | undefined>): Colors {
  return pc.createColors(colorsEnabled(stream, env));
}

/** Green when it went well, red when it did not, yellow while it waits, cyan while it runs. */
export function paintStatus(colors: Colors, status: string): string {
  switch (status) {
    case 'Completed':
      return colors.green(status);
    case 'Failed':
    case 'Terminated':
    case 'Canceled':
      return colors.red(status);
    case 'Suspended':
    case 'Pending':
      return colors.yellow(status);
    default:
      return colors.cyan(status);
  }
}

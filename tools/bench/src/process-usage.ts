// Resident memory and CPU time of a child process from /proc (Linux). VmHWM is the kernel's own peak, so
// one read at the end of a phase gives the peak of the whole phase without sampling.
import fs from 'node:fs';

export interface ProcessMemory {
  /** Current resident set, MB. */
  rssMb: number;
  /** Peak resident set since the process started, MB. */
  peakRssMb: number;
}

function field(status: string, name: string): number | undefined {
  const match = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) / 1024 : undefined;
}

export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // not Linux, or the process is gone
  }
  const rssMb = field(status, 'VmRSS');
  const peakRssMb = field(status, 'VmHWM');
  return rssMb === undefined || peakRssMb === undefined ? undefined : { rssMb, peakRssMb };
}

/** CPU time (user + system) a process has used so far, ms; from /proc/<pid>/stat (clock ticks of 10 ms). */
export function readProcessCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; the numeric fields start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : undefined;
}

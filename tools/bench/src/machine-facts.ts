// The machine a run came from: figures mean nothing without it.
import os from 'node:os';

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  totalMemoryGb: number;
  nodeVersion: string;
  platform: string;
  loadAverage1m: number;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

// When a host's `nx serve` starts the emulator as its continuous dependency (`--if-needed`), the emulator
// steps aside if the host will not use it: the connection string names another scheduler, or a scheduler
// (an emulator in another terminal, `docker compose up`) already listens on the port.
import net from 'node:net';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The endpoint a host will connect to when it is not this emulator's port on this machine; undefined when
 * the host will use this emulator (no connection string, or a local one on `grpcPort`).
 */
export function endpointElsewhere(connectionString: string | undefined, grpcPort: number): string | undefined {
  const endpoint = /(?:^|;)\s*endpoint\s*=\s*([^;]+)/i.exec(connectionString ?? '')?.[1]?.trim();
  if (!endpoint) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    return endpoint; // the host will report the malformed value itself
  }
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443));
  return LOCAL_HOSTS.has(url.hostname) && port === grpcPort ? undefined : endpoint;
}

/** Whether something already accepts connections on host:port (checked before opening the database). */
export function portAnswers(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

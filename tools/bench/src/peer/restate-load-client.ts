// The peer's load client: the same N-at-once and one-after-another runs as ours, as Restate ingress
// request-response calls over one HTTP/2 connection (as our gRPC client multiplexes its calls). A session
// child like ours: jobs arrive on stdin.
import http2 from 'node:http2';
import { reportProgress, serveJobs } from '../child-protocol.js';

export interface RestateLoadJob {
  kind: 'throughput' | 'latency';
  ingressUrl: string;
  /** e.g. /Hello/chaining */
  path: string;
  count: number;
  expectedOutputLength: number;
}

export interface RestateThroughputOutcome {
  instances: number;
  elapsedMs: number;
  loadClientCpuMs: number;
}

function call(session: http2.ClientHttp2Session, path: string, expected: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
    let status = 0;
    const chunks: Buffer[] = [];
    req.on('response', (headers) => (status = Number(headers[':status'])));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let output: unknown;
      try {
        output = JSON.parse(body);
      } catch {
        output = undefined;
      }
      if (status !== 200 || !Array.isArray(output) || output.length !== expected) {
        reject(new Error(`POST ${path} answered ${status}: ${body.slice(0, 300)}`));
      } else {
        resolve();
      }
    });
    req.end(JSON.stringify(null));
  });
}

const sessions = new Map<string, http2.ClientHttp2Session>();

function sessionFor(url: string): http2.ClientHttp2Session {
  const existing = sessions.get(url);
  if (existing && !existing.closed && !existing.destroyed) return existing;
  const session = http2.connect(url);
  session.on('error', (error) => console.error(`HTTP/2 session to ${url} failed: ${error.message}`));
  sessions.set(url, session);
  return session;
}

serveJobs<RestateLoadJob>(
  async (job) => {
    const session = sessionFor(job.ingressUrl);
    for (let i = 0; i < 5; i++) await call(session, job.path, job.expectedOutputLength); // warm up
    if (job.kind === 'throughput') {
      let done = 0;
      let lastReport = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await Promise.all(
        Array.from({ length: job.count }, () =>
          call(session, job.path, job.expectedOutputLength).then(() => {
            done++;
            if (Date.now() - lastReport > 200 || done === job.count) {
              lastReport = Date.now();
              reportProgress(done, job.count);
            }
          }),
        ),
      );
      const elapsedMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const outcome: RestateThroughputOutcome = {
        instances: job.count,
        elapsedMs,
        loadClientCpuMs: (cpu.user + cpu.system) / 1000,
      };
      return outcome;
    }
    const samplesMs: number[] = [];
    for (let i = 0; i < job.count; i++) {
      const t0 = performance.now();
      await call(session, job.path, job.expectedOutputLength);
      samplesMs.push(performance.now() - t0);
      if (i % 5 === 4) reportProgress(i + 1, job.count);
    }
    return { samplesMs };
  },
  async () => {
    for (const session of sessions.values()) session.close();
  },
);

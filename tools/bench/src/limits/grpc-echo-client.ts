// The client half of the round-trip probe: empty unary calls, first with many in flight (the rate the
// pair of processes sustains), then one at a time (the latency of one round trip). Each is measured in
// ROUNDS short rounds and the best round kept: other tenants of a shared machine only ever make it slower,
// and the limit is what the machine can do.
import * as grpc from '@grpc/grpc-js';
import { readJob, reportResult, runChild } from '../child-protocol.js';
import { readProcessCpuMs } from '../process-usage.js';
import { ECHO_PATH, EMPTY, echoSerialize } from './echo-service.js';

const ROUNDS = 3;

export interface EchoJob {
  address: string;
  /** The server's pid, to read its CPU time around the concurrent phase (Linux /proc). */
  serverPid: number;
  concurrency: number;
  durationMs: number;
  sequentialDurationMs: number;
}

export interface EchoOutcome {
  roundTripsPerSec: number;
  concurrency: number;
  sequentialRoundTripMs: number;
  /** CPU µs per round trip in the concurrent phases (all rounds): client and server. */
  cpuUsPerRoundTrip: { client: number; server: number | null };
}

runChild(async () => {
  const job = readJob<EchoJob>();
  const client = new grpc.Client(job.address, grpc.credentials.createInsecure());
  const ping = () =>
    new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(ECHO_PATH, echoSerialize, echoSerialize, EMPTY, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  for (let i = 0; i < 200; i++) await ping(); // warm up the channel and the JIT

  const loop = async (until: number, counter: { n: number }) => {
    while (performance.now() < until) {
      await ping();
      counter.n++;
    }
  };
  let roundTripsPerSec = 0;
  let sequentialRoundTripMs = Infinity;
  let concurrentCalls = 0;
  let clientCpuUs = 0;
  let serverCpuMs: number | null = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const concurrent = { n: 0 };
    const server0 = readProcessCpuMs(job.serverPid);
    const client0 = process.cpuUsage();
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: job.concurrency }, () => loop(t0 + job.durationMs / ROUNDS, concurrent)),
    );
    roundTripsPerSec = Math.max(roundTripsPerSec, concurrent.n / ((performance.now() - t0) / 1000));
    const client = process.cpuUsage(client0);
    const server1 = readProcessCpuMs(job.serverPid);
    clientCpuUs += client.user + client.system;
    serverCpuMs =
      serverCpuMs === null || server0 === undefined || server1 === undefined
        ? null
        : serverCpuMs + server1 - server0;
    concurrentCalls += concurrent.n;

    const sequential = { n: 0 };
    t0 = performance.now();
    await loop(t0 + job.sequentialDurationMs / ROUNDS, sequential);
    sequentialRoundTripMs = Math.min(sequentialRoundTripMs, (performance.now() - t0) / sequential.n);
  }
  client.close();
  const outcome: EchoOutcome = {
    roundTripsPerSec,
    concurrency: job.concurrency,
    sequentialRoundTripMs,
    cpuUsPerRoundTrip: {
      client: clientCpuUs / concurrentCalls,
      server: serverCpuMs === null ? null : (serverCpuMs * 1000) / concurrentCalls,
    },
  };
  reportResult(outcome);
});

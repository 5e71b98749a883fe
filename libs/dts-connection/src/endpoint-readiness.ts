// Connect-with-backoff: say Hello until the endpoint answers. durabletask-js's worker gives up for good
// when its first Hello fails (TaskHubGrpcWorker.internalRunWorker rethrows when isRetry is false), and the
// Functions runtime must not lose work items to an emulator that starts after it, so both wait here first.
import * as grpc from '@grpc/grpc-js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { DtsConnectionSettings } from './connection-string.js';
import { createSidecarClient, type SidecarClient } from './dts-channel.js';
import type { MetadataGenerator } from './dts-metadata.js';
import { reconnectDelay, sleep, type ReconnectBackoff } from './reconnect-backoff.js';

const { Empty } = emptyPb;

export interface EndpointReadinessOptions extends ReconnectBackoff {
  metadataGenerator: MetadataGenerator;
  /** Where each retry is reported (warn, unless onRetry is given) and a late answer (info). */
  logger?: { info(message: string): void; warn(message: string): void };
  /** Told of each failed attempt instead of the warn line (e.g. to report only the first). */
  onRetry?: (attempt: number, failure: string, waitMs: number) => void;
  /**
   * Keep trying when the endpoint answers with an error too (a wrong task hub, a refused token), for a
   * long-lived host that should outlast a scheduler being set up; by default such an answer fails at once.
   */
  retryRefusals?: boolean;
  /** Per-attempt deadline (default 5 s), so a black-holed address does not hang the start-up. */
  attemptTimeoutMs?: number;
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** The client to say Hello on, left open; by default a new one per attempt, closed after it. */
  client?: SidecarClient;
}

// Codes meaning "nobody answered yet"; any other status is an answer (a wrong task hub, a bad token...)
// that waiting will not fix.
const UNANSWERED = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED]);

/** One `TaskHubSidecarService/Hello` call; resolves when the endpoint answers OK. */
export async function sendHello(
  settings: DtsConnectionSettings,
  metadataGenerator: MetadataGenerator,
  timeoutMs = 5_000,
  client?: SidecarClient,
): Promise<void> {
  const metadata = await metadataGenerator();
  const channel = client ?? createSidecarClient(settings);
  try {
    await new Promise<void>((resolve, reject) => {
      channel.hello(new Empty(), metadata, { deadline: Date.now() + timeoutMs }, (error) => (error ? reject(error) : resolve()));
    });
  } finally {
    if (client === undefined) channel.close();
  }
}

/** `UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:8080` rather than grpc-js's long message. */
export function describeGrpcFailure(error: unknown): string {
  const { code, details, message } = error as Partial<grpc.ServiceError>;
  if (code === undefined) return String(message ?? error);
  const reason = (details || message || '')
    .replace(/\s*Resolution note:\s*$/, '')
    .replace(/^No connection established\. Last error: (Error: )?/, '')
    .replace(/\.$/, '');
  return `${grpc.status[code]}: ${reason}`;
}

/** Whether a failed call means that nobody answered (yet), so that trying again may help. */
export function isUnanswered(error: unknown): boolean {
  const code = (error as Partial<grpc.ServiceError>).code;
  return code !== undefined && UNANSWERED.has(code);
}

/**
 * Retries Hello with backoff, reporting each retry, until the endpoint answers. Unless `retryRefusals` is
 * set, rejects at once when the endpoint answers with an error (a wrong task hub, a refused token) or the
 * metadata cannot be made.
 */
export async function waitForDtsEndpoint(settings: DtsConnectionSettings, options: EndpointReadinessOptions): Promise<void> {
  const { logger, signal, attemptTimeoutMs = 5_000 } = options;
  const onRetry =
    options.onRetry ??
    ((attempt: number, failure: string, wait: number) =>
      logger?.warn(
        `DTS endpoint ${settings.hostAddress} is not answering (${failure}); ` +
          `retrying Hello in ${wait} ms (attempt ${attempt}). Is the emulator running?`,
      ));
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason;
    try {
      await sendHello(settings, options.metadataGenerator, attemptTimeoutMs, options.client);
      if (attempt > 1) logger?.info(`DTS endpoint ${settings.hostAddress} answered after ${attempt} attempts.`);
      return;
    } catch (error) {
      if (!options.retryRefusals && !isUnanswered(error)) {
        throw new Error(
          `DTS endpoint ${settings.hostAddress} (task hub '${settings.taskHub}') refused Hello: ${describeGrpcFailure(error)}. ` +
            'Check the connection string (TaskHub, Authentication).',
          { cause: error },
        );
      }
      const wait = reconnectDelay(options, attempt);
      onRetry(attempt, describeGrpcFailure(error), wait);
      await sleep(wait, signal);
    }
  }
}

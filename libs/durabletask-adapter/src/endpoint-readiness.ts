// durabletask-js's worker gives up for good when its first Hello fails (TaskHubGrpcWorker.internalRunWorker
// rethrows when isRetry is false), so hosts first wait here until the endpoint answers a Hello.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@microsoft/durabletask-js';
import type { DtsConnectionSettings } from './connection-string.js';
import { createChannelCredentials } from './dts-metadata.js';

export interface EndpointReadinessOptions {
  metadataGenerator: () => Promise<grpc.Metadata>;
  logger: Logger;
  /** First delay between attempts (default 500 ms); doubles up to maxDelayMs (default 10 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt deadline (default 5 s), so a black-holed address does not hang the start-up. */
  attemptTimeoutMs?: number;
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

// Codes meaning "nobody answered yet"; any other status is an answer (a wrong task hub, a bad token...)
// that waiting will not fix.
const RETRYABLE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED]);

/** One `TaskHubSidecarService/Hello` call; resolves when the endpoint answers OK. */
export async function sendHello(
  settings: DtsConnectionSettings,
  metadataGenerator: () => Promise<grpc.Metadata>,
  timeoutMs = 5_000,
): Promise<void> {
  const metadata = await metadataGenerator();
  const client = new grpc.Client(settings.hostAddress, createChannelCredentials(settings));
  try {
    await new Promise<void>((resolve, reject) => {
      // Empty serialises to zero bytes, so no generated stub is needed.
      client.makeUnaryRequest(
        '/TaskHubSidecarService/Hello',
        () => Buffer.alloc(0),
        (bytes: Buffer) => bytes,
        Buffer.alloc(0),
        metadata,
        { deadline: Date.now() + timeoutMs },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  } finally {
    client.close();
  }
}

/** `UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:8080` rather than grpc-js's long message. */
function describeFailure(error: unknown): string {
  const { code, details, message } = error as Partial<grpc.ServiceError>;
  if (code === undefined) return String(message ?? error);
  const reason = (details || message || '')
    .replace(/\s*Resolution note:\s*$/, '')
    .replace(/^No connection established\. Last error: (Error: )?/, '')
    .replace(/\.$/, '');
  return `${grpc.status[code]}: ${reason}`;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retries Hello with exponential backoff, logging each retry, until the endpoint answers. */
export async function waitForDtsEndpoint(settings: DtsConnectionSettings, options: EndpointReadinessOptions): Promise<void> {
  const { logger, signal, initialDelayMs = 500, maxDelayMs = 10_000, attemptTimeoutMs = 5_000 } = options;
  let wait = initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason;
    try {
      await sendHello(settings, options.metadataGenerator, attemptTimeoutMs);
      if (attempt > 1) logger.info(`DTS endpoint ${settings.hostAddress} answered after ${attempt} attempts.`);
      return;
    } catch (error) {
      const code = (error as grpc.ServiceError).code;
      if (code === undefined || !RETRYABLE.has(code)) {
        throw new Error(
          `DTS endpoint ${settings.hostAddress} (task hub '${settings.taskHub}') refused Hello: ${describeFailure(error)}. ` +
            'Check the connection string (TaskHub, Authentication).',
          { cause: error },
        );
      }
      logger.warn(
        `DTS endpoint ${settings.hostAddress} is not answering (${describeFailure(error)}); ` +
          `retrying Hello in ${wait} ms (attempt ${attempt}). Is the emulator running?`,
      );
      await delay(wait, signal);
      wait = Math.min(wait * 2, maxDelayMs);
    }
  }
}

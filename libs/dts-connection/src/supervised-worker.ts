// A TaskHubGrpcWorker that starts only once the endpoint answers and is replaced if it ever gives up.
// durabletask-js reconnects by itself once connected (stream error/end → backoff → Hello → GetWorkItems),
// but a failed *first* Hello ends that worker for good (event 701 without a retry), so we supervise it.
import {
  ConsoleLogger,
  TaskHubGrpcWorker,
  isStructuredLogger,
  type LogEvent,
  type Logger,
  type StructuredLogger,
} from '@microsoft/durabletask-js';
import type { DtsConnectionSettings } from './connection-string.js';
import { dtsChannel } from './dts-channel.js';
import { createMetadataGenerator, createWorkerId, type MetadataGeneratorOptions } from './dts-metadata.js';
import { waitForDtsEndpoint } from './endpoint-readiness.js';
import type { ReconnectBackoff } from './reconnect-backoff.js';

// durabletask-js worker log event ids (src/worker/logs.ts, marked @internal there).
const EVENT_WORKER_CONNECTED = 700;
const EVENT_WORKER_ERROR = 701;

export interface SupervisedWorkerOptions {
  /** Adds orchestrators and activities to each new TaskHubGrpcWorker before it starts. */
  register(worker: TaskHubGrpcWorker): void;
  logger?: Logger;
  /** How long stop() waits for in-flight work items (default 30 s). */
  shutdownTimeoutMs?: number;
  /** Backoff between Hello attempts while the endpoint is not answering. */
  retry?: ReconnectBackoff;
  metadata?: MetadataGeneratorOptions;
}

export interface DurableTaskWorkerHandle {
  /** The `workerid` metadata value this process sends. */
  readonly workerId: string;
  /** Resolves once connected; waits (retrying Hello with backoff) until the endpoint answers. */
  start(): Promise<void>;
  /** Stops taking work, waits for in-flight work items, disconnects. */
  stop(): Promise<void>;
}

type Generation = { worker: TaskHubGrpcWorker; onEvent?: (eventId: number) => void };

function forwardingLogger(target: Logger, onEvent: (eventId: number) => void): StructuredLogger {
  return {
    error: (message, ...args) => target.error(message, ...args),
    warn: (message, ...args) => target.warn(message, ...args),
    info: (message, ...args) => target.info(message, ...args),
    debug: (message, ...args) => target.debug(message, ...args),
    logEvent(level, event: LogEvent, message) {
      if (isStructuredLogger(target)) target.logEvent(level, event, message);
      else target[level](message);
      onEvent(event.eventId);
    },
  };
}

export function createSupervisedWorker(
  settings: DtsConnectionSettings,
  options: SupervisedWorkerOptions,
): DurableTaskWorkerHandle {
  const logger = options.logger ?? new ConsoleLogger();
  const workerId = options.metadata?.workerId ?? createWorkerId();
  const metadataGenerator = createMetadataGenerator(settings, 'worker', { ...options.metadata, workerId });
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  let current: Generation | undefined;
  const abort = new AbortController();

  const stopQuietly = async (generation: Generation): Promise<void> => {
    generation.onEvent = undefined;
    await generation.worker.stop().catch((error: unknown) => logger.debug(`Discarded worker did not stop cleanly: ${String(error)}`));
  };

  const build = (): Generation => {
    const generation: Generation = {} as Generation;
    const channel = dtsChannel(settings);
    generation.worker = new TaskHubGrpcWorker({
      hostAddress: channel.hostAddress,
      options: channel.options,
      credentials: channel.credentials,
      metadataGenerator,
      logger: forwardingLogger(logger, (eventId) => generation.onEvent?.(eventId)),
      shutdownTimeoutMs: options.shutdownTimeoutMs,
    });
    options.register(generation.worker);
    return generation;
  };

  /** Waits for the endpoint, then starts workers until one connects. */
  const connect = async (): Promise<void> => {
    for (;;) {
      await waitForDtsEndpoint(settings, { metadataGenerator, logger, signal: abort.signal, ...options.retry });
      if (abort.signal.aborted) throw abort.signal.reason;
      const generation = build();
      const outcome = new Promise<'connected' | 'failed'>((resolve) => {
        generation.onEvent = (eventId) => {
          if (eventId === EVENT_WORKER_CONNECTED) resolve('connected');
          else if (eventId === EVENT_WORKER_ERROR) resolve('failed');
        };
      });
      const aborted = new Promise<'aborted'>((resolve) => abort.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
      current = generation;
      await generation.worker.start();
      const result = await Promise.race([outcome, aborted]);
      if (result === 'connected') {
        generation.onEvent = (eventId) => {
          if (eventId === EVENT_WORKER_ERROR) supervise(generation);
        };
        return;
      }
      await stopQuietly(generation);
      if (result === 'aborted') throw abort.signal.reason;
      logger.warn(`Worker could not open its work-item stream on ${settings.hostAddress}; starting a new one.`);
    }
  };

  // A connected worker that reports a fatal error no longer retries: replace it.
  const supervise = (failed: Generation): void => {
    if (state !== 'running' || current !== failed) return;
    logger.warn(`Worker on ${settings.hostAddress} gave up; reconnecting with a new worker.`);
    void stopQuietly(failed);
    connect().catch((error: unknown) => {
      if (state === 'running') logger.error(`Worker could not reconnect: ${(error as Error).message}`);
    });
  };

  return {
    workerId,
    async start() {
      if (state !== 'idle') throw new Error(`The worker cannot start: it is ${state}. Create a new one.`);
      state = 'starting';
      try {
        await connect();
      } catch (error) {
        if (state === 'starting') state = 'idle';
        throw error;
      }
      if (state === 'starting') state = 'running';
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      state = 'stopping';
      abort.abort(new Error(`The worker was stopped before it connected to ${settings.hostAddress}.`));
      const last = current;
      current = undefined;
      if (last !== undefined) {
        last.onEvent = undefined;
        await last.worker.stop().catch((error: unknown) => logger.warn(`Worker stop: ${(error as Error).message}`));
      }
      state = 'stopped';
    },
  };
}

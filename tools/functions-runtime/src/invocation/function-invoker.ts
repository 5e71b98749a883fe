import { randomUUID } from 'node:crypto';
import type {
  CoreInvocationContext,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
  RpcTypedData,
} from '../core/core-api-types.js';
import type { RegisteredFunction } from '../core/function-registry.js';
import type { LoadedApp } from '../app/app-loader.js';
import { LogLevel, type LogLevels } from '../logging/log-levels.js';
import type { RuntimeLogger } from '../runtime-logger.js';

export interface InvocationLogEntry {
  readonly functionName: string;
  readonly invocationId: string;
  readonly level: RpcLogLevel;
  readonly category: RpcLogCategory;
  readonly message: string;
}

export type InvocationLogger = (entry: InvocationLogEntry) => void;

export interface InvocationOutcome {
  readonly invocationId: string;
  readonly response?: RpcInvocationResponse;
  /** Set when the function (or a hook) threw: the worker reports the invocation as failed. */
  readonly error?: Error;
}

export interface InvokeOptions {
  readonly inputData: RpcParameterBinding[];
  readonly triggerMetadata?: Record<string, RpcTypedData>;
  /** The host's Reason in "Executing 'Functions.<name>' (Reason='...')": '(null)' for durable triggers. */
  readonly reason?: string;
  /** What the "Executed ... (Failed)" line says about the error (default: its stack). */
  readonly describeFailure?: (error: Error) => string;
  /** Chosen by the caller when something else must carry it too (the proxied request in HTTP stream mode). */
  readonly invocationId?: string;
}

/** The host's view of one function's logging: `Function.<name>` levels resolved once, at first use. */
interface FunctionLogging {
  readonly information: boolean;
  readonly errors: boolean;
  readonly title: string;
}

const RPC_LEVEL: Record<RpcLogLevel, LogLevel> = {
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  information: LogLevel.Information,
  warning: LogLevel.Warning,
  error: LogLevel.Error,
  critical: LogLevel.Critical,
  none: LogLevel.None,
};

/**
 * Worker log lines (RpcLog) as the Functions host files them: user lines (context.log) under
 * `Function.<name>.User`, the library's own under `Worker`, each filtered by host.json `logging.logLevel`.
 */
export function invocationLogSink(levels: LogLevels, log: RuntimeLogger): InvocationLogger {
  return (entry) => {
    const category = entry.category === 'user' ? (entry.functionName ? `Function.${entry.functionName}.User` : 'Host.Function.Console') : 'Worker';
    const level = RPC_LEVEL[entry.level] ?? LogLevel.Information;
    if (!levels.enabled(category, level)) return;
    log(level >= LogLevel.Error ? 'error' : level === LogLevel.Warning ? 'warn' : 'info', entry.message);
  };
}

/**
 * Runs one invocation through the library's own ProgrammingModel/InvocationModel, step for step as the
 * worker's InvocationHandler does: arguments, preInvocation hooks, the handler, postInvocation hooks, response.
 */
export class FunctionInvoker {
  readonly #logging = new Map<RegisteredFunction, FunctionLogging>();
  readonly #workerLog: InvocationLogger;
  /**
   * The input bindings the host fills for a function whatever triggers it (the durableClient payload): an HTTP
   * request, a timer, a run by hand or a Durable work item alike.
   */
  hostInputs: (fn: RegisteredFunction) => readonly RpcParameterBinding[] = () => [];

  constructor(
    private readonly app: LoadedApp,
    private readonly levels: LogLevels,
    private readonly hostLog: RuntimeLogger,
  ) {
    this.#workerLog = invocationLogSink(levels, hostLog);
  }

  /**
   * Runs the invocation and, like the Functions host, logs "Executing ..." and "Executed ... (Succeeded|Failed,
   * Id, Duration)" under `Function.<name>` (Information; failures at Error). Durable triggers make these the
   * runtime's most frequent lines, so nothing is formatted for a level host.json filters out.
   */
  async invoke(fn: RegisteredFunction, options: InvokeOptions): Promise<InvocationOutcome> {
    const logging = this.#loggingOf(fn);
    const started = Date.now();
    const outcome = await this.#invoke(fn, options, logging);
    if (outcome.error) {
      if (logging.errors) {
        const detail = options.describeFailure?.(outcome.error) ?? outcome.error.stack ?? outcome.error.message;
        this.hostLog('error', `Executed '${logging.title}' (Failed, Id=${outcome.invocationId}, Duration=${Date.now() - started}ms)\n${detail}`);
      }
    } else if (logging.information) {
      this.hostLog('info', `Executed '${logging.title}' (Succeeded, Id=${outcome.invocationId}, Duration=${Date.now() - started}ms)`);
    }
    return outcome;
  }

  #loggingOf(fn: RegisteredFunction): FunctionLogging {
    let logging = this.#logging.get(fn);
    if (!logging) {
      const category = `Function.${fn.metadata.name}`;
      logging = {
        information: this.levels.enabled(category, LogLevel.Information),
        errors: this.levels.enabled(category, LogLevel.Error),
        title: `Functions.${fn.metadata.name}`,
      };
      this.#logging.set(fn, logging);
    }
    return logging;
  }

  async #invoke(fn: RegisteredFunction, options: InvokeOptions, logging: FunctionLogging): Promise<InvocationOutcome> {
    const invocationId = options.invocationId ?? randomUUID();
    if (logging.information) this.hostLog('info', `Executing '${logging.title}' (Reason='${options.reason ?? '(null)'}', Id=${invocationId})`);
    const coreContext: CoreInvocationContext = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.id,
        inputData: withHostInputs(options.inputData, this.hostInputs(fn)),
        triggerMetadata: options.triggerMetadata ?? {},
        traceContext: { traceParent: '', traceState: '', attributes: {} },
      },
      metadata: fn.metadata,
      log: (level, category, message) => this.#workerLog({ functionName: fn.metadata.name, invocationId, level, category, message }),
    };
    const model = await this.app.programmingModel.getInvocationModel(coreContext);
    const { context, inputs } = await model.getArguments();

    coreContext.state = 'preInvocationHooks';
    const preContext: Record<string, unknown> = {
      hookData: {},
      appHookData: this.app.appHookData,
      invocationContext: context,
      inputs,
      functionCallback: fn.callback,
    };
    let error: unknown;
    let result: unknown;
    try {
      for (const hook of this.app.registry.hooks('preInvocation')) await hook(preContext);
      coreContext.state = 'invocation';
      result = await model.invokeFunction(context, preContext.inputs as unknown[], preContext.functionCallback as RegisteredFunction['callback']);
    } catch (thrown) {
      error = thrown;
    }

    coreContext.state = 'postInvocationHooks';
    const postContext: Record<string, unknown> = {
      hookData: preContext.hookData,
      appHookData: this.app.appHookData,
      invocationContext: context,
      inputs: preContext.inputs,
      result,
      error,
    };
    try {
      for (const hook of this.app.registry.hooks('postInvocation')) await hook(postContext);
    } catch (thrown) {
      postContext.error = thrown;
    }
    coreContext.state = undefined;

    if (postContext.error !== undefined && postContext.error !== null) {
      const failure = postContext.error instanceof Error ? postContext.error : new Error(String(postContext.error));
      return { invocationId, error: failure };
    }
    const response = await model.getResponse(context, postContext.result);
    return { invocationId, response };
  }
}

function withHostInputs(inputData: RpcParameterBinding[], host: readonly RpcParameterBinding[]): RpcParameterBinding[] {
  return host.length === 0 ? inputData : [...inputData, ...host];
}

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
}

/**
 * Runs one invocation through the library's own ProgrammingModel/InvocationModel, step for step as the
 * worker's InvocationHandler does: arguments, preInvocation hooks, the handler, postInvocation hooks, response.
 */
export class FunctionInvoker {
  constructor(
    private readonly app: LoadedApp,
    private readonly log: InvocationLogger,
  ) {}

  async invoke(fn: RegisteredFunction, options: InvokeOptions): Promise<InvocationOutcome> {
    const invocationId = randomUUID();
    const coreContext: CoreInvocationContext = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.id,
        inputData: options.inputData,
        triggerMetadata: options.triggerMetadata ?? {},
        traceContext: { traceParent: '', traceState: '', attributes: {} },
      },
      metadata: fn.metadata,
      log: (level, category, message) => this.log({ functionName: fn.metadata.name, invocationId, level, category, message }),
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

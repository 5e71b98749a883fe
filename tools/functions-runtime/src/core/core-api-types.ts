// Our own declarations of the `@azure/functions-core` contract (upstream: azure-functions-nodejs-library
// types-core/index.d.ts). Only the members this runtime produces or consumes are spelled out.

export type RpcLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type RpcLogCategory = 'user' | 'system' | 'customMetric';

export interface RpcBindingInfo {
  type?: string;
  direction?: 'in' | 'out' | 'inout';
  name?: string;
  [property: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RpcHttpData {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  nullableHeaders?: Record<string, { value?: string }>;
  body?: RpcTypedData;
  params?: Record<string, string>;
  nullableParams?: Record<string, { value?: string }>;
  query?: Record<string, string>;
  nullableQuery?: Record<string, { value?: string }>;
  statusCode?: string;
  cookies?: unknown[];
  enableContentNegotiation?: boolean;
}

export interface RpcTypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  stream?: Uint8Array;
  http?: RpcHttpData;
  int?: number;
  double?: number;
}

export interface RpcParameterBinding {
  name?: string;
  data?: RpcTypedData;
}

export interface RpcInvocationRequest {
  invocationId: string;
  functionId: string;
  inputData: RpcParameterBinding[];
  triggerMetadata: Record<string, RpcTypedData>;
  traceContext?: { traceParent?: string; traceState?: string; attributes?: Record<string, string> };
  retryContext?: unknown;
}

export interface RpcInvocationResponse {
  invocationId?: string;
  outputData?: RpcParameterBinding[];
  returnValue?: RpcTypedData | null;
}

export interface CoreInvocationContext {
  invocationId: string;
  request: RpcInvocationRequest;
  metadata: FunctionMetadata;
  state?: 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
  getCapabilities?(defaultCapabilities: Record<string, string>): Record<string, string> | Promise<Record<string, string>>;
}

export type HookName = 'preInvocation' | 'postInvocation' | 'appStart' | 'appTerminate' | 'log';
export type HookCallback = (context: Record<string, unknown>) => unknown;

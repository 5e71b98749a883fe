import Module from 'node:module';
import type { FunctionCallback, FunctionMetadata, HookCallback, ProgrammingModel, RpcLogCategory, RpcLogLevel } from './core-api-types.js';
import { FunctionRegistry } from './function-registry.js';

export const CORE_MODULE_NAME = '@azure/functions-core';

/** Mirrors the worker's Disposable (`constructor(callOnDispose)`, `dispose()`, `static from(...)`). */
class Disposable {
  #callOnDispose: (() => unknown) | undefined;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => disposables.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.#callOnDispose?.();
    this.#callOnDispose = undefined;
  }
}

export type CoreLogSink = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

/**
 * The process-wide stand-in for the Functions Node worker's core module. `@azure/functions` caches both its
 * lookup of the core module and its "programming model already set" flag for the life of the process, so
 * the shim is installed once and survives across apps; each app load gets a fresh registry.
 */
export class CoreModuleHost {
  registry = new FunctionRegistry();
  programmingModel: ProgrammingModel | undefined;
  logSink: CoreLogSink = () => undefined;

  readonly api = {
    version: '3.10.1-local',
    hostVersion: '4.1040.0-local',
    Disposable,
    registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) =>
      new Disposable(this.registry.registerFunction(metadata, callback)),
    registerHook: (name: string, callback: HookCallback) => new Disposable(this.registry.registerHook(name, callback)),
    setProgrammingModel: (model: ProgrammingModel) => {
      this.programmingModel = model;
    },
    getProgrammingModel: () => this.programmingModel,
    log: (level: RpcLogLevel, category: RpcLogCategory, message: string) => this.logSink(level, category, message),
  };

  /** Starts capturing a new app's registrations (the previous app's registry is dropped). */
  beginApp(): FunctionRegistry {
    this.registry = new FunctionRegistry();
    return this.registry;
  }
}

const HOST_KEY = Symbol.for('durable-hosts.functions-runtime.core-module-host');

/**
 * Installs the `Module.prototype.require` proxy the worker uses (setupCoreModule.ts) so that
 * `require('@azure/functions-core')` returns our core API. Must run before the app's first registration:
 * the library caches a failed lookup and stays in test mode for good. Idempotent.
 */
export function installCoreModule(): CoreModuleHost {
  const holder = globalThis as unknown as Record<symbol, CoreModuleHost | undefined>;
  const existing = holder[HOST_KEY];
  if (existing) return existing;
  const host = new CoreModuleHost();
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, args: unknown[]) {
      if (args[0] === CORE_MODULE_NAME) return host.api;
      return Reflect.apply(target, thisArg, args);
    },
  });
  holder[HOST_KEY] = host;
  return host;
}

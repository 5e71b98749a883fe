import type { FunctionCallback, FunctionMetadata, HookCallback, HookName, RpcBindingInfo } from './core-api-types.js';

export interface RegisteredFunction {
  readonly id: string;
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
  /** The binding whose type ends in "Trigger" (the library finds it the same way). */
  readonly triggerName: string;
  readonly trigger: RpcBindingInfo;
}

const HOOK_NAMES: readonly HookName[] = ['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'];

/** Everything one app registered through `@azure/functions-core` while it was loading. */
export class FunctionRegistry {
  readonly #functions = new Map<string, RegisteredFunction>();
  readonly #hooks = new Map<HookName, HookCallback[]>(HOOK_NAMES.map((name) => [name, []]));
  #locked = false;
  /** Looked up for every work item; fixed once registration is locked. */
  readonly #byTriggerType = new Map<string, RegisteredFunction[]>();

  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): () => void {
    if (this.#locked) {
      throw new Error('A function can only be registered during app startup.');
    }
    const id = metadata.functionId || metadata.name;
    if (this.#functions.has(id)) {
      throw new Error(`A function with id "${id}" has already been registered.`);
    }
    const triggerEntry = Object.entries(metadata.bindings ?? {}).find(([, b]) => /trigger$/i.test(String(b.type)));
    if (!triggerEntry) {
      throw new Error(`Function "${metadata.name}" has no trigger binding (a binding whose type ends in "Trigger").`);
    }
    const [triggerName, trigger] = triggerEntry;
    this.#functions.set(id, { id, metadata, callback, triggerName, trigger });
    return () => {
      this.#functions.delete(id);
      this.#byTriggerType.clear();
    };
  }

  registerHook(name: string, callback: HookCallback): () => void {
    const list = this.#hooks.get(name as HookName);
    if (!list) {
      throw Object.assign(new RangeError(`Unrecognized hook "${name}"`), { isAzureFunctionsSystemError: true });
    }
    list.push(callback);
    return () => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    };
  }

  lock(): void {
    this.#locked = true;
  }

  get functions(): readonly RegisteredFunction[] {
    return [...this.#functions.values()];
  }

  hooks(name: HookName): readonly HookCallback[] {
    return [...(this.#hooks.get(name) ?? [])];
  }

  /** Functions whose trigger binding has the given type (e.g. `orchestrationTrigger`). */
  byTriggerType(type: string): readonly RegisteredFunction[] {
    const key = type.toLowerCase();
    const cached = this.#byTriggerType.get(key);
    if (cached) return cached;
    const found = this.functions.filter((f) => String(f.trigger.type).toLowerCase() === key);
    if (this.#locked) this.#byTriggerType.set(key, found);
    return found;
  }

  find(name: string): RegisteredFunction | undefined {
    return this.#functions.get(name) ?? this.functions.find((f) => f.metadata.name === name);
  }
}

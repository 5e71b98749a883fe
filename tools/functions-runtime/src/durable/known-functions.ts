import type { FunctionRegistry } from '../core/function-registry.js';

export type DurableFunctionKind = 'activity' | 'orchestrator' | 'entity';

const TRIGGER: Record<DurableFunctionKind, string> = {
  activity: 'activityTrigger',
  orchestrator: 'orchestrationTrigger',
  entity: 'entityTrigger',
};

/**
 * The app's activity, orchestrator and entity functions, looked up as the extension does (function names
 * are case-insensitive), with its wording for a name that is not one of them
 * (DurableTaskExtension.GetInvalid{Activity,Orchestrator,Entity}FunctionMessage).
 */
export class KnownFunctions {
  readonly #names: Record<DurableFunctionKind, readonly string[]>;
  readonly #lowerCased: Record<DurableFunctionKind, ReadonlySet<string>>;

  constructor(names: Record<DurableFunctionKind, readonly string[]>) {
    this.#names = names;
    this.#lowerCased = {
      activity: new Set(names.activity.map((n) => n.toLowerCase())),
      orchestrator: new Set(names.orchestrator.map((n) => n.toLowerCase())),
      entity: new Set(names.entity.map((n) => n.toLowerCase())),
    };
  }

  static of(registry: FunctionRegistry): KnownFunctions {
    const names = (kind: DurableFunctionKind) => registry.byTriggerType(TRIGGER[kind]).map((fn) => fn.metadata.name);
    return new KnownFunctions({ activity: names('activity'), orchestrator: names('orchestrator'), entity: names('entity') });
  }

  has(kind: DurableFunctionKind, name: string): boolean {
    return this.#lowerCased[kind].has(name.toLowerCase());
  }

  missing(kind: DurableFunctionKind, name: string): string {
    const known = this.#names[kind];
    const info = known.length > 0 ? `The following are the known ${kind} functions: '${known.join("', '")}'.` : `No ${kind} functions are currently registered!`;
    return `The function '${name}' doesn't exist, is disabled, or is not an ${kind} function. Additional info: ${info}`;
  }
}

const knownByRegistry = new WeakMap<FunctionRegistry, KnownFunctions>();

/** Registration is locked once the app has started, so each app's names are looked up once. */
export function knownFunctions(registry: FunctionRegistry): KnownFunctions {
  let known = knownByRegistry.get(registry);
  if (!known) {
    known = KnownFunctions.of(registry);
    knownByRegistry.set(registry, known);
  }
  return known;
}

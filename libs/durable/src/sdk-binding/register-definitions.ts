import type { AnyActivityDefinition, AnyOrchestrationDefinition } from '../definitions.js';
import type { AnyEntityDefinition } from '../entity-definition.js';

/** What a host registers: every definition, each under its explicit name. */
export interface Definitions {
  readonly orchestrations: readonly AnyOrchestrationDefinition[];
  readonly activities: readonly AnyActivityDefinition[];
  readonly entities?: readonly AnyEntityDefinition[];
}

/** How one SDK registers each kind of definition. */
export interface DefinitionRegistrar {
  orchestration(definition: AnyOrchestrationDefinition): void;
  activity(definition: AnyActivityDefinition): void;
  entity(definition: AnyEntityDefinition): void;
}

/**
 * Hands every definition to the SDK's registrar, refusing two of a kind with the same name (the SDKs
 * would silently keep one). Names are the definitions' explicit ones, never fn.name: bundlers rename functions.
 */
export function registerDefinitions(definitions: Definitions, registrar: DefinitionRegistrar): void {
  const seen = new Set<string>();
  const once = (kind: string, name: string) => {
    if (seen.has(`${kind}:${name}`))
      throw new Error(`Duplicate ${kind} name '${name}': each definition needs a unique name.`);
    seen.add(`${kind}:${name}`);
  };
  for (const orchestration of definitions.orchestrations) {
    once('orchestration', orchestration.name);
    registrar.orchestration(orchestration);
  }
  for (const activity of definitions.activities) {
    once('activity', activity.name);
    registrar.activity(activity);
  }
  // Entity names are case-insensitive on every host: 'Counter' and 'counter' are the same entity.
  for (const entity of definitions.entities ?? []) {
    once('entity', entity.name.toLowerCase());
    registrar.entity(entity);
  }
}

import type { TaskCommand } from './command.js';
import { LockingRulesViolationError } from './entity-errors.js';
import { formatEntityId, type EntityId } from './entity-id.js';

const list = (ids: readonly EntityId[]) => ids.map((id) => `'${formatEntityId(id)}'`).join(', ');

/** Sorted by `@name@key` without duplicates: every orchestration takes locks in one global order, so none deadlock. */
export function normalizeLockSet(entities: readonly EntityId[]): readonly EntityId[] {
  if (!Array.isArray(entities) || entities.length === 0) {
    throw new Error(
      "ctx.lock needs at least one entity to lock, e.g. ctx.lock([account.id('alice')], function* () { ... }).",
    );
  }
  const byId = new Map<string, EntityId>();
  entities.forEach((entity, i) => {
    if (!entity || typeof entity.name !== 'string' || typeof entity.key !== 'string') {
      throw new Error(`ctx.lock: item ${i} is not an entity id; build one with definition.id(key).`);
    }
    byId.set(formatEntityId(entity), entity);
  });
  return [...byId.keys()].sort().map((id) => byId.get(id) as EntityId);
}

/**
 * The critical section an orchestration is in, and the rules Durable enforces inside it (the same rules
 * as durabletask-js and durable-functions, checked in the model so every host reports them alike):
 * no nested sections, no sub-orchestrations, calls only to locked entities and one at a time per entity,
 * no signals to locked entities.
 */
export class CriticalSection {
  private held: readonly EntityId[] | undefined;

  get lockedEntities(): readonly EntityId[] {
    return this.held ?? [];
  }

  enter(entities: readonly EntityId[]): void {
    this.held = entities;
  }

  exit(): void {
    this.held = undefined;
  }

  /** The rule a scheduled Command breaks, or undefined. */
  violationBy(command: TaskCommand): LockingRulesViolationError | undefined {
    const held = this.held;
    if (!held) return undefined;
    if (command.kind === 'lock') {
      return new LockingRulesViolationError(
        `Cannot lock ${list(command.entities)} inside the critical section that holds ${list(held)}: critical sections do not nest. Lock every entity you need in one ctx.lock([...]).`,
      );
    }
    const calls = new Set<string>();
    const visit = (c: TaskCommand): LockingRulesViolationError | undefined => {
      switch (c.kind) {
        case 'subOrchestration':
          return new LockingRulesViolationError(
            `Cannot call sub-orchestration '${c.name}' inside a critical section (it holds ${list(held)}): the child could wait for those locks forever. Call it before or after ctx.lock(...).`,
          );
        case 'entityCall': {
          const id = formatEntityId(c.entity);
          if (!this.holds(c.entity)) {
            return new LockingRulesViolationError(
              `Cannot call entity '${id}' inside a critical section that locks only ${list(held)}: lock it too, or call it after the section.`,
            );
          }
          if (calls.has(id)) {
            return new LockingRulesViolationError(
              `Cannot call entity '${id}' twice at once inside a critical section: a locked entity takes one call at a time. Call it again after the first call returns.`,
            );
          }
          calls.add(id);
          return undefined;
        }
        case 'all':
        case 'any':
          for (const child of c.commands) {
            const violation = visit(child);
            if (violation) return violation;
          }
          return undefined;
        default:
          return undefined;
      }
    };
    return visit(command);
  }

  /** Throws where a signal to a locked entity is sent (signals are not Ops: the rule fires at the call). */
  checkSignal(entity: EntityId): void {
    if (this.held && this.holds(entity)) {
      throw new LockingRulesViolationError(
        `Cannot signal entity '${formatEntityId(entity)}' inside the critical section that locks it: use yield* ctx.callEntity(...) while it is locked, or signal it after the section.`,
      );
    }
  }

  private holds(entity: EntityId): boolean {
    const id = formatEntityId(entity);
    return (this.held ?? []).some((h) => formatEntityId(h) === id);
  }
}

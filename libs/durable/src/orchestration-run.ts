import type { Command, TaskCommand } from './command.js';
import type { AnyOrchestrationDefinition } from './definitions.js';
import { CriticalSection } from './critical-section.js';
import { createOrchestrationContext, type OrchestrationHost } from './orchestration-context.js';

/** What the body wants next. */
export type RunStep =
  | { readonly kind: 'schedule'; readonly command: TaskCommand }
  | { readonly kind: 'completed'; readonly output: unknown }
  | { readonly kind: 'continuedAsNew'; readonly input: unknown };

/** `any` resolves to this shape on every host. */
export interface AnyOutcome {
  readonly index: number;
  readonly value: unknown;
}

const COMMAND_KINDS = new Set<Command['kind']>([
  'activity',
  'subOrchestration',
  'timer',
  'event',
  'entityCall',
  'lock',
  'all',
  'any',
  'continueAsNew',
]);

/**
 * Drives one execution of an orchestration body, one Command at a time. Hosts call `start()`, schedule
 * each returned Command, then `resume(result)` or `fail(error)` with its outcome. Errors the body does not
 * catch propagate out of these calls: the host fails the instance with them.
 */
export class OrchestrationRun {
  private readonly body: Generator<Command, unknown, unknown>;
  private readonly section = new CriticalSection();

  constructor(
    private readonly definition: AnyOrchestrationDefinition,
    host: OrchestrationHost,
    input: unknown,
  ) {
    // A fresh generator per run: replay re-executes the body from the start.
    this.body = definition.body(createOrchestrationContext(host, this.section), input);
  }

  start(): RunStep {
    return this.advance(this.body.next());
  }

  resume(result: unknown): RunStep {
    return this.advance(this.body.next(result));
  }

  fail(error: unknown): RunStep {
    return this.advance(this.body.throw(error));
  }

  private advance(next: IteratorResult<Command, unknown>): RunStep {
    for (;;) {
      if (next.done) return { kind: 'completed', output: next.value };
      const command = next.value;
      if (!command || typeof command !== 'object' || !COMMAND_KINDS.has(command.kind)) {
        throw new Error(
          `Orchestration '${this.definition.name}' yielded ${JSON.stringify(command)}, not a Command. ` +
            'Use yield* with ctx methods, e.g. `const r = yield* ctx.callActivity(activity, input)`.',
        );
      }
      if (command.kind === 'continueAsNew') {
        // Whatever the body does after this is never observed, as on the SDKs.
        this.body.return(undefined);
        return { kind: 'continuedAsNew', input: command.input };
      }
      // An empty `all` finishes at once; resolve it here so no host has to special-case it.
      if (command.kind === 'all' && command.commands.length === 0) {
        next = this.body.next([]);
        continue;
      }
      // A critical-section rule broken by this Command is thrown where it was yielded, so it is catchable.
      const violation = this.section.violationBy(command);
      if (violation) {
        next = this.body.throw(violation);
        continue;
      }
      return { kind: 'schedule', command };
    }
  }
}

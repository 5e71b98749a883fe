import { defineOrchestration, type OrchestrationGenerator } from '@durable-hosts/durable';
import { requestApproval } from '../activities/request-approval.js';

export const APPROVAL_EVENT = 'approval';

export interface ApprovalInput {
  readonly subject?: string;
  /** How long to wait for the `approval` event (default one day). */
  readonly timeoutSeconds?: number;
}

/** The `approval` event's data: `true`/`false`, or who decided. */
export type ApprovalEvent = boolean | { readonly approved: boolean; readonly approver?: string };

export interface ApprovalOutcome {
  readonly outcome: 'approved' | 'rejected' | 'timed_out';
  readonly approver?: string;
}

/** Human interaction: ask for approval, then wait for the `approval` event, raced against a timeout. */
export const humanInteractionOrchestration = defineOrchestration(
  'human_interaction_orchestration',
  function* (ctx, input?: ApprovalInput | null): OrchestrationGenerator<ApprovalOutcome> {
    const subject = input?.subject ?? 'expense report';
    const timeoutSeconds = input?.timeoutSeconds ?? 24 * 60 * 60;
    yield* ctx.callActivity(requestApproval, { instanceId: ctx.instanceId, subject });
    ctx.setCustomStatus({ waitingFor: APPROVAL_EVENT, subject });

    const race = yield* ctx.any([
      ctx.waitForExternalEvent<ApprovalEvent>(APPROVAL_EVENT),
      ctx.createTimer({ seconds: timeoutSeconds }),
    ]);
    const result: ApprovalOutcome = race.index === 1 ? { outcome: 'timed_out' } : decide(race.value);
    // A final status (rather than clearing it) reads the same on every host.
    ctx.setCustomStatus({ subject, outcome: result.outcome });
    return result;
  },
);

/** Anything but `true` or `{ approved: true }` (including an empty event) is a rejection. */
function decide(event: ApprovalEvent | null | undefined): ApprovalOutcome {
  if (typeof event !== 'object' || event === null)
    return { outcome: event === true ? 'approved' : 'rejected' };
  return {
    outcome: event.approved ? 'approved' : 'rejected',
    ...(event.approver !== undefined ? { approver: event.approver } : {}),
  };
}

import { defineActivity } from '@durable-hosts/durable';

export interface ApprovalRequest {
  readonly instanceId: string;
  readonly subject: string;
}

/** Stands in for sending an approval request (an e-mail, a chat message) that points at the instance. */
export const requestApproval = defineActivity(
  'request_approval',
  (request: ApprovalRequest) =>
    `Approval for '${request.subject}' requested: raise event 'approval' on instance ${request.instanceId}`,
);

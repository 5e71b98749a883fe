// Every workflow of the product, written once against @durable-hosts/durable and run unchanged by every
// host. Hosts register `orchestrations` and `activities`; tests import the definitions directly.
import type { AnyActivityDefinition, AnyOrchestrationDefinition } from '@durable-hosts/durable';
import { checkJobStatus } from './activities/check-job-status.js';
import { flakySayHello } from './activities/flaky-say-hello.js';
import { recordHeartbeat } from './activities/record-heartbeat.js';
import { requestApproval } from './activities/request-approval.js';
import { sayHello } from './activities/say-hello.js';
import { chainingOrchestration } from './orchestrations/chaining.js';
import { eternalOrchestration } from './orchestrations/eternal.js';
import { fanOutFanInOrchestration } from './orchestrations/fan-out-fan-in.js';
import { humanInteractionOrchestration } from './orchestrations/human-interaction.js';
import { monitorOrchestration } from './orchestrations/monitor.js';
import { progressOrchestration } from './orchestrations/progress.js';
import { regionalGreetingsOrchestration } from './orchestrations/regional-greetings.js';
import { retryOrchestration } from './orchestrations/retry.js';

export * from './activities/check-job-status.js';
export * from './activities/flaky-say-hello.js';
export * from './activities/record-heartbeat.js';
export * from './activities/request-approval.js';
export * from './activities/say-hello.js';
export * from './orchestrations/chaining.js';
export * from './orchestrations/eternal.js';
export * from './orchestrations/fan-out-fan-in.js';
export * from './orchestrations/human-interaction.js';
export * from './orchestrations/monitor.js';
export * from './orchestrations/progress.js';
export * from './orchestrations/regional-greetings.js';
export * from './orchestrations/retry.js';
export * from './scenarios.js';

export const orchestrations: readonly AnyOrchestrationDefinition[] = [
  chainingOrchestration,
  fanOutFanInOrchestration,
  regionalGreetingsOrchestration,
  humanInteractionOrchestration,
  monitorOrchestration,
  retryOrchestration,
  eternalOrchestration,
  progressOrchestration,
];

export const activities: readonly AnyActivityDefinition[] = [
  sayHello,
  requestApproval,
  checkJobStatus,
  flakySayHello,
  recordHeartbeat,
];

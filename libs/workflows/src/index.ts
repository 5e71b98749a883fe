// Every workflow of the product, written once against @durable-hosts/durable and run unchanged by every
// host. Hosts register `orchestrations`, `activities` and `entities`; tests import the definitions directly.
import type {
  AnyActivityDefinition,
  AnyEntityDefinition,
  AnyOrchestrationDefinition,
} from '@durable-hosts/durable';
import { checkJobStatus } from './activities/check-job-status.js';
import { flakySayHello } from './activities/flaky-say-hello.js';
import { recordHeartbeat } from './activities/record-heartbeat.js';
import { requestApproval } from './activities/request-approval.js';
import { sayHello } from './activities/say-hello.js';
import { account } from './entities/account.js';
import { counter } from './entities/counter.js';
import { bankTransferOrchestration } from './orchestrations/bank-transfer.js';
import { chainingOrchestration } from './orchestrations/chaining.js';
import { counterFanOutOrchestration } from './orchestrations/counter-fan-out.js';
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
export * from './entities/account.js';
export * from './entities/counter.js';
export * from './orchestrations/bank-transfer.js';
export * from './orchestrations/chaining.js';
export * from './orchestrations/counter-fan-out.js';
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
  counterFanOutOrchestration,
  bankTransferOrchestration,
];

export const activities: readonly AnyActivityDefinition[] = [
  sayHello,
  requestApproval,
  checkJobStatus,
  flakySayHello,
  recordHeartbeat,
];

export const entities: readonly AnyEntityDefinition[] = [counter, account];

// Every workflow with an input, the events it is sent and the output every host must produce. One table,
// run by the in-memory runner's tests, both adapters' contract tests and the hosts' end-to-end tests, so
// "the same outputs everywhere" is checked against the same expectations.
import type { AnyEntityDefinition, AnyOrchestrationDefinition } from '@durable-hosts/durable';
import { account } from './entities/account.js';
import { counter } from './entities/counter.js';
import { bankTransferOrchestration } from './orchestrations/bank-transfer.js';
import { counterFanOutOrchestration } from './orchestrations/counter-fan-out.js';
import { chainingOrchestration } from './orchestrations/chaining.js';
import { eternalOrchestration } from './orchestrations/eternal.js';
import { fanOutFanInOrchestration } from './orchestrations/fan-out-fan-in.js';
import { humanInteractionOrchestration } from './orchestrations/human-interaction.js';
import { monitorOrchestration } from './orchestrations/monitor.js';
import { progressOrchestration } from './orchestrations/progress.js';
import { regionalGreetingsOrchestration } from './orchestrations/regional-greetings.js';
import { retryOrchestration } from './orchestrations/retry.js';

/** An entity signal a scenario sends before its instance starts (e.g. to fund an account). */
export interface ScenarioSignal {
  readonly entity: AnyEntityDefinition;
  readonly key: string;
  readonly operation: string;
  readonly input?: unknown;
}

export interface WorkflowScenario {
  readonly title: string;
  readonly definition: AnyOrchestrationDefinition;
  readonly input?: unknown;
  /** External events, each raised this many seconds after the start. */
  readonly events?: readonly { readonly name: string; readonly data?: unknown; readonly afterSeconds: number }[];
  readonly expected: unknown;
  /** Whether the final custom status is compared across hosts too. */
  readonly compareCustomStatus?: boolean;
  /** The scenario calls, signals or locks entities (a harness without entities must run it elsewhere). */
  readonly usesEntities?: boolean;
  /** Signals sent, in order, before the instance starts; keys are unique to the scenario. */
  readonly entitySignals?: readonly ScenarioSignal[];
}

export const workflowScenarios: readonly WorkflowScenario[] = [
  {
    title: 'chaining (seed)',
    definition: chainingOrchestration,
    expected: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
  },
  {
    title: 'chaining with given cities',
    definition: chainingOrchestration,
    input: ['Oslo', 'Lima'],
    expected: ['Hello Oslo!', 'Hello Lima!'],
  },
  {
    title: 'fan-out/fan-in (seed)',
    definition: fanOutFanInOrchestration,
    expected: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!', 'Hello Paris!', 'Hello Berlin!'],
  },
  {
    title: 'sub-orchestrations',
    definition: regionalGreetingsOrchestration,
    expected: [
      { region: 'Asia', greetings: ['Hello Tokyo!', 'Hello Seoul!'] },
      { region: 'Europe', greetings: ['Hello London!', 'Hello Paris!', 'Hello Berlin!'] },
    ],
  },
  {
    title: 'human interaction, approved after an hour',
    definition: humanInteractionOrchestration,
    events: [{ name: 'approval', data: { approved: true, approver: 'ana' }, afterSeconds: 3600 }],
    expected: { outcome: 'approved', approver: 'ana' },
    compareCustomStatus: true,
  },
  {
    title: 'human interaction, rejected at once',
    definition: humanInteractionOrchestration,
    events: [{ name: 'approval', data: false, afterSeconds: 0 }],
    expected: { outcome: 'rejected' },
    compareCustomStatus: true,
  },
  {
    title: 'human interaction, timed out after a day',
    definition: humanInteractionOrchestration,
    expected: { outcome: 'timed_out' },
    compareCustomStatus: true,
  },
  {
    title: 'monitor until done',
    definition: monitorOrchestration,
    expected: { jobId: 'job-1', status: 'done', polls: 3 },
    compareCustomStatus: true,
  },
  {
    title: 'monitor until the deadline',
    definition: monitorOrchestration,
    input: { jobId: 'slow', completesAfterPolls: 100, pollIntervalSeconds: 600, timeoutSeconds: 1800 },
    expected: { jobId: 'slow', status: 'timed_out', polls: 4 },
    compareCustomStatus: true,
  },
  {
    title: 'retry succeeds on the third attempt',
    definition: retryOrchestration,
    expected: { succeeded: true, greeting: 'Hello Tokyo!', attempts: 3 },
  },
  {
    title: 'retry gives up and the orchestration catches the failure',
    definition: retryOrchestration,
    input: { failuresBeforeSuccess: 4 },
    expected: { succeeded: false, error: 'Transient failure 4 of 4 greeting Tokyo' },
  },
  {
    title: 'eternal, stopped by the stop event',
    definition: eternalOrchestration,
    events: [{ name: 'stop', afterSeconds: 150 }],
    expected: { iterations: 3, stoppedBy: 'event' },
    compareCustomStatus: true,
  },
  {
    title: 'eternal, stopped by its limit',
    definition: eternalOrchestration,
    input: { intervalSeconds: 1, maxIterations: 3 },
    expected: { iterations: 3, stoppedBy: 'limit' },
    compareCustomStatus: true,
  },
  {
    title: 'custom status progress',
    definition: progressOrchestration,
    expected: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
    compareCustomStatus: true,
  },
  {
    title: 'counter fan-out: signals in order, then the total',
    definition: counterFanOutOrchestration,
    input: { key: 'scenario-fan-out', count: 5 },
    expected: { key: 'scenario-fan-out', signals: 5, total: 15 },
    usesEntities: true,
    entitySignals: [{ entity: counter, key: 'scenario-fan-out', operation: 'add', input: 100 }],
  },
  {
    title: 'bank transfer within the balance, in a critical section',
    definition: bankTransferOrchestration,
    input: { from: 'scenario-alice', to: 'scenario-bob', amount: 30 },
    expected: { transferred: true, amount: 30, balances: { 'scenario-alice': 70, 'scenario-bob': 30 } },
    usesEntities: true,
    entitySignals: [{ entity: account, key: 'scenario-alice', operation: 'deposit', input: 100 }],
  },
  {
    title: 'bank transfer refused over the balance',
    definition: bankTransferOrchestration,
    input: { from: 'scenario-carol', to: 'scenario-dan', amount: 50 },
    expected: { transferred: false, amount: 50, balances: { 'scenario-carol': 20, 'scenario-dan': 0 } },
    usesEntities: true,
    entitySignals: [{ entity: account, key: 'scenario-carol', operation: 'deposit', input: 20 }],
  },
];

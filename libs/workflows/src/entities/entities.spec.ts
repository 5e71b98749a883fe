import { EntityOperationFailedError } from '@durable-hosts/durable';
import { TestOrchestrationRunner } from '@durable-hosts/durable/testing';
import { activities, entities, orchestrations } from '../index.js';
import { bankTransferOrchestration } from '../orchestrations/bank-transfer.js';
import { counterFanOutOrchestration } from '../orchestrations/counter-fan-out.js';
import { account } from './account.js';
import { counter } from './counter.js';

const newRunner = () => new TestOrchestrationRunner({ orchestrations, activities, entities });

describe('counter', () => {
  it('adds, reads and resets (counter@k1 add 5 twice reads 10)', async () => {
    const runner = newRunner();
    await runner.signalEntity(counter, 'k1', 'add', 5);
    await runner.signalEntity(counter, 'k1', 'add', 5);
    expect(await runner.callEntity(counter, 'k1', 'get')).toBe(10);
    await runner.signalEntity(counter, 'k1', 'reset');
    expect(runner.entityState(counter, 'k1')).toBe(0);
  });

  it('refuses a non-number with a message the caller can read, keeping the total', async () => {
    const runner = newRunner();
    await runner.signalEntity(counter, 'k', 'add', 2);
    await expect(runner.callEntity(counter, 'k', 'add', 'five' as never)).rejects.toThrow(
      `Operation 'add' of entity '@counter@k' failed: TypeError: counter.add needs a finite number, got "five".`,
    );
    expect(runner.entityState(counter, 'k')).toBe(2);
  });
});

describe('account', () => {
  it('refuses an overdraft with the balance in the message, changing nothing', async () => {
    const runner = newRunner();
    await runner.signalEntity(account, 'ana', 'deposit', 10);
    const error = await runner.callEntity(account, 'ana', 'withdraw', 11).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityOperationFailedError);
    expect((error as EntityOperationFailedError).errorMessage).toBe(
      "Insufficient funds in account 'ana': the balance is 10, the withdrawal 11.",
    );
    expect(runner.entityState(account, 'ana')).toBe(10);
  });
});

describe('counter_fan_out_orchestration', () => {
  it('resets the counter, signals 1..n and reads the sum, whatever the counter held before', async () => {
    const runner = newRunner();
    await runner.signalEntity(counter, 'fan-out', 'add', 1000);
    const result = await runner.run(counterFanOutOrchestration);
    expect(result.output).toEqual({ key: 'fan-out', signals: 10, total: 55 });
    expect(result.history.filter((e) => e.type === 'EntityOperationSignaled')).toHaveLength(11);
  });
});

describe('bank_transfer_orchestration', () => {
  it('moves the amount when the balance allows, with both accounts locked', async () => {
    const runner = newRunner();
    await runner.signalEntity(account, 'alice', 'deposit', 25);
    const result = await runner.run(bankTransferOrchestration);
    expect(result.output).toEqual({ transferred: true, amount: 10, balances: { alice: 15, bob: 10 } });
    expect(result.history).toContainEqual(
      expect.objectContaining({ type: 'EntityLockRequested', entities: ['@account@alice', '@account@bob'] }),
    );
  });

  it('moves nothing when the balance does not allow it', async () => {
    const runner = newRunner();
    const result = await runner.run(bankTransferOrchestration, { from: 'x', to: 'y', amount: 1 });
    expect(result.output).toEqual({ transferred: false, amount: 1, balances: { x: 0, y: 0 } });
    expect(result.entities).toEqual({});
  });

  it('refuses a transfer to the same account', async () => {
    const result = await newRunner().run(bankTransferOrchestration, { from: 'x', to: 'x' });
    expect(result.status).toBe('failed');
    expect(result.failure?.errorMessage).toBe("A transfer needs two different accounts, got 'x' twice.");
  });
});

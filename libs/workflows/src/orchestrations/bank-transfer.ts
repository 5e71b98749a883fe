import { defineOrchestration } from '@durable-hosts/durable';
import { account } from '../entities/account.js';

export interface TransferRequest {
  readonly from?: string;
  readonly to?: string;
  readonly amount?: number;
}

/**
 * Moves money between two accounts only if the source holds enough, inside a critical section: both
 * accounts are locked, so no other transfer or deposit interleaves between the check and the move.
 */
export const bankTransferOrchestration = defineOrchestration(
  'bank_transfer_orchestration',
  function* (ctx, request?: TransferRequest | null) {
    const from = request?.from ?? 'alice';
    const to = request?.to ?? 'bob';
    const amount = request?.amount ?? 10;
    if (from === to) throw new RangeError(`A transfer needs two different accounts, got '${from}' twice.`);
    return yield* ctx.lock([account.id(from), account.id(to)], function* () {
      const available = yield* ctx.callEntity(account, from, 'balance');
      const transferred = available >= amount;
      if (transferred) {
        yield* ctx.callEntity(account, from, 'withdraw', amount);
        yield* ctx.callEntity(account, to, 'deposit', amount);
      }
      const [fromBalance, toBalance] = yield* ctx.all([
        ctx.callEntity(account, from, 'balance'),
        ctx.callEntity(account, to, 'balance'),
      ]);
      return { transferred, amount, balances: { [from]: fromBalance, [to]: toBalance } };
    });
  },
);

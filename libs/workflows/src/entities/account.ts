import { defineEntity } from '@durable-hosts/durable';

const checkAmount = (operation: string, amount: number) => {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
    throw new RangeError(`account.${operation} needs a positive amount, got ${JSON.stringify(amount)}.`);
  }
};

/** A bank account: its state is the balance. Withdrawing more than the balance fails and changes nothing. */
export const account = defineEntity('account', {
  initialState: 0,
  operations: {
    deposit: (ctx, amount: number) => {
      checkAmount('deposit', amount);
      ctx.state += amount;
      return ctx.state;
    },
    withdraw: (ctx, amount: number) => {
      checkAmount('withdraw', amount);
      if (amount > ctx.state) {
        throw new RangeError(
          `Insufficient funds in account '${ctx.entityId.key}': the balance is ${ctx.state}, the withdrawal ${amount}.`,
        );
      }
      ctx.state -= amount;
      return ctx.state;
    },
    balance: (ctx) => ctx.state,
  },
});

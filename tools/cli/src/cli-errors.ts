// The two ways a command fails, with the exit code each gives: 2 when the command line is wrong (nothing was
// sent), 1 when the scheduler refused or the operation failed.
export class UsageError extends Error {
  readonly exitCode = 2;
}

export class OperationError extends Error {
  readonly exitCode = 1;
}

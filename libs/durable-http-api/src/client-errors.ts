// What a failed client call means, without gRPC's `9 FAILED_PRECONDITION: ` prefix. durabletask-js
// rethrows some failures (restart, rewind) as a plain Error whose `cause` holds the gRPC error, so the
// code is looked up along the cause chain.

/** The gRPC status codes the API maps to HTTP answers (@grpc/grpc-js `status`). */
export const GrpcCode = {
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Unavailable: 14,
} as const;

export interface ClientFailure {
  /** The gRPC status code, when the failure came from the scheduler. */
  code?: number;
  /** The scheduler's own words (grpc `details`), or the error's message without a status prefix. */
  message: string;
}

const GRPC_PREFIX = /^\d+ [A-Z_]+: /;

export function describeClientError(error: unknown): ClientFailure {
  let code: number | undefined;
  let details: string | undefined;
  for (let current = error, depth = 0; current instanceof Object && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const candidate = current as { code?: unknown; details?: unknown };
    if (typeof candidate.code === 'number' && code === undefined) {
      code = candidate.code;
      if (typeof candidate.details === 'string' && candidate.details !== '') details = candidate.details;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: stripGrpcPrefix(details ?? message) };
}

export function stripGrpcPrefix(message: string): string {
  return message.replace(GRPC_PREFIX, '');
}

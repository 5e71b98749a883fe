// An error the dashboard API answers with: an HTTP status and a message the UI shows verbatim.
import { EngineError, type EngineErrorCode } from '../engine/engine-error.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const STATUS_BY_ENGINE_CODE: Record<EngineErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 409,
  UNIMPLEMENTED: 501,
};

/** The HTTP status and message for anything a handler threw; engine messages pass through unchanged. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof EngineError) return new ApiError(STATUS_BY_ENGINE_CODE[err.code] ?? 400, err.message);
  // decodeURIComponent on a path like /%E0%A4%A: the client's mistake, not ours.
  if (err instanceof URIError) return new ApiError(400, `The URL has malformed percent-encoding (${err.message}).`);
  return new ApiError(500, err instanceof Error ? err.message : String(err));
}

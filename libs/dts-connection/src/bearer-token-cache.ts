// One token per scope, reused until shortly before it expires, so every gRPC call carries a valid
// `authorization` header without a token request per call.
import type { AccessToken, TokenCredential } from '@azure/identity';

export interface BearerTokenCacheOptions {
  /** Refresh this long before expiry (default 5 minutes, as the DTS SDKs do). */
  refreshMarginMs?: number;
  /** The clock; tests pass their own. */
  now?: () => number;
}

/** Returns a function that resolves to a current access token, fetching a new one only when needed. */
export function createBearerTokenCache(
  credential: TokenCredential,
  scope: string,
  { refreshMarginMs = 5 * 60_000, now = Date.now }: BearerTokenCacheOptions = {},
): () => Promise<string> {
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  const isFresh = (token: AccessToken): boolean => {
    const refreshAt = Math.min(token.refreshAfterTimestamp ?? Infinity, token.expiresOnTimestamp - refreshMarginMs);
    return now() < refreshAt;
  };

  const fetchToken = async (): Promise<AccessToken> => {
    const token = await credential.getToken(scope);
    if (token === null) {
      throw new Error(`The credential returned no token for scope '${scope}'. Check the Authentication setting and the identity's access.`);
    }
    return token;
  };

  return async () => {
    if (cached !== undefined && isFresh(cached)) return cached.token;
    // Concurrent calls share one request.
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.token;
  };
}

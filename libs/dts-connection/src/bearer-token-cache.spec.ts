import type { AccessToken, TokenCredential } from '@azure/identity';
import { createBearerTokenCache } from './bearer-token-cache.js';

function fakeCredential(lifetimeMs: number, clock: { now: number }) {
  const scopes: string[] = [];
  let issued = 0;
  const credential: TokenCredential = {
    async getToken(scope): Promise<AccessToken> {
      scopes.push(String(scope));
      issued++;
      return { token: `token-${issued}`, expiresOnTimestamp: clock.now + lifetimeMs };
    },
  };
  return { credential, scopes, issued: () => issued };
}

describe('createBearerTokenCache', () => {
  it('reuses a token until the refresh margin before it expires, then fetches a new one', async () => {
    const clock = { now: 1_000_000 };
    const fake = fakeCredential(60 * 60_000, clock);
    const token = createBearerTokenCache(fake.credential, 'https://durabletask.io/.default', {
      refreshMarginMs: 5 * 60_000,
      now: () => clock.now,
    });

    expect(await token()).toBe('token-1');
    clock.now += 54 * 60_000;
    expect(await token()).toBe('token-1');
    clock.now += 2 * 60_000; // 4 minutes before expiry: inside the 5-minute margin
    expect(await token()).toBe('token-2');
    expect(fake.scopes).toEqual(['https://durabletask.io/.default', 'https://durabletask.io/.default']);
  });

  it('shares one token request between concurrent callers', async () => {
    const clock = { now: 0 };
    const fake = fakeCredential(60 * 60_000, clock);
    const token = createBearerTokenCache(fake.credential, 'scope', { now: () => clock.now });
    const tokens = await Promise.all([token(), token(), token()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(fake.issued()).toBe(1);
  });

  it('honours refreshAfterTimestamp when the credential sets one', async () => {
    let issued = 0;
    const clock = { now: 0 };
    const credential: TokenCredential = {
      async getToken() {
        issued++;
        return { token: `t${issued}`, expiresOnTimestamp: clock.now + 3_600_000, refreshAfterTimestamp: clock.now + 60_000 };
      },
    };
    const token = createBearerTokenCache(credential, 'scope', { now: () => clock.now });
    expect(await token()).toBe('t1');
    clock.now += 61_000;
    expect(await token()).toBe('t2');
  });

  it('reports a credential that returns no token, and tries again next time', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      async getToken() {
        calls++;
        return calls === 1 ? null : { token: 'late', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const token = createBearerTokenCache(credential, 'https://durabletask.io/.default');
    await expect(token()).rejects.toThrow("The credential returned no token for scope 'https://durabletask.io/.default'");
    expect(await token()).toBe('late');
  });
});

// The session endpoints a signed-in app calls next (Descope's web SDK after verify): refresh,
// try-refresh, me and logout, with the refresh JWT in the bearer or in the DSR cookie.
import type { GenerateKeyPairResult, JSONWebKeySet } from 'jose';
import { covers, observe } from '../../fixtures/requirements.ts';
import { check, errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { test, type CodeSource, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

/** SDKs allow 5 s of clock skew; so do these checks. */
const SKEW_SECONDS = 5;

interface SessionBody {
  sessionJwt: string;
  refreshJwt: string;
  sessionExpiration: number;
  cookieExpiration: number;
  user: { userId: string; loginIds: string[] };
}

/**
 * The forger's own RS256 key pair, made on libuv's threads while this file's first tests run: an
 * RSA-2048 pair takes 40–230 ms here, which the forged-token test would otherwise wait for.
 */
let forgersKeyPair: Promise<GenerateKeyPairResult>;
test.beforeAll(({ jose: { generateKeyPair } }) => {
  forgersKeyPair = generateKeyPair('RS256');
  // A failure is reported by the test that awaits it, not as an unhandled rejection.
  forgersKeyPair.catch(() => undefined);
});

async function signedIn(api: DescopeApi, user: TestUser, codes: CodeSource, requirement: string): Promise<SessionBody> {
  return expectSuccess<SessionBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', requirement);
}

test('refresh with the refresh JWT in the bearer answers a new session for the same user, signed with the project keys', covers('SESSION-REFRESH-NEW-SESSION'), async ({ api, user, codes, jose: { createLocalJWKSet, decodeJwt, jwtVerify } }) => {
  const session = await signedIn(api, user, codes, 'SESSION-REFRESH-NEW-SESSION');
  const refreshed = expectSuccess<SessionBody>(await api.refreshSession(session.refreshJwt), 'session-refresh-response', 'SESSION-REFRESH-NEW-SESSION');
  const keys = expectSuccess<JSONWebKeySet>(await api.keys(), 'keys-response', 'SESSION-REFRESH-NEW-SESSION');
  const verified = await jwtVerify(refreshed.sessionJwt, createLocalJWKSet(keys), { clockTolerance: SKEW_SECONDS }).catch((error: Error) => error);
  check(!(verified instanceof Error), 'SESSION-REFRESH-NEW-SESSION', 'a session JWT that verifies with the project keys', () => (verified as Error).message);
  const claims = decodeJwt(refreshed.sessionJwt);
  check(claims.sub === user.userId && claims.drn === 'DS', 'SESSION-REFRESH-NEW-SESSION', `a session (drn DS) of ${user.userId}`, () => `sub ${claims.sub}, drn ${claims.drn}`);
});

test('refresh with the refresh JWT in the DSR cookie works as in the bearer', covers('SESSION-REFRESH-COOKIE'), async ({ api, user, codes, jose: { decodeJwt } }) => {
  const session = await signedIn(api, user, codes, 'SESSION-REFRESH-COOKIE');
  const refreshed = expectSuccess<SessionBody>(await api.refreshSession(session.refreshJwt, { viaCookie: true }), 'session-refresh-response', 'SESSION-REFRESH-COOKIE');
  check(decodeJwt(refreshed.sessionJwt).sub === user.userId, 'SESSION-REFRESH-COOKIE', `a session of ${user.userId}`, () => String(decodeJwt(refreshed.sessionJwt).sub));
});

test('try-refresh without a valid session answers 2xx with no session, not an error; with one, a session', covers('SESSION-TRY-REFRESH-WITHOUT-SESSION'), async ({ api, user, codes }) => {
  for (const [what, token] of [['no refresh JWT', undefined], ['a token that is no JWT', 'not-a-refresh-token']] as const) {
    await test.step(what, async () => {
      const answer = await api.refreshSession(token, { tryRefresh: true });
      const body = expectSuccess<Partial<SessionBody>>(answer, 'session-try-refresh-response', 'SESSION-TRY-REFRESH-WITHOUT-SESSION');
      check(body.sessionJwt === undefined, 'SESSION-TRY-REFRESH-WITHOUT-SESSION', 'no session in the answer', () => 'a sessionJwt');
    });
  }
  await test.step('a valid refresh JWT', async () => {
    const session = await signedIn(api, user, codes, 'SESSION-TRY-REFRESH-WITHOUT-SESSION');
    const body = expectSuccess<Partial<SessionBody>>(await api.refreshSession(session.refreshJwt, { tryRefresh: true }), 'session-try-refresh-response', 'SESSION-TRY-REFRESH-WITHOUT-SESSION');
    check(typeof body.sessionJwt === 'string', 'SESSION-TRY-REFRESH-WITHOUT-SESSION', 'a session in the answer', () => 'none');
  });
});

test('me answers the signed-in user itself', covers('SESSION-ME-RETURNS-USER'), async ({ api, user, codes }) => {
  const session = await signedIn(api, user, codes, 'SESSION-ME-RETURNS-USER');
  const me = expectSuccess<{ userId: string; loginIds: string[] }>(await api.me(session.refreshJwt), 'user', 'SESSION-ME-RETURNS-USER');
  check(me.userId === user.userId && me.loginIds.includes(user.loginId), 'SESSION-ME-RETURNS-USER', `user ${user.userId} with login ID ${user.loginId}`, () => JSON.stringify({ userId: me.userId, loginIds: me.loginIds }));
});

test('after logout, refresh and me with that refresh JWT fail with a Descope error', covers('SESSION-LOGOUT-REVOKES'), async ({ api, user, codes }) => {
  const session = await signedIn(api, user, codes, 'SESSION-LOGOUT-REVOKES');
  await test.step('logout answers JSON', async () => {
    expectSuccess(await api.logout(session.refreshJwt), 'empty', 'SESSION-LOGOUT-REVOKES');
  });
  await test.step('refresh with it fails', async () => {
    expectError(await api.refreshSession(session.refreshJwt), { requirement: 'SESSION-LOGOUT-REVOKES', status: '4xx' });
  });
  await test.step('me with it fails', async () => {
    expectError(await api.me(session.refreshJwt), { requirement: 'SESSION-LOGOUT-REVOKES', status: '4xx' });
  });
});

test('what the target answers to a refresh JWT whose session was logged out', covers('ERROR-SESSION-LOGGED-OUT'), async ({ api, user, codes, profile }) => {
  const session = await signedIn(api, user, codes, 'SESSION-LOGOUT-REVOKES');
  await api.logout(session.refreshJwt);
  observe('ERROR-SESSION-LOGGED-OUT', errorSignature(await api.refreshSession(session.refreshJwt)), profile);
});

test('refresh and me refuse a missing, malformed, session-instead-of-refresh or forged token with a 4xx', covers('SESSION-INVALID-TOKEN-REFUSED'), async ({ api, user, codes, people, jose: { decodeJwt, exportJWK, SignJWT } }) => {
  const session = await signedIn(api, user, codes, 'SESSION-INVALID-TOKEN-REFUSED');
  const { privateKey, publicKey } = await forgersKeyPair;
  const forged = await new SignJWT({ ...decodeJwt(session.refreshJwt) })
    .setProtectedHeader({ alg: 'RS256', kid: (await exportJWK(publicKey)).n!.slice(0, 16), typ: 'JWT' })
    .sign(privateKey);
  const tokens: [string, string | undefined][] = [
    ['no refresh JWT', undefined],
    ['a malformed one', `x${people.string.alphanumeric(30)}`],
    ['the session JWT instead', session.sessionJwt],
    ['one signed by another key', forged],
  ];
  for (const [what, token] of tokens) {
    await test.step(what, async () => {
      expectError(await api.refreshSession(token), { requirement: 'SESSION-INVALID-TOKEN-REFUSED', status: '4xx' });
      expectError(await api.me(token), { requirement: 'SESSION-INVALID-TOKEN-REFUSED', status: '4xx' });
    });
  }
});

test('verify and refresh answers carry sessionExpiration and cookieExpiration, the exp of their tokens', covers('SESSION-EXPIRATION-FIELDS'), async ({ api, user, codes, jose: { decodeJwt } }) => {
  const verified = await signedIn(api, user, codes, 'SESSION-EXPIRATION-FIELDS');
  const refreshed = expectSuccess<SessionBody>(await api.refreshSession(verified.refreshJwt), 'session-refresh-response', 'SESSION-EXPIRATION-FIELDS');
  for (const [what, body] of [['verify', verified], ['refresh', refreshed]] as const) {
    await test.step(what, async () => {
      const sessionExp = Number(decodeJwt(body.sessionJwt).exp);
      const refreshExp = Number(decodeJwt(body.refreshJwt ?? verified.refreshJwt).exp);
      check(Math.abs(body.sessionExpiration - sessionExp) <= SKEW_SECONDS, 'SESSION-EXPIRATION-FIELDS', `sessionExpiration ≈ the session JWT's exp ${sessionExp}`, () => String(body.sessionExpiration));
      check(Math.abs(body.cookieExpiration - refreshExp) <= SKEW_SECONDS, 'SESSION-EXPIRATION-FIELDS', `cookieExpiration ≈ the refresh JWT's exp ${refreshExp}`, () => String(body.cookieExpiration));
    });
  }
});

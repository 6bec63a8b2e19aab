// The JWTs a verify returns: signed with the project's published keys, with the claims SDKs read.
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { validate } from '../../specs/contract.ts';
import { covers, observe } from '../../fixtures/requirements.ts';
import { expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test, type CodeSource, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

/** SDKs allow 5 s of clock skew; so do these checks. */
const SKEW_SECONDS = 5;

interface VerifyBody {
  sessionJwt: string;
  refreshJwt: string;
  cookieMaxAge: number;
  cookieExpiration: number;
  sessionExpiration?: number;
  user: { userId: string };
}

async function signIn(api: DescopeApi, user: TestUser, codes: CodeSource, requirement: string): Promise<VerifyBody> {
  return expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', requirement);
}

async function projectKeys(api: DescopeApi, requirement: string): Promise<JSONWebKeySet> {
  return expectSuccess<JSONWebKeySet>(await api.keys(), 'keys-response', requirement);
}

function claimsOf(jwt: string): JWTPayload {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as JWTPayload;
}

test('both tokens verify against the project\'s keys endpoint', covers('TOKENS-VERIFY-WITH-PROJECT-KEYS'), async ({ api, user, codes, targetInfo, jose: { createLocalJWKSet, decodeProtectedHeader, jwtVerify } }) => {
  const body = await signIn(api, user, codes, 'TOKENS-VERIFY-WITH-PROJECT-KEYS');
  const keys = await projectKeys(api, 'TOKENS-VERIFY-WITH-PROJECT-KEYS');
  for (const [name, jwt] of [['sessionJwt', body.sessionJwt], ['refreshJwt', body.refreshJwt]] as const) {
    await test.step(`${name}: header names a published key, and the signature verifies`, async () => {
      const header = decodeProtectedHeader(jwt);
      const key = keys.keys.find((candidate) => candidate.kid === header.kid);
      expect(header.kid, `[TOKENS-VERIFY-WITH-PROJECT-KEYS] ${name} header has a kid`).toBeTruthy();
      expect(key, `[TOKENS-VERIFY-WITH-PROJECT-KEYS] ${name} kid is one of ${targetInfo.target.url}/v2/keys`).toBeDefined();
      expect(header.alg, `[TOKENS-VERIFY-WITH-PROJECT-KEYS] ${name} alg equals the key's alg`).toBe(key!.alg);
      const verified = await jwtVerify(jwt, createLocalJWKSet(keys), { clockTolerance: SKEW_SECONDS }).catch((error: Error) => error);
      expect(verified instanceof Error ? verified.message : 'verified', `[TOKENS-VERIFY-WITH-PROJECT-KEYS] ${name} signature`).toBe('verified');
    });
  }
});

test('a token signed by another key is told apart', covers('TOKENS-VERIFY-WITH-PROJECT-KEYS'), async ({ api, user, codes, jose: { createLocalJWKSet, jwtVerify } }) => {
  // The check above can fail: a tampered payload no longer verifies against the same key set.
  const body = await signIn(api, user, codes, 'TOKENS-VERIFY-WITH-PROJECT-KEYS');
  const keys = await projectKeys(api, 'TOKENS-VERIFY-WITH-PROJECT-KEYS');
  const [header, , signature] = body.sessionJwt.split('.');
  const forged = Buffer.from(JSON.stringify({ ...claimsOf(body.sessionJwt), sub: 'U-someone-else' })).toString('base64url');
  const outcome = await jwtVerify(`${header}.${forged}.${signature}`, createLocalJWKSet(keys)).then(() => 'verified', () => 'refused');
  expect(outcome, '[TOKENS-VERIFY-WITH-PROJECT-KEYS] a tampered token').toBe('refused');
});

test('the claims SDKs read are there and agree with the response', covers('TOKENS-CLAIMS'), async ({ api, user, codes, targetInfo }) => {
  const body = await signIn(api, user, codes, 'TOKENS-CLAIMS');
  const projectId = targetInfo.target.projectId;
  for (const [name, jwt, drn] of [['sessionJwt', body.sessionJwt, 'DS'], ['refreshJwt', body.refreshJwt, 'DSR']] as const) {
    await test.step(`${name} claims`, async () => {
      const claims = claimsOf(jwt);
      const schema = validate('session-claims', claims);
      expect(schema.problems, `[TOKENS-CLAIMS] ${name} claims match schemas/session-claims.schema.json`).toEqual([]);
      expect(claims.drn, `[TOKENS-CLAIMS] ${name} drn`).toBe(drn);
      expect(claims.sub, `[TOKENS-CLAIMS] ${name} sub is user.userId`).toBe(body.user.userId);
      expect(claims.iss === projectId || String(claims.iss).endsWith(`/${projectId}`), `[TOKENS-CLAIMS] ${name} iss is the project ID or a URL ending in it`).toBe(true);
      expect(claims.exp! > claims.iat!, `[TOKENS-CLAIMS] ${name} exp is after iat`).toBe(true);
      expect(claims.amr, `[TOKENS-CLAIMS] ${name} amr`).toContain('sms');
      if (claims.aud !== undefined) {
        const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        expect(audiences, `[TOKENS-CLAIMS] ${name} aud contains the project ID`).toContain(projectId);
      }
    });
  }
});

test('tokens of a test user say so', covers('TOKENS-TEST-USER-CLAIM'), async ({ api, user, codes }) => {
  const body = await signIn(api, user, codes, 'TOKENS-TEST-USER-CLAIM');
  expect(claimsOf(body.sessionJwt).tu, '[TOKENS-TEST-USER-CLAIM] session tu').toBe(true);
});

test('cookie fields agree with the tokens they describe', covers('TOKENS-COOKIE-FIELDS-CONSISTENT'), async ({ api, user, codes }) => {
  const body = await signIn(api, user, codes, 'TOKENS-COOKIE-FIELDS-CONSISTENT');
  const session = claimsOf(body.sessionJwt);
  const refresh = claimsOf(body.refreshJwt);
  expect(Math.abs(body.cookieExpiration - refresh.exp!), '[TOKENS-COOKIE-FIELDS-CONSISTENT] cookieExpiration vs refresh exp (s)').toBeLessThanOrEqual(SKEW_SECONDS);
  expect(Math.abs(body.cookieMaxAge - (refresh.exp! - refresh.iat!)), '[TOKENS-COOKIE-FIELDS-CONSISTENT] cookieMaxAge vs refresh lifetime (s)').toBeLessThanOrEqual(SKEW_SECONDS);
  if (body.sessionExpiration !== undefined) {
    expect(Math.abs(body.sessionExpiration - session.exp!), '[TOKENS-COOKIE-FIELDS-CONSISTENT] sessionExpiration vs session exp (s)').toBeLessThanOrEqual(SKEW_SECONDS);
  }
});

test('token lifetimes', covers('TOKENS-SESSION-LIFETIME', 'TOKENS-REFRESH-LIFETIME'), async ({ api, user, codes, profile }) => {
  const body = await signIn(api, user, codes, 'TOKENS-SESSION-LIFETIME');
  const session = claimsOf(body.sessionJwt);
  const refresh = claimsOf(body.refreshJwt);
  observe('TOKENS-SESSION-LIFETIME', session.exp! - session.iat!, profile);
  observe('TOKENS-REFRESH-LIFETIME', refresh.exp! - refresh.iat!, profile);
});

test.describe('custom claims', () => {
  const customClaims = { plan: 'gold', seats: 3, beta: true };

  test('given at SMS sign-in, they appear in the session', covers('SIGNIN-CUSTOM-CLAIMS-IN-SESSION'), async ({ api, user, codes }) => {
    expectSuccess(await api.signInSms(user.loginId, { loginOptions: { customClaims } }), 'signin-sms-response', 'SIGNIN-CUSTOM-CLAIMS-IN-SESSION');
    const body = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.lastSent(user)), 'verify-sms-response', 'SIGNIN-CUSTOM-CLAIMS-IN-SESSION');
    expect(claimsOf(body.sessionJwt), '[SIGNIN-CUSTOM-CLAIMS-IN-SESSION] session claims').toMatchObject(customClaims);
  });

  test('given with a generated code, they appear in the session', covers('SIGNIN-CUSTOM-CLAIMS-IN-SESSION'), async ({ api, user, codes }) => {
    const code = await codes.generate(user, { customClaims });
    const body = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, code), 'verify-sms-response', 'SIGNIN-CUSTOM-CLAIMS-IN-SESSION');
    expect(claimsOf(body.sessionJwt), '[SIGNIN-CUSTOM-CLAIMS-IN-SESSION] session claims').toMatchObject(customClaims);
  });
});

// loginOptions.stepup and .mfa: a sign-in on top of an existing session, proven by the user's
// refresh JWT in the bearer (`Bearer <ProjectID>:<RefreshJwt>`).
import { covers } from '../../fixtures/requirements.ts';
import { expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test, type CodeSource, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

interface VerifyBody {
  sessionJwt: string;
  refreshJwt: string;
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

/** A first, ordinary sign-in: its refresh JWT is what a step-up presents. */
async function existingSession(api: DescopeApi, user: TestUser, codes: CodeSource, requirement: string): Promise<VerifyBody> {
  return expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', requirement);
}

for (const option of ['stepup', 'mfa'] as const) {
  test.describe(`loginOptions.${option}`, () => {
    test('without a refresh JWT in the bearer it is refused', covers('SIGNIN-STEPUP-REQUIRES-REFRESH-JWT'), async ({ api, user }) => {
      expectError(await api.signInSms(user.loginId, { loginOptions: { [option]: true } }), { requirement: 'SIGNIN-STEPUP-REQUIRES-REFRESH-JWT', status: '4xx' });
    });

    test('with another user\'s refresh JWT it is refused', covers('SIGNIN-STEPUP-REQUIRES-REFRESH-JWT'), async ({ api, users, codes }) => {
      const alice = await users.create();
      const bob = await users.create();
      const bobs = await existingSession(api, bob, codes, 'SIGNIN-STEPUP-REQUIRES-REFRESH-JWT');
      const exchange = await api.signInSms(alice.loginId, { loginOptions: { [option]: true }, authorization: api.refreshBearer(bobs.refreshJwt) });
      expectError(exchange, { requirement: 'SIGNIN-STEPUP-REQUIRES-REFRESH-JWT', status: '4xx' });
    });

    test('with a session JWT instead of the refresh JWT it is refused', covers('SIGNIN-STEPUP-REQUIRES-REFRESH-JWT'), async ({ api, user, codes }) => {
      const session = await existingSession(api, user, codes, 'SIGNIN-STEPUP-REQUIRES-REFRESH-JWT');
      const exchange = await api.signInSms(user.loginId, { loginOptions: { [option]: true }, authorization: api.refreshBearer(session.sessionJwt) });
      expectError(exchange, { requirement: 'SIGNIN-STEPUP-REQUIRES-REFRESH-JWT', status: '4xx' });
    });
  });
}

test('a step-up sign-in with the user\'s refresh JWT gives a session with su: true', covers('SIGNIN-STEPUP-SESSION'), async ({ api, user, codes }) => {
  const first = await existingSession(api, user, codes, 'SIGNIN-STEPUP-SESSION');
  expect(claimsOf(first.sessionJwt).su, '[SIGNIN-STEPUP-SESSION] an ordinary session is not stepped up').not.toBe(true);
  const exchange = await api.signInSms(user.loginId, { loginOptions: { stepup: true }, authorization: api.refreshBearer(first.refreshJwt) });
  expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-STEPUP-SESSION');
  const stepped = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.lastSent(user)), 'verify-sms-response', 'SIGNIN-STEPUP-SESSION');
  expect(claimsOf(stepped.sessionJwt).su, '[SIGNIN-STEPUP-SESSION] su of the stepped-up session').toBe(true);
});

test('an mfa sign-in with the user\'s refresh JWT gives a session whose amr lists mfa', covers('SIGNIN-MFA-SESSION'), async ({ api, user, codes }) => {
  const first = await existingSession(api, user, codes, 'SIGNIN-MFA-SESSION');
  const exchange = await api.signInSms(user.loginId, { loginOptions: { mfa: true }, authorization: api.refreshBearer(first.refreshJwt) });
  expectSuccess(exchange, 'signin-sms-response', 'SIGNIN-MFA-SESSION');
  const second = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.lastSent(user)), 'verify-sms-response', 'SIGNIN-MFA-SESSION');
  expect(claimsOf(second.sessionJwt).amr, '[SIGNIN-MFA-SESSION] amr of the mfa session').toContain('mfa');
});

// POST /v1/auth/otp/verify/sms: what a successful verify answers, and what it does to the user.
import { covers } from '../../fixtures/requirements.ts';
import { expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test } from '../../fixtures/test.ts';

interface VerifyBody {
  sessionJwt: string;
  refreshJwt: string;
  firstSeen: boolean;
  user: { userId: string; loginIds: string[]; phone: string; verifiedPhone: boolean };
}

test('the code that was sent signs the user in, with session and refresh JWTs', covers('VERIFY-SUCCESS-RETURNS-TOKENS', 'VERIFY-RESPONSE-SCHEMA'), async ({ api, user, codes }) => {
  const code = await codes.generate(user);
  const body = await test.step('verify the code', async () =>
    expectSuccess<VerifyBody>(await api.verifySms(user.loginId, code), 'verify-sms-response', 'VERIFY-RESPONSE-SCHEMA'));
  expect(body.sessionJwt.split('.').length, '[VERIFY-SUCCESS-RETURNS-TOKENS] sessionJwt is a JWT').toBe(3);
  expect(body.refreshJwt.split('.').length, '[VERIFY-SUCCESS-RETURNS-TOKENS] refreshJwt is a JWT').toBe(3);
  expect(body.sessionJwt !== body.refreshJwt, '[VERIFY-SUCCESS-RETURNS-TOKENS] the two tokens differ').toBe(true);
});

test('the SMS sign-in flow end to end: sign in, read the SMS, verify', covers('VERIFY-SUCCESS-RETURNS-TOKENS', 'VERIFY-RESPONSE-SCHEMA'), async ({ api, user, codes }) => {
  await test.step('sign in', async () => expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'VERIFY-SUCCESS-RETURNS-TOKENS'));
  const code = await codes.lastSent(user);
  await test.step('verify the code from the SMS', async () =>
    expectSuccess<VerifyBody>(await api.verifySms(user.loginId, code), 'verify-sms-response', 'VERIFY-RESPONSE-SCHEMA'));
});

test('the response carries the user who signed in', covers('VERIFY-RETURNS-SIGNED-IN-USER'), async ({ api, user, codes }) => {
  const body = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', 'VERIFY-RETURNS-SIGNED-IN-USER');
  expect(body.user.loginIds, '[VERIFY-RETURNS-SIGNED-IN-USER] user.loginIds contains the login ID').toContain(user.loginId);
  expect(body.user.userId, '[VERIFY-RETURNS-SIGNED-IN-USER] user.userId is the created user').toBe(user.userId);
  expect(body.user.phone === user.phone, '[VERIFY-RETURNS-SIGNED-IN-USER] user.phone is the number the code went to').toBe(true);
});

test('the phone is verified after a successful verify', covers('VERIFY-MARKS-PHONE-VERIFIED'), async ({ api, user, codes }) => {
  // The factory creates users with verifiedPhone: false, so a true here is the verify's doing.
  const body = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', 'VERIFY-MARKS-PHONE-VERIFIED');
  expect(body.user.verifiedPhone, '[VERIFY-MARKS-PHONE-VERIFIED] verifiedPhone in the response').toBe(true);
  const stored = expectSuccess<{ user: { verifiedPhone?: boolean } }>(await api.loadUser(user.loginId), 'mgmt-user-response', 'VERIFY-MARKS-PHONE-VERIFIED');
  expect(stored.user.verifiedPhone, '[VERIFY-MARKS-PHONE-VERIFIED] verifiedPhone of the stored user').toBe(true);
});

test('firstSeen is true on the first sign-in and false on the next', covers('VERIFY-FIRST-SEEN'), async ({ api, user, codes }) => {
  const first = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', 'VERIFY-FIRST-SEEN');
  expect(first.firstSeen, '[VERIFY-FIRST-SEEN] first sign-in').toBe(true);
  const second = expectSuccess<VerifyBody>(await api.verifySms(user.loginId, await codes.generate(user)), 'verify-sms-response', 'VERIFY-FIRST-SEEN');
  expect(second.firstSeen, '[VERIFY-FIRST-SEEN] second sign-in').toBe(false);
});

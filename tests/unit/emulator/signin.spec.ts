// POST /v1/auth/otp/signin/sms: sending, masking, invalidation, auth, step-up/MFA and the throttle.
import { loadConfig } from '../../../emulator/config.ts';
import { SIGNIN_PATH, VERIFY_PATH } from '../../../fixtures/raw-requests.ts';
import type { SeedUser, SigninSmsResponse } from '../../../specs/schema-types.ts';
import { claimsOf, expect, expectBody, expectError, test } from './fixtures.ts';

test.describe('sign-in sends a code', () => {
  test('answers a masked phone and puts a 6-digit code in the outbox', async ({ api }) => {
    const { loginId, phone } = await api.newUser();
    const body = expectBody<SigninSmsResponse>(await api.signInSms(loginId), 200, 'signin-sms-response');
    expect(body.maskedPhone).toBe(`+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`);
    expect(body.maskedPhone).not.toContain(phone.slice(1));
    const [message] = await api.messages({ phone });
    expect(message).toMatchObject({ loginId, phone, valid: true, state: 'pending' });
    expect(message!.code).toMatch(/^\d{6}$/);
    expect(message!.body).toContain(message!.code);
    expect(message!.expiresAt - message!.sentAt).toBe(180);
  });

  test('the code goes to the phone attribute when the loginId is not a phone', async ({ api }) => {
    const { loginId, phone } = await api.newUser();
    expect(loginId).toContain('@');
    await api.sendCode(loginId);
    expect((await api.messages({ phone })).map((m) => m.loginId)).toEqual([loginId]);
  });

  for (const loginOptions of [undefined, {}, null, { stepup: null, mfa: null, customClaims: null, templateOptions: null }]) {
    test(`accepts loginOptions ${JSON.stringify(loginOptions)}`, async ({ api }) => {
      const { loginId } = await api.newUser();
      expectBody(await api.signInSms(loginId, { loginOptions }), 200, 'signin-sms-response');
    });
  }

  test('accepts SDK extras (providerId, ssoAppId, templateId, unknown fields)', async ({ api }) => {
    const { loginId } = await api.newUser();
    const extra = { providerId: 'p', ssoAppId: null, templateId: 't', somethingNew: { nested: true } };
    expectBody(await api.signInSms(loginId, { body: extra }), 200, 'signin-sms-response');
  });

  test('a new send replaces every earlier code', async ({ api }) => {
    const { loginId } = await api.newUser();
    const first = await api.sendCode(loginId);
    const second = await api.sendCode(loginId);
    const messages = await api.messages({ loginId });
    expect(messages.map((m) => m.state)).toEqual(['replaced', 'pending']);
    if (first !== second) expectError(await api.verifySms(loginId, first), 401, 'E061102');
    expectBody(await api.verifySms(loginId, second), 200, 'verify-sms-response');
  });

  test("a test user's sign-in keeps a management-generated code; a generated code replaces a sent one", async ({ api }) => {
    const { loginId } = await api.newUser();
    const generated = await api.generateCode(loginId);
    const sent = await api.sendCode(loginId);
    expect((await api.messages({ loginId }))[0]!.state).toBe('pending');
    await api.generateCode(loginId);
    expect((await api.messages({ loginId }))[0]!.state).toBe('replaced');
    if (sent !== generated) expectError(await api.verifySms(loginId, sent), 401, 'E061102');
  });

  test('generated code survives a sign-in and verifies', async ({ api }) => {
    const { loginId } = await api.newUser();
    const generated = await api.generateCode(loginId);
    await api.sendCode(loginId);
    expectBody(await api.verifySms(loginId, generated), 200, 'verify-sms-response');
  });

  test('an unregistered loginId gets 400 E062108 and nothing is sent', async ({ api }) => {
    expectError(await api.signInSms('nobody-here@example.com'), 400, 'E062108');
    expect(await api.messages({ loginId: 'nobody-here@example.com' })).toEqual([]);
  });

  test('a user without a phone gets the userHasNoPhone error', async ({ api }) => {
    const { loginId } = await api.newUser({ phone: undefined });
    expectError(await api.signInSms(loginId), 400, 'E011004');
    expect(await api.messages({ loginId })).toEqual([]);
  });

  test('a disabled user gets the userNotEnabled error', async ({ api }) => {
    const disabled: SeedUser = { loginId: 'off@example.com', phone: '+15550009999', status: 'disabled' };
    expectBody(await api.seedUsers([disabled]), 200, 'mgmt-users-response');
    expectError(await api.signInSms('off@example.com'), 403, 'E011004');
  });
});

test.describe('sign-in auth', () => {
  for (const [name, authorization] of [
    ['no header', null],
    ['not Bearer', 'Basic abc'],
    ['another project', 'Bearer P2OTHERPROJECT00000000000001'],
    ['empty bearer', 'Bearer '],
  ] as const) {
    test(`${name} → 401 E011003`, async ({ api }) => {
      const { loginId } = await api.newUser();
      expectError(await api.send('POST', SIGNIN_PATH, { json: { loginId }, authorization }), 401, 'E011003');
      expectError(await api.send('POST', VERIFY_PATH, { json: { loginId, code: '123456' }, authorization }), 401, 'E011003');
    });
  }
});

test.describe('step-up and MFA', () => {
  test('need the refresh JWT of the same user; the session then carries su / amr mfa', async ({ api }) => {
    const { loginId } = await api.newUser();
    const other = await api.newUser();
    const { refreshJwt } = await api.signedIn(loginId);
    const { refreshJwt: otherRefresh } = await api.signedIn(other.loginId);

    for (const option of ['stepup', 'mfa']) {
      const loginOptions = { [option]: true };
      expectError(await api.signInSms(loginId, { loginOptions }), 401, 'E011003');
      expectError(await api.signInSms(loginId, { loginOptions, authorization: api.refreshBearer('not.a.jwt') }), 401, 'E011003');
      expectError(await api.signInSms(loginId, { loginOptions, authorization: api.refreshBearer(otherRefresh) }), 401, 'E011003');
    }
    const authorization = api.refreshBearer(refreshJwt);
    const stepped = await api.signedIn(loginId, { loginOptions: { stepup: true }, authorization });
    expect(claimsOf(stepped.sessionJwt).su).toBe(true);
    const mfa = await api.signedIn(loginId, { loginOptions: { mfa: true }, authorization });
    expect(claimsOf(mfa.sessionJwt).amr).toEqual(['sms', 'mfa']);
    expect(claimsOf(mfa.sessionJwt).su).toBeUndefined();
  });

  test.describe('against an emulator of its own', () => {
    test.use({ emulatorConfig: {} });
    test('a session JWT or an expired refresh JWT does not authorise step-up', async ({ api }) => {
      const { loginId } = await api.newUser();
      const { sessionJwt, refreshJwt } = await api.signedIn(loginId);
      const loginOptions = { stepup: true };
      expectError(await api.signInSms(loginId, { loginOptions, authorization: api.refreshBearer(sessionJwt) }), 401, 'E011003');
      await api.moveClock(28 * 24 * 3600);
      expectError(await api.signInSms(loginId, { loginOptions, authorization: api.refreshBearer(refreshJwt) }), 401, 'E011003');
    });
  });
});

test('custom claims travel from loginOptions into the session JWT', async ({ api }) => {
  const { loginId } = await api.newUser();
  const body = await api.signedIn(loginId, { loginOptions: { customClaims: { plan: 'gold', seats: 3, beta: true, drn: 'forged' } } });
  const claims = claimsOf(body.sessionJwt);
  expect(claims).toMatchObject({ plan: 'gold', seats: 3, beta: true, drn: 'DS' });
});

test.describe('send throttle', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--send-throttle', '30'], dotenv: {} }) });
  test('a second send within the window gets 429 E130429 with Retry-After', async ({ api }) => {
    const { loginId } = await api.newUser();
    await api.sendCode(loginId);
    const exchange = await api.signInSms(loginId);
    expectError(exchange, 429, 'E130429');
    expect(Number(exchange.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(exchange.headers['retry-after']).toMatch(/^\d+$/);
    expect((await api.messages({ loginId })).length).toBe(1);
    await api.moveClock(30);
    expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
  });
});

test.describe('auth rate limit', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--rate-limit', '3'], dotenv: {} }) });
  test('past N auth requests a minute → 429 E130429 with Retry-After; management is not limited', async ({ api }) => {
    const { loginId } = await api.newUser();
    for (let i = 0; i < 3; i++) expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
    const limited = await api.verifySms(loginId, '000000');
    expectError(limited, 429, 'E130429');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await api.newUser();
    await api.moveClock(60);
    expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
  });
});

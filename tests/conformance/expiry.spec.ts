// Code expiry, driven by the emulator's clock so it takes milliseconds. Each test moves the clock of
// an emulator project of its own, so it runs beside every other test and disturbs none of them.
import { covers, observe } from '../../fixtures/requirements.ts';
import { errorSignature, expectError, expectSuccess } from '../../fixtures/exchange.ts';
import { expect, test, type CodeSource, type TestUser } from '../../fixtures/test.ts';
import type { DescopeApi } from '../../fixtures/client.ts';

/** Send a code by SMS and read its lifetime from the outbox: expiresAt - sentAt. */
async function sendCode(api: DescopeApi, user: TestUser, codes: CodeSource): Promise<{ code: string; lifetime: number }> {
  expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'VERIFY-EXPIRED-CODE-FAILS');
  const message = (await codes.sentTo(user)).at(-1)!;
  return { code: message.code, lifetime: message.expiresAt - message.sentAt };
}

test.use({ ownProject: true });

test('a code stops working once it expires', covers('VERIFY-EXPIRED-CODE-FAILS'), async ({ api, users, codes }) => {
  const user = await users.create();
  const { code, lifetime } = await sendCode(api, user, codes);
  expect(lifetime, '[VERIFY-EXPIRED-CODE-FAILS] the code has a lifetime of at least a minute').toBeGreaterThanOrEqual(60);
  await api.advanceClock(lifetime + 1);
  expectError(await api.verifySms(user.loginId, code), { requirement: 'VERIFY-EXPIRED-CODE-FAILS', status: '4xx' });
  await test.step('the outbox no longer counts it as valid', async () => {
    const message = (await codes.sentTo(user)).at(-1)!;
    expect(message.valid, '[VERIFY-EXPIRED-CODE-FAILS] outbox validity of the expired code').toBe(false);
  });
  await test.step('a new code works', async () => {
    const fresh = await sendCode(api, user, codes);
    expectSuccess(await api.verifySms(user.loginId, fresh.code), 'verify-sms-response', 'VERIFY-EXPIRED-CODE-FAILS');
  });
});

test('a code still works just before it expires', covers('VERIFY-EXPIRED-CODE-FAILS'), async ({ api, user, codes }) => {
  const { code, lifetime } = await sendCode(api, user, codes);
  await api.advanceClock(lifetime - 2);
  expectSuccess(await api.verifySms(user.loginId, code), 'verify-sms-response', 'VERIFY-EXPIRED-CODE-FAILS');
});

test('how long a code lives, and the error once it has expired', covers('CODE-EXPIRY', 'ERROR-EXPIRED-CODE'), async ({ api, users, codes, profile }) => {
  const early = await users.create();
  const late = await users.create();
  const earlyCode = await sendCode(api, early, codes);
  const lateCode = await sendCode(api, late, codes);
  // Observe the lifetime the target acts on, not only the one it announces: the code must work one
  // second before it and fail one second after it.
  await api.advanceClock(earlyCode.lifetime - 1);
  const before = await api.verifySms(early.loginId, earlyCode.code);
  await api.advanceClock(2);
  const after = await api.verifySms(late.loginId, lateCode.code);
  expect(before.status, '[CODE-EXPIRY] the code works a second before its announced expiry').toBe(200);
  expect(after.status, '[CODE-EXPIRY] the code fails a second after its announced expiry').not.toBe(200);
  observe('CODE-EXPIRY', earlyCode.lifetime, profile);
  observe('ERROR-EXPIRED-CODE', errorSignature(after), profile);
});

test('a code stops working within 10 minutes of being sent (ASVS 2.7.2)', covers('CODE-EXPIRY-WITHIN-10-MINUTES'), async ({ api, user, codes }) => {
  const { code } = await sendCode(api, user, codes);
  await api.advanceClock(600);
  expectError(await api.verifySms(user.loginId, code), { requirement: 'CODE-EXPIRY-WITHIN-10-MINUTES', status: '4xx' });
});

// Descope's core JS SDK (@descope/core-js-sdk, what the web SDK is built on) from Node against the
// same emulator: the steps of the example page without a browser, as a backend or a test harness
// would take them.
import createSdk from '@descope/core-js-sdk';
import { expect, PROJECT_ID, test, wrongCodeFor, type OutboxMessage, type User } from './harness.ts';

test("@descope/core-js-sdk from Node: sign-in, wrong code, verify, me, refresh, second sign-in, logout", async ({ exampleApp: app }) => {
  const phone = '+15555550102';
  const sdk = createSdk({ projectId: PROJECT_ID, baseUrl: app.emulator.url });
  let user!: User;
  let sms!: OutboxMessage;
  let refreshJwt!: string;

  await test.step('create a test user through the management API', async () => {
    user = await app.createTestUser(phone);
  });

  await test.step('otp.signIn.sms', async () => {
    const sent = await sdk.otp.signIn.sms(phone);
    expect(sent.ok, `signIn.sms should be ok: ${JSON.stringify(sent.error)}`).toBe(true);
    expect(sent.data?.maskedPhone, 'the masked phone shows the last four digits only').toMatch(/^\+\*+0102$/);
    sms = await app.pendingCode(phone);
  });

  await test.step('a wrong code: ok:false, error.errorCode E061102', async () => {
    const wrong = await sdk.otp.verify.sms(phone, wrongCodeFor(sms.code));
    expect(wrong.ok, 'verify with a wrong code should give ok:false').toBe(false);
    expect(wrong.error?.errorCode, `a wrong code should fail with E061102: ${JSON.stringify(wrong.error)}`).toBe('E061102');
  });

  await test.step('otp.verify.sms with the code from the outbox', async () => {
    const verified = await sdk.otp.verify.sms(phone, sms.code);
    expect(verified.ok, `verify should be ok: ${JSON.stringify(verified.error)}`).toBe(true);
    await app.expectValidSession(verified.data?.sessionJwt, user.userId, 'verify');
    expect(verified.data?.refreshJwt, 'verify should answer a refresh JWT').toBeTruthy();
    refreshJwt = verified.data!.refreshJwt!;
  });

  await test.step('me(refreshJwt) answers the user', async () => {
    const me = await sdk.me(refreshJwt);
    expect(me.ok, `me should be ok: ${JSON.stringify(me.error)}`).toBe(true);
    expect(me.data, 'me should answer the user object itself').toMatchObject({ userId: user.userId, loginIds: [phone], phone });
  });

  await test.step('refresh(refreshJwt) answers a valid session for the same user', async () => {
    const refreshed = await sdk.refresh(refreshJwt);
    expect(refreshed.ok, `refresh should be ok: ${JSON.stringify(refreshed.error)}`).toBe(true);
    await app.expectValidSession(refreshed.data?.sessionJwt, user.userId, 'refresh');
    expect(refreshed.data?.sessionExpiration, 'refresh should answer sessionExpiration').toBeGreaterThan(Date.now() / 1000);
  });

  await test.step('a second sign-in with the refresh JWT (Bearer projectId:refreshJwt), then verify', async () => {
    const sent = await sdk.otp.signIn.sms(phone, {}, refreshJwt);
    expect(sent.ok, `a sign-in carrying the refresh JWT should be ok: ${JSON.stringify(sent.error)}`).toBe(true);
    const second = await app.pendingCode(phone, sms);
    const verified = await sdk.otp.verify.sms(phone, second.code);
    expect(verified.ok, `verify of the second code should be ok: ${JSON.stringify(verified.error)}`).toBe(true);
    await app.expectValidSession(verified.data?.sessionJwt, user.userId, 'second verify');
    refreshJwt = verified.data!.refreshJwt!;
  });

  await test.step('logout(refreshJwt), then me and refresh with it fail with E064001', async () => {
    const out = await sdk.logout(refreshJwt);
    expect(out.ok, `logout should be ok: ${JSON.stringify(out.error)}`).toBe(true);
    const me = await sdk.me(refreshJwt);
    expect(me.ok, 'me after logout should give ok:false').toBe(false);
    expect(me.error?.errorCode, `me after logout should fail with E064001: ${JSON.stringify(me.error)}`).toBe('E064001');
    const refreshed = await sdk.refresh(refreshJwt);
    expect(refreshed.error?.errorCode, `refresh after logout should fail with E064001: ${JSON.stringify(refreshed.error)}`).toBe('E064001');
  });
});

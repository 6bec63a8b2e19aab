// The example app (examples/sms-sign-in) in Chromium, as an app team would run it: the page on an
// origin of its own, Descope's published web SDK (the UMD bundle, unmodified) calling the emulator
// on another origin with credentials; then the same page on an origin the emulator does not allow,
// which must fail in the browser and send nothing.
import { requireChromium } from '../../support/browser.ts';
import { ANSWER_TIMEOUT, expect, PROJECT_ID, test, wrongCodeFor, type OutboxMessage, type User } from './harness.ts';
import { act, callCount, expectCalls, lastCall, nextAuthorization, openPage, storage, watch } from './page.ts';

test.describe.configure({ timeout: 60_000 });

test.describe('in Chromium', () => {
  test.beforeEach(requireChromium);

  test('the example page signs in by SMS with the published web SDK, cross-origin with credentials', async ({ page, exampleApp: app }) => {
    const seen = watch(page);
    const phone = '+15555550101';
    let user!: User;
    let firstSms!: OutboxMessage;
    let refreshJwt!: string;

    await test.step(`open the page on its own origin (${app.pageServer.url}), the emulator on another (${app.emulator.url})`, async () => {
      expect(new URL(app.pageServer.url).origin, 'page and emulator should be on different origins').not.toBe(new URL(app.emulator.url).origin);
      await openPage(page, app.pageServer, app.emulator.url);
      expect(await lastCall(page, 'try-refresh'), 'try-refresh without a session should be ok').toMatchObject({ ok: true });
    });

    await test.step('create a test user through the management API (from Node)', async () => {
      user = await app.createTestUser(phone);
    });

    await test.step('send a code: otp.signIn.sms with the project bearer only', async () => {
      await page.getByLabel('Phone (or login ID)').fill(phone);
      const authorization = nextAuthorization(page, '/v1/auth/otp/signin/sms', 'POST');
      const sent = await act(page, 'otp.signIn.sms', () => page.getByRole('button', { name: 'Send code' }).click());
      expect(sent, 'otp.signIn.sms should resolve ok').toMatchObject({ ok: true, errorCode: '' });
      expect(await authorization, 'a sign-in before any session should send Bearer <projectId> alone').toBe(`Bearer ${PROJECT_ID}`);
      await expect(page.locator('#masked-phone'), 'the page should show the masked phone (the last four digits only)').toHaveText(/^\+\*+0101$/);
      firstSms = await app.pendingCode(phone);
    });

    await test.step('a wrong code: the SDK answers ok:false with E061102, and the page shows it', async () => {
      await page.getByLabel('Code', { exact: true }).fill(wrongCodeFor(firstSms.code));
      const wrong = await act(page, 'otp.verify.sms', () => page.getByRole('button', { name: 'Verify' }).click());
      expect(wrong, 'a wrong code should give ok:false with errorCode E061102').toMatchObject({ ok: false, errorCode: 'E061102' });
      await expect(page.locator('#error'), 'the page should show the errorCode and errorDescription').toHaveText(/^E061102: \S/);
      await expect(page.locator('#user')).toHaveText('nobody');
      expect(Object.keys(await storage(page)), 'a failed verify should store no session').not.toContain('DSR');
    });

    await test.step('verify the code read from the emulator outbox; me shows the user', async () => {
      await page.getByLabel('Code', { exact: true }).fill(firstSms.code);
      const verifiedCall = act(page, 'otp.verify.sms', () => page.getByRole('button', { name: 'Verify' }).click());
      expect(await verifiedCall, 'otp.verify.sms with the outbox code should resolve ok').toMatchObject({ ok: true });
      // The page calls me() after a successful verify.
      await expectCalls(page, 'me', 1, 'the page should call me() after verify');
      expect(await lastCall(page, 'me'), 'me() after verify should resolve ok').toMatchObject({ ok: true });
      await expect(page.locator('#user'), 'me() should show the signed-in user: name, login ID and user ID').toHaveText(`Example User (${phone}, ${user.userId})`);
      await expect(page.locator('#error')).toBeEmpty();
    });

    await test.step('the SDK stored the session: DS and DSR in localStorage, DSLI set', async () => {
      const stored = await storage(page);
      expect(Object.keys(stored), 'localStorage after verify').toEqual(expect.arrayContaining(['DS', 'DSR', 'DSLI']));
      await app.expectValidSession(stored.DS, user.userId, 'DS after verify');
      expect(stored.DSR, 'DSR should be a refresh JWT').toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(Number(stored.DSLI), 'DSLI should hold the sessionExpiration, in the future').toBeGreaterThan(Date.now() / 1000);
      refreshJwt = stored.DSR!;
    });

    await test.step('refresh: Bearer projectId:refreshJwt, a valid session token stored', async () => {
      const authorization = nextAuthorization(page, '/v1/auth/refresh', 'POST');
      const refreshed = await act(page, 'refresh', () => page.getByRole('button', { name: 'Refresh' }).click());
      expect(refreshed, 'sdk.refresh() should resolve ok').toMatchObject({ ok: true });
      expect(await authorization, 'refresh should send the stored refresh JWT in the bearer').toBe(`Bearer ${PROJECT_ID}:${refreshJwt}`);
      const stored = await storage(page);
      // A new session JWT, or the same one within the same second: either way it must verify and be the user's.
      await app.expectValidSession(stored.DS, user.userId, 'DS after refresh');
      expect(stored.DSR, 'refresh keeps the refresh JWT').toBe(refreshJwt);
      expect(stored.DSLI, 'DSLI stays set').toBeTruthy();
    });

    let secondSms!: OutboxMessage;
    await test.step('a second sign-in while signed in sends Bearer projectId:refreshJwt and works', async () => {
      const authorization = nextAuthorization(page, '/v1/auth/otp/signin/sms', 'POST');
      const sent = await act(page, 'otp.signIn.sms', () => page.getByRole('button', { name: 'Send code' }).click());
      expect(sent, 'a sign-in with a stored session should resolve ok (the emulator must not refuse the refresh JWT in the bearer)').toMatchObject({ ok: true });
      expect(await authorization, 'with persistTokens the SDK sends the stored refresh JWT on sign-in too').toBe(`Bearer ${PROJECT_ID}:${refreshJwt}`);
      secondSms = await app.pendingCode(phone, firstSms);
    });

    await test.step('verify the second code', async () => {
      await page.getByLabel('Code', { exact: true }).fill(secondSms.code);
      const mesBefore = await callCount(page, 'me');
      expect(await act(page, 'otp.verify.sms', () => page.getByRole('button', { name: 'Verify' }).click()), 'verify of the second code should resolve ok').toMatchObject({ ok: true });
      await expectCalls(page, 'me', mesBefore + 1, 'the page should call me() after verify');
      expect(await lastCall(page, 'me')).toMatchObject({ ok: true });
      const stored = await storage(page);
      await app.expectValidSession(stored.DS, user.userId, 'DS after the second verify');
      expect(stored.DSR, 'a refresh JWT should be stored').toBeTruthy();
      refreshJwt = stored.DSR!;
    });

    await test.step('log out: the SDK clears DS, DSR and DSLI', async () => {
      const authorization = nextAuthorization(page, '/v1/auth/logout', 'POST');
      expect(await act(page, 'logout', () => page.getByRole('button', { name: 'Log out' }).click()), 'sdk.logout() should resolve ok').toMatchObject({ ok: true });
      expect(await authorization, 'logout should send the refresh JWT it ends').toBe(`Bearer ${PROJECT_ID}:${refreshJwt}`);
      const keysLeft = Object.keys(await storage(page));
      for (const key of ['DS', 'DSR', 'DSLI']) expect(keysLeft, `localStorage should no longer hold ${key} after logout`).not.toContain(key);
      await expect(page.locator('#user')).toHaveText('nobody');
    });

    await test.step('me fails after logout: ok:false with a Descope errorCode, shown by the page', async () => {
      const me = await act(page, 'me', () => page.getByRole('button', { name: 'Who am I?' }).click());
      expect(me.ok, 'me() after logout should give ok:false').toBe(false);
      expect(me.errorCode, `me() after logout should carry a Descope errorCode (${me.text})`).toMatch(/^E\d{6}$/);
      await expect(page.locator('#error'), 'the page should show the errorCode').toHaveText(new RegExp(`^${me.errorCode}: \\S`));
      // The logged-out refresh JWT itself, presented explicitly: revoked (E064001, "token expired by logged out").
      const revoked = await page.evaluate(async (token) => {
        const answer = await (globalThis as any).sdk.me(token);
        return { ok: answer.ok as boolean, code: answer.code as number, errorCode: answer.error?.errorCode as string | undefined };
      }, refreshJwt);
      expect(revoked, 'me() with the logged-out refresh JWT should fail with E064001').toMatchObject({ ok: false, code: 401, errorCode: 'E064001' });
    });

    await test.step('no CORS error in the console, no failed request', async () => {
      expect(seen.corsErrors(), 'the browser console should show no CORS error').toEqual([]);
      expect(seen.failedRequests, 'no request should fail at the network level').toEqual([]);
      // Chromium logs each 4xx ("Failed to load resource"); anything else is unexpected.
      expect(seen.consoleErrors.filter((text) => !/Failed to load resource: the server responded with a status of 401/.test(text)), 'console errors other than the expected 401s').toEqual([]);
    });
  });

  test('a page on an origin not in --cors-origins cannot use the emulator', async ({ page, exampleApp: app }) => {
    const seen = watch(page);
    const phone = '+15555550103';
    await test.step(`open the same page on ${app.strangerServer.url}, not in --cors-origins`, async () => {
      expect(new URL(app.strangerServer.url).origin).not.toBe(new URL(app.pageServer.url).origin);
      await openPage(page, app.strangerServer, app.emulator.url);
      await app.createTestUser(phone);
    });

    await test.step('send a code: the SDK call rejects (no CORS grant), nothing reaches the emulator', async () => {
      await page.getByLabel('Phone (or login ID)').fill(phone);
      const sent = await act(page, 'otp.signIn.sms', () => page.getByRole('button', { name: 'Send code' }).click());
      expect(sent.ok, 'the sign-in from a disallowed origin should fail').toBe(false);
      expect(sent.errorCode, 'it should fail in the browser (a rejected fetch), not with a Descope error answer').toBe('');
      expect(sent.text, 'the SDK call should reject with a network/CORS failure').toMatch(/no answer TypeError: Failed to fetch/);
      await expect(page.locator('#error')).toHaveText(/Failed to fetch/);
      expect(await app.outbox(phone), 'the preflight was refused, so no SMS should have been sent').toEqual([]);
    });

    await test.step('the browser reports the CORS refusal', async () => {
      // Chromium logs "…has been blocked by CORS policy…" and reports the request as failed.
      await expect
        .poll(() => seen.corsErrors().length + seen.failedRequests.filter((line) => line.includes('/v1/auth/otp/signin/sms')).length, {
          message: 'the console should show a CORS error, or the sign-in request should be reported failed',
          timeout: ANSWER_TIMEOUT,
        })
        .toBeGreaterThan(0);
      test.info().annotations.push({ type: 'browser said', description: [...seen.corsErrors(), ...seen.failedRequests].join(' | ') });
    });
  });
});


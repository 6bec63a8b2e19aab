// POST /v1/auth/otp/verify/sms: the success body and tokens, single use, wrong codes, lockout, expiry.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { KeysResponse, MgmtUserResponse, VerifySmsResponse } from '../../../specs/schema-types.ts';
import { claimsOf, expect, expectBody, expectError, test } from './fixtures.ts';

test.describe('a good code', () => {
  test('answers tokens, cookie fields and the verified user', async ({ api }) => {
    const { loginId, phone, userId } = await api.newUser();
    const body = await api.signedIn(loginId);
    expect(body).toMatchObject({ cookieDomain: '', cookiePath: '/', cookieMaxAge: 2419200, firstSeen: true });
    expect(body.user).toMatchObject({ userId, phone, verifiedPhone: true, test: true });
    // The emulator's time is injected (fixtures.ts): the expiry is exact, however loaded the machine.
    expect(body.sessionExpiration).toBe(api.emulator.project.clock.nowSeconds() + 600);
    expect(body.cookieExpiration - body.sessionExpiration!).toBe(2419200 - 600);

    const session = claimsOf(body.sessionJwt);
    expect(session).toMatchObject({ drn: 'DS', sub: userId, iss: api.target.projectId, amr: ['sms'], tu: true });
    expect(session.exp).toBe(body.sessionExpiration);
    expect(Date.parse(session.rexp!) / 1000).toBe(body.cookieExpiration);
    const refresh = claimsOf(body.refreshJwt);
    expect(refresh).toMatchObject({ drn: 'DSR', sub: userId, exp: body.cookieExpiration });
  });

  test('tokens verify against the keys endpoint; header kid and alg match the key', async ({ api }) => {
    const { loginId } = await api.newUser();
    const body = await api.signedIn(loginId);
    const keys = expectBody<KeysResponse>(await api.keys(), 200, 'keys-response');
    const header = decodeProtectedHeader(body.sessionJwt);
    expect(header).toMatchObject({ alg: keys.keys[0].alg, kid: keys.keys[0].kid });
    const { projectId } = api.target;
    const jwks = createRemoteJWKSet(new URL(`${api.emulator.url}/v2/keys/${projectId}`));
    const { payload } = await jwtVerify(body.sessionJwt, jwks, { issuer: projectId });
    expect(payload.drn).toBe('DS');
    await jwtVerify(body.refreshJwt, jwks, { issuer: projectId });
  });

  test('verifiedPhone is stored; firstSeen is true only the first time', async ({ api }) => {
    const { loginId } = await api.newUser({ verifiedPhone: false });
    expect((await api.signedIn(loginId)).firstSeen).toBe(true);
    const loaded = expectBody<MgmtUserResponse>(await api.loadUser(loginId), 200, 'mgmt-user-response');
    expect(loaded.user.verifiedPhone).toBe(true);
    expect((await api.signedIn(loginId)).firstSeen).toBe(false);
  });

  test('a code is single use; a used code is a wrong code', async ({ api }) => {
    const { loginId } = await api.newUser();
    const code = await api.sendCode(loginId);
    expectBody(await api.verifySms(loginId, code), 200, 'verify-sms-response');
    expectError(await api.verifySms(loginId, code), 401, 'E061102');
    expect((await api.messages({ loginId }))[0]).toMatchObject({ state: 'used', valid: false });
  });

  test('a code with a leading zero is kept as text', async ({ api }) => {
    const { loginId } = await api.newUser();
    // Over 40 tries the chance of never seeing a leading zero is about 1.5 %: retry until one comes.
    for (let i = 0; i < 60; i++) {
      const code = await api.generateCode(loginId);
      if (code.startsWith('0')) {
        expect(code).toMatch(/^\d{6}$/);
        expectBody(await api.verifySms(loginId, code), 200, 'verify-sms-response');
        return;
      }
    }
    throw new Error('no code with a leading zero in 60 draws');
  });
});

test.describe('failures', () => {
  test('a wrong code → 401 E061102', async ({ api }) => {
    const { loginId } = await api.newUser();
    const code = await api.sendCode(loginId);
    const wrong = code === '000000' ? '000001' : '000000';
    expectError(await api.verifySms(loginId, wrong), 401, 'E061102');
    expectError(await api.verifySms(loginId, `${code}0`), 401, 'E061102');
    expectBody(await api.verifySms(loginId, code), 200, 'verify-sms-response');
  });

  test('no code ever sent → 401 E061102; unknown loginId → 400 E062108', async ({ api }) => {
    const { loginId } = await api.newUser();
    expectError(await api.verifySms(loginId, '123456'), 401, 'E061102');
    expectError(await api.verifySms('nobody@example.com', '123456'), 400, 'E062108');
  });

  test('after 5 wrong attempts even the right code → 401 E061103, until a new code', async ({ api }) => {
    const { loginId } = await api.newUser();
    const code = await api.sendCode(loginId);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 4; i++) expectError(await api.verifySms(loginId, wrong), 401, 'E061102');
    expect((await api.messages({ loginId })).at(-1)!.state).toBe('pending');
    expectError(await api.verifySms(loginId, wrong), 401, 'E061102');
    expect((await api.messages({ loginId })).at(-1)).toMatchObject({ state: 'locked', valid: false });
    expectError(await api.verifySms(loginId, code), 401, 'E061103');
    expectError(await api.verifySms(loginId, wrong), 401, 'E061103');

    const fresh = await api.sendCode(loginId);
    for (let i = 0; i < 4; i++) expectError(await api.verifySms(loginId, fresh === '999999' ? '999998' : '999999'), 401, 'E061102');
    expectBody(await api.verifySms(loginId, fresh), 200, 'verify-sms-response');
  });

  test('a management-generated code also resets the attempt count', async ({ api }) => {
    const { loginId } = await api.newUser();
    await api.sendCode(loginId);
    for (let i = 0; i < 5; i++) await api.verifySms(loginId, 'x');
    const generated = await api.generateCode(loginId);
    expectBody(await api.verifySms(loginId, generated), 200, 'verify-sms-response');
  });
});

test.describe('expiry, driven by the emulator clock', () => {
  test.use({ emulatorConfig: {} });

  test('a code is good for 179 s and expired at 180 s → 401 E061104', async ({ api }) => {
    const { loginId } = await api.newUser();
    const early = await api.sendCode(loginId);
    await api.moveClock(179);
    expectBody(await api.verifySms(loginId, early), 200, 'verify-sms-response');

    const late = await api.sendCode(loginId);
    await api.moveClock(180);
    expect((await api.messages({ loginId })).at(-1)).toMatchObject({ state: 'expired', valid: false });
    expectError(await api.verifySms(loginId, late), 401, 'E061104');
    const wrong = late === '111111' ? '111112' : '111111';
    expectError(await api.verifySms(loginId, wrong), 401, 'E061102');
  });

  test('tokens are stamped with the emulator clock', async ({ api }) => {
    const { loginId } = await api.newUser();
    const { now } = await api.moveClock(3600);
    const body: VerifySmsResponse = await api.signedIn(loginId);
    expect(claimsOf(body.sessionJwt).iat).toBeGreaterThanOrEqual(now);
    expect(body.sessionExpiration).toBeGreaterThanOrEqual(now + 600);
  });
});

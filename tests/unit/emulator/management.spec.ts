// Management endpoints, the keys endpoint and their auth.
import { loadConfig } from '../../../emulator/config.ts';
import type { MgmtUserResponse, MgmtUsersResponse, VerifySmsResponse } from '../../../specs/schema-types.ts';
import { expect, expectBody, expectError, test } from './fixtures.ts';

const CREATE = '/v1/mgmt/user/create/test';
const GENERATE = '/v1/mgmt/tests/generate/otp';
const SEARCH = '/v2/mgmt/user/search/test';
/** Deliberately malformed requests: the test checks the answer itself. */
const odd = { uncheckedExchange: true } as const;

test.describe('management auth', () => {
  for (const [name, header] of [
    ['no header', null],
    ['project only', 'Bearer P2EMU1ATORC0NF0RMANCE0000001'],
    ['wrong key', 'Bearer P2EMU1ATORC0NF0RMANCE0000001:K2wrong'],
    ['another project', 'Bearer P2OTHERPROJECT00000000000001:K2emulator-management-key-not-a-secret'],
    ['not Bearer', 'Token P2EMU1ATORC0NF0RMANCE0000001:K2emulator-management-key-not-a-secret'],
  ] as const) {
    test(`${name} → 401 E011003 on every management route`, async ({ api }) => {
      const calls = [
        api.send('POST', CREATE, { json: { loginId: 'x' }, authorization: header }),
        api.send('POST', GENERATE, { json: { loginId: 'x', deliveryMethod: 'sms' }, authorization: header }),
        api.send('GET', '/v1/mgmt/user?loginId=x', { authorization: header }),
        api.send('POST', '/v1/mgmt/user/delete', { json: { loginId: 'x' }, authorization: header }),
        api.send('DELETE', '/v1/mgmt/user/test/delete/all', { authorization: header }),
        api.send('POST', SEARCH, { json: {}, authorization: header }),
        api.send('GET', '/v1/mgmt/license', { authorization: header }),
      ];
      for (const exchange of await Promise.all(calls)) expectError(exchange, 401, 'E011003');
    });
  }
});

test.describe('test users', () => {
  test('create answers the user with test: true; identifier/displayName aliases work', async ({ api }) => {
    const phone = api.newPhone();
    const created = expectBody<MgmtUserResponse>(await api.management('POST', CREATE, {
      json: { identifier: `alias-${phone}`, phone, displayName: 'Shown Name', roleNames: null, customAttributes: null },
    }), 200, 'mgmt-user-response');
    expect(created.user).toMatchObject({ loginIds: [`alias-${phone}`], name: 'Shown Name', phone, test: true });
    expect(created.user.userId).toMatch(/^U[A-Za-z0-9]{27}$/);
  });

  test('a duplicate loginId → 409 E011004', async ({ api }) => {
    const { loginId } = await api.newUser();
    expectError(await api.management('POST', CREATE, { json: { loginId } }), 409, 'E011004');
  });

  test('missing loginId → 400 E011002; a bad phone → 400 E011003', async ({ api }) => {
    const post = (json: unknown) => api.management('POST', CREATE, { json, ...odd });
    expectError(await post({ phone: api.newPhone() }), 400, 'E011002');
    expectError(await post({ loginId: 'bad-phone', phone: '555-1234' }), 400, 'E011003');
  });

  test('load → {user}; unknown → 404 E112102; missing query → 400 E011002', async ({ api }) => {
    const { loginId, userId } = await api.newUser();
    const loaded = expectBody<MgmtUserResponse>(await api.loadUser(loginId), 200, 'mgmt-user-response');
    expect(loaded.user.userId).toBe(userId);
    expectError(await api.loadUser('ghost'), 404, 'E112102');
    expectError(await api.management('GET', '/v1/mgmt/user', odd), 400, 'E011002');
  });

  test('delete is idempotent and the user is gone', async ({ api }) => {
    const { loginId } = await api.newUser();
    expect(expectBody(await api.deleteUser(loginId), 200, 'empty')).toEqual({});
    expect(expectBody(await api.deleteUser(loginId), 200, 'empty')).toEqual({});
    expectError(await api.signInSms(loginId), 400, 'E062108');
  });

  test('search: text matches a loginId substring; loginIds, limit and page', async ({ api }) => {
    const marker = `srch${Date.now()}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await api.newUser({ loginId: `${marker}-${i}@example.com` }));
    const search = async (json: unknown) => expectBody<MgmtUsersResponse>(await api.management('POST', SEARCH, { json }), 200, 'mgmt-users-response');
    expect((await search({ text: marker.toUpperCase() })).total).toBe(3);
    expect((await search({ loginIds: [made[1]!.loginId] })).users.map((u) => u.loginIds[0])).toEqual([made[1]!.loginId]);
    const page = await search({ text: marker, limit: 2, page: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.users.map((u) => u.loginIds[0])).toEqual([made[2]!.loginId]);
    expectError(await api.management('POST', SEARCH, { json: { limit: -1 }, ...odd }), 400, 'E011003');
  });

  test('license answers a rate-limit tier', async ({ api }) => {
    expect(expectBody(await api.license(), 200, 'mgmt-license-response')).toEqual({ rateLimitTier: 'emulator' });
  });
});

test.describe('generate OTP', () => {
  test('unknown user → 404 E112102; ordinary user → 400 E011004; non-sms → 400 E011003', async ({ api }) => {
    expectError(await api.generateSmsCode('ghost'), 404, 'E112102');
    const phone = api.newPhone();
    expectBody(await api.seedUsers([{ loginId: `plain-${phone}`, phone }]), 200, 'mgmt-users-response');
    expectError(await api.generateSmsCode(`plain-${phone}`), 400, 'E011004');
    const { loginId } = await api.newUser();
    expectError(await api.management('POST', GENERATE, { json: { loginId, deliveryMethod: 'email' } }), 400, 'E011003');
    expectError(await api.management('POST', GENERATE, { json: { loginId }, ...odd }), 400, 'E011002');
  });

  test('the generated code carries custom claims and is answered, not sent', async ({ api }) => {
    const { loginId } = await api.newUser();
    const code = await api.generateCode(loginId, { customClaims: { tier: 'x' } });
    expect(await api.messages({ loginId })).toEqual([]);
    const body = expectBody<VerifySmsResponse>(await api.verifySms(loginId, code), 200, 'verify-sms-response');
    expect(JSON.parse(Buffer.from(body.sessionJwt.split('.')[1]!, 'base64url').toString()).tier).toBe('x');
  });
});

test.describe('an emulator of its own', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--test-user-cap', '2'], dotenv: {} }) });

  test('over the test-user cap → 400 E111111 mentioning E013002; delete/all frees the cap, keeps ordinary users', async ({ api }) => {
    await api.newUser();
    await api.newUser();
    const over = expectError(await api.management('POST', CREATE, { json: { loginId: 'third' } }), 400, 'E111111');
    expect(over.errorMessage).toContain('E013002');
    expectBody(await api.seedUsers([{ loginId: 'keeper', phone: '+15550001111' }]), 200, 'mgmt-users-response');
    expect(expectBody(await api.management('DELETE', '/v1/mgmt/user/test/delete/all'), 200, 'empty')).toEqual({});
    const left = expectBody<MgmtUsersResponse>(await api.management('POST', SEARCH, { json: {} }), 200, 'mgmt-users-response');
    expect(left.total).toBe(0);
    expectBody(await api.signInSms('keeper'), 200, 'signin-sms-response');
    await api.newUser();
  });
});

test('keys: unknown project → 400 E011003', async ({ api }) => {
  expectError(await api.keys('P2OTHERPROJECT00000000000001'), 400, 'E011003');
});

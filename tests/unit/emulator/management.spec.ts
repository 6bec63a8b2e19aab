// Management endpoints, the keys endpoint and their auth.
import { loadConfig } from '../../../emulator/config.ts';
import { expect, expectBody, expectError, test, uniquePhone } from './fixtures.ts';

type UserBody = { user: { userId: string; loginIds: string[]; name: string; phone: string; test: boolean } };

test.describe('management auth', () => {
  for (const [name, header] of [
    ['no header', undefined],
    ['project only', 'Bearer P2EMU1ATORC0NF0RMANCE0000001'],
    ['wrong key', 'Bearer P2EMU1ATORC0NF0RMANCE0000001:K2wrong'],
    ['another project', 'Bearer P2OTHERPROJECT00000000000001:K2emulator-management-key-not-a-secret'],
    ['not Bearer', 'Token P2EMU1ATORC0NF0RMANCE0000001:K2emulator-management-key-not-a-secret'],
  ] as const) {
    test(`${name} → 401 E011003 on every management route`, async ({ api }) => {
      const headers: Record<string, string> = header ? { authorization: header } : {};
      const calls = [
        api.http.post('/v1/mgmt/user/create/test', { data: { loginId: 'x' }, headers }),
        api.http.post('/v1/mgmt/tests/generate/otp', { data: { loginId: 'x', deliveryMethod: 'sms' }, headers }),
        api.http.get('/v1/mgmt/user', { params: { loginId: 'x' }, headers }),
        api.http.post('/v1/mgmt/user/delete', { data: { loginId: 'x' }, headers }),
        api.http.delete('/v1/mgmt/user/test/delete/all', { headers }),
        api.http.post('/v2/mgmt/user/search/test', { data: {}, headers }),
        api.http.get('/v1/mgmt/license', { headers }),
      ];
      for (const response of await Promise.all(calls)) await expectError(response, 401, 'E011003');
    });
  }
});

test.describe('test users', () => {
  test('create answers the user with test: true; identifier/displayName aliases work', async ({ api }) => {
    const phone = uniquePhone();
    const created = await expectBody<UserBody>(await api.http.post('/v1/mgmt/user/create/test', {
      data: { identifier: `alias-${phone}`, phone, displayName: 'Shown Name', roleNames: null, customAttributes: null },
      headers: api.managementAuth,
    }), 200, 'mgmt-user-response');
    expect(created.user).toMatchObject({ loginIds: [`alias-${phone}`], name: 'Shown Name', phone, test: true });
    expect(created.user.userId).toMatch(/^U[A-Za-z0-9]{27}$/);
  });

  test('a duplicate loginId → 409 E011004', async ({ api }) => {
    const { loginId } = await api.createTestUser();
    const again = await api.http.post('/v1/mgmt/user/create/test', { data: { loginId }, headers: api.managementAuth });
    await expectError(again, 409, 'E011004');
  });

  test('missing loginId → 400 E011002; a bad phone → 400 E011003', async ({ api }) => {
    const post = (data: unknown) => api.http.post('/v1/mgmt/user/create/test', { data, headers: api.managementAuth });
    await expectError(await post({ phone: uniquePhone() }), 400, 'E011002');
    await expectError(await post({ loginId: 'bad-phone', phone: '555-1234' }), 400, 'E011003');
  });

  test('load → {user}; unknown → 404 E112102; missing query → 400 E011002', async ({ api }) => {
    const { loginId, userId } = await api.createTestUser();
    const loaded = await expectBody<UserBody>(await api.http.get('/v1/mgmt/user', { params: { loginId }, headers: api.managementAuth }), 200, 'mgmt-user-response');
    expect(loaded.user.userId).toBe(userId);
    await expectError(await api.http.get('/v1/mgmt/user', { params: { loginId: 'ghost' }, headers: api.managementAuth }), 404, 'E112102');
    await expectError(await api.http.get('/v1/mgmt/user', { headers: api.managementAuth }), 400, 'E011002');
  });

  test('delete is idempotent and the user is gone', async ({ api }) => {
    const { loginId } = await api.createTestUser();
    const del = () => api.http.post('/v1/mgmt/user/delete', { data: { loginId }, headers: api.managementAuth });
    expect(await expectBody(await del(), 200, 'empty')).toEqual({});
    expect(await expectBody(await del(), 200, 'empty')).toEqual({});
    await expectError(await api.signIn(loginId), 400, 'E062108');
  });

  test('search: text matches a loginId substring; loginIds, limit and page', async ({ api }) => {
    const marker = `srch${Date.now()}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await api.createTestUser({ loginId: `${marker}-${i}@example.com` }));
    const search = async (data: unknown) =>
      expectBody<{ users: { loginIds: string[] }[]; total: number }>(
        await api.http.post('/v2/mgmt/user/search/test', { data, headers: api.managementAuth }), 200, 'mgmt-users-response');
    expect((await search({ text: marker.toUpperCase() })).total).toBe(3);
    expect((await search({ loginIds: [made[1]!.loginId] })).users.map((u) => u.loginIds[0])).toEqual([made[1]!.loginId]);
    const page = await search({ text: marker, limit: 2, page: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.users.map((u) => u.loginIds[0])).toEqual([made[2]!.loginId]);
    await expectError(await api.http.post('/v2/mgmt/user/search/test', { data: { limit: -1 }, headers: api.managementAuth }), 400, 'E011003');
  });

  test('license answers a rate-limit tier', async ({ api }) => {
    const body = await expectBody(await api.http.get('/v1/mgmt/license', { headers: api.managementAuth }), 200, 'mgmt-license-response');
    expect(body).toEqual({ rateLimitTier: 'emulator' });
  });
});

test.describe('generate OTP', () => {
  test('unknown user → 404 E112102; ordinary user → 400 E011004; non-sms → 400 E011003', async ({ api }) => {
    const post = (data: unknown) => api.http.post('/v1/mgmt/tests/generate/otp', { data, headers: api.managementAuth });
    await expectError(await post({ loginId: 'ghost', deliveryMethod: 'sms' }), 404, 'E112102');
    const phone = uniquePhone();
    await expectBody(await api.http.post('/emulator/v1/users', { data: { users: [{ loginId: `plain-${phone}`, phone }] } }), 200, 'mgmt-users-response');
    await expectError(await post({ loginId: `plain-${phone}`, deliveryMethod: 'sms' }), 400, 'E011004');
    const { loginId } = await api.createTestUser();
    await expectError(await post({ loginId, deliveryMethod: 'email' }), 400, 'E011003');
    await expectError(await post({ loginId }), 400, 'E011002');
  });

  test('the generated code carries custom claims and is answered, not sent', async ({ api }) => {
    const { loginId } = await api.createTestUser();
    const code = await api.generateCode(loginId, { customClaims: { tier: 'x' } });
    expect(await api.outbox({ loginId })).toEqual([]);
    const body = await expectBody<{ sessionJwt: string }>(await api.verify(loginId, code), 200, 'verify-sms-response');
    expect(JSON.parse(Buffer.from(body.sessionJwt.split('.')[1]!, 'base64url').toString()).tier).toBe('x');
  });
});

test.describe('an emulator of its own', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--test-user-cap', '2'], dotenv: {} }) });

  test('over the test-user cap → 400 E111111 mentioning E013002; delete/all frees the cap, keeps ordinary users', async ({ api }) => {
    await api.createTestUser();
    await api.createTestUser();
    const over = await expectError(await api.http.post('/v1/mgmt/user/create/test', { data: { loginId: 'third' }, headers: api.managementAuth }), 400, 'E111111');
    expect(over.errorMessage).toContain('E013002');
    await expectBody(await api.http.post('/emulator/v1/users', { data: { users: [{ loginId: 'keeper', phone: '+15550001111' }] } }), 200, 'mgmt-users-response');
    expect(await expectBody(await api.http.delete('/v1/mgmt/user/test/delete/all', { headers: api.managementAuth }), 200, 'empty')).toEqual({});
    const left = await expectBody<{ total: number }>(await api.http.post('/v2/mgmt/user/search/test', { data: {}, headers: api.managementAuth }), 200, 'mgmt-users-response');
    expect(left.total).toBe(0);
    await expectBody(await api.signIn('keeper'), 200, 'signin-sms-response');
    await api.createTestUser();
  });
});

test('keys: unknown project → 400 E011003', async ({ api }) => {
  await expectError(await api.http.get('/v2/keys/P2OTHERPROJECT00000000000001'), 400, 'E011003');
});

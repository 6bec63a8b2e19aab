// The control endpoints under /emulator/v1, and --no-control hiding them.
import { loadConfig } from '../../../emulator/config.ts';
import { expect, expectBody, expectError, test } from './fixtures.ts';

test.describe('with an emulator of its own', () => {
  test.use({ emulatorConfig: {} });

  test('outbox: newest last, filtered by phone or loginId, cleared by DELETE', async ({ api }) => {
    const a = await api.createTestUser();
    const b = await api.createTestUser();
    await api.sendCode(a.loginId);
    await api.sendCode(b.loginId);
    await api.sendCode(a.loginId);
    expect((await api.outbox()).map((m) => m.loginId)).toEqual([a.loginId, b.loginId, a.loginId]);
    expect((await api.outbox({ phone: b.phone })).map((m) => m.loginId)).toEqual([b.loginId]);
    expect((await api.outbox({ loginId: a.loginId, phone: a.phone })).length).toBe(2);
    expect(await api.outbox({ phone: '+19999999999' })).toEqual([]);
    expect(await expectBody(await api.http.delete('/emulator/v1/outbox'), 200, 'empty')).toEqual({});
    expect(await api.outbox()).toEqual([]);
  });

  test('reset empties users, codes, outbox and clock but keeps the signing key', async ({ api }) => {
    const keysBefore = await (await api.http.get(`/v2/keys/${api.projectId}`)).json();
    const { loginId } = await api.createTestUser();
    const code = await api.sendCode(loginId);
    await api.advanceClock(100);
    expect(await expectBody(await api.http.post('/emulator/v1/reset'), 200, 'empty')).toEqual({});
    expect(await api.outbox()).toEqual([]);
    const clock = await expectBody(await api.http.get('/emulator/v1/clock'), 200, 'emulator/clock', '/$defs/state');
    expect(clock.offsetSeconds).toBe(0);
    await expectError(await api.verify(loginId, code), 400, 'E062108');
    expect(await (await api.http.get(`/v2/keys/${api.projectId}`)).json()).toEqual(keysBefore);
  });

  test('clock: GET and POST answer {now, offsetSeconds}; it only moves forward', async ({ api }) => {
    const before = await expectBody<{ now: number; offsetSeconds: number }>(await api.http.get('/emulator/v1/clock'), 200, 'emulator/clock', '/$defs/state');
    expect(before.now).toBe(api.emulator.project.clock.nowSeconds());
    const after = await api.advanceClock(90);
    expect(after.offsetSeconds).toBe(90);
    expect(after.now - before.now).toBeGreaterThanOrEqual(90);
    const post = (data: unknown) => api.http.post('/emulator/v1/clock', { data });
    await expectError(await post({ advanceSeconds: -5 }), 400, 'E011003');
    await expectError(await post({ advanceSeconds: 'soon' }), 400, 'E011003');
    await expectError(await post({}), 400, 'E011002');
  });

  test('users: seeds ordinary users; a duplicate seeds none', async ({ api }) => {
    const seeded = await expectBody<{ users: { test: boolean; loginIds: string[] }[] }>(await api.http.post('/emulator/v1/users', {
      data: { users: [{ loginId: 'seed-1', phone: '+15550002001', name: 'One' }, { loginId: 'seed-2' }] },
    }), 200, 'mgmt-users-response');
    expect(seeded.users.map((u) => [u.loginIds[0], u.test])).toEqual([['seed-1', false], ['seed-2', false]]);
    await expectError(await api.http.post('/emulator/v1/users', { data: { users: [{ loginId: 'seed-3' }, { loginId: 'seed-1' }] } }), 409, 'E011004');
    await expectError(await api.signIn('seed-3'), 400, 'E062108');
    await expectError(await api.http.post('/emulator/v1/users', { data: { users: [{ loginId: 'x', extra: 1 }] } }), 400, 'E011003');
    await expectError(await api.http.post('/emulator/v1/users', { data: {} }), 400, 'E011002');
  });

  test('faults: listed with kind and state; switched on with options; unknown names refused; DELETE clears', async ({ api }) => {
    const list = await expectBody<{ faults: { name: string; active: boolean; kind: string }[] }>(await api.http.get('/emulator/v1/faults'), 200, 'emulator/faults', '/$defs/list');
    expect(list.faults.length).toBeGreaterThanOrEqual(17);
    expect(list.faults.filter((fault) => fault.active)).toEqual([]);
    const on = await expectBody<{ faults: { name: string; active: boolean; options?: object }[] }>(
      await api.http.post('/emulator/v1/faults', { data: { name: 'latency', ms: 1 } }), 200, 'emulator/faults', '/$defs/list');
    expect(on.faults.find((fault) => fault.name === 'latency')).toMatchObject({ active: true, options: { ms: 1 } });
    await expectError(await api.http.post('/emulator/v1/faults', { data: { name: 'no-such-fault' } }), 400, 'E011003');
    await expectError(await api.http.post('/emulator/v1/faults', { data: {} }), 400, 'E011002');
    const off = await expectBody<{ faults: { active: boolean }[] }>(await api.http.delete('/emulator/v1/faults/latency'), 200, 'emulator/faults', '/$defs/list');
    expect(off.faults.filter((fault) => fault.active)).toEqual([]);
    await api.http.post('/emulator/v1/faults', { data: { name: 'reusable-codes' } });
    const cleared = await expectBody<{ faults: { active: boolean }[] }>(await api.http.delete('/emulator/v1/faults'), 200, 'emulator/faults', '/$defs/list');
    expect(cleared.faults.filter((fault) => fault.active)).toEqual([]);
  });

  test('profile: the default profile, valid against its schema', async ({ api }) => {
    const profile = await expectBody<{ name: string; code: Record<string, unknown>; errors: Record<string, unknown> }>(
      await api.http.get('/emulator/v1/profile'), 200, 'emulator/profile');
    expect(profile.name).toBe('emulator-default');
    expect(profile.code).toEqual({ length: 6, expirySeconds: 180, maxWrongAttempts: 5, signInReplacesGeneratedCode: false });
    expect(profile.errors.wrongCode).toEqual({ errorCode: 'E061102', status: 401 });
    expect(profile.errors.userHasNoPhone).toEqual({ errorCode: 'E011004', status: 400 });
  });
});

test.describe('flag overrides', () => {
  test.use({
    emulatorConfig: loadConfig({
      argv: ['--code-expiry', '60', '--max-attempts', '2', '--session-ttl', '30', '--refresh-ttl', '3600', '--outbox-size', '3'],
      dotenv: {},
    }),
  });

  test('show in the profile and in behaviour', async ({ api }) => {
    const profile = await expectBody<{ code: { expirySeconds: number; maxWrongAttempts: number }; tokens: unknown }>(
      await api.http.get('/emulator/v1/profile'), 200, 'emulator/profile');
    expect(profile.code).toMatchObject({ expirySeconds: 60, maxWrongAttempts: 2 });
    expect(profile.tokens).toEqual({ sessionSeconds: 30, refreshSeconds: 3600 });

    const { loginId } = await api.createTestUser();
    const code = await api.sendCode(loginId);
    expect((await api.outbox()).at(-1)!.expiresAt - (await api.outbox()).at(-1)!.sentAt).toBe(60);
    await api.verify(loginId, 'nope');
    await api.verify(loginId, 'nope');
    await expectError(await api.verify(loginId, code), 401, 'E061103');
    const body = await api.signedIn(loginId);
    expect(body.cookieMaxAge).toBe(3600);
    expect(body.sessionExpiration).toBe(api.emulator.project.clock.nowSeconds() + 30);
  });

  test('the outbox is a ring: past its size the oldest message goes', async ({ api }) => {
    const { loginId } = await api.createTestUser();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await api.sendCode(loginId));
    const messages = await api.outbox();
    expect(messages.length).toBe(3);
    expect(messages.map((m) => m.code)).toEqual(codes.slice(2));
  });
});

test.describe('--no-control', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--no-control'], dotenv: {} }) });

  test('hides /emulator/v1 entirely: 404 JSON like any unknown route', async ({ api }) => {
    for (const [method, path] of [['GET', 'outbox'], ['POST', 'reset'], ['GET', 'clock'], ['GET', 'profile'], ['GET', 'faults'], ['POST', 'users']]) {
      await expectError(await api.http.fetch(`/emulator/v1/${path}`, { method, data: method === 'POST' ? {} : undefined }), 404, 'E011001');
    }
    const { loginId } = await api.createTestUser();
    await expectBody(await api.signIn(loginId), 200, 'signin-sms-response');
  });
});

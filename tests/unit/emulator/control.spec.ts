// The control endpoints under /emulator/v1, and --no-control hiding them.
import { loadConfig } from '../../../emulator/config.ts';
import type { ClockState, FaultList, MgmtUsersResponse, Profile } from '../../../specs/schema-types.ts';
import { expect, expectBody, expectError, test } from './fixtures.ts';

test.describe('with an emulator of its own', () => {
  test.use({ emulatorConfig: {} });

  test('outbox: newest last, filtered by phone or loginId, cleared by DELETE', async ({ api }) => {
    const a = await api.newUser();
    const b = await api.newUser();
    await api.sendCode(a.loginId);
    await api.sendCode(b.loginId);
    await api.sendCode(a.loginId);
    expect((await api.messages()).map((m) => m.loginId)).toEqual([a.loginId, b.loginId, a.loginId]);
    expect((await api.messages({ phone: b.phone })).map((m) => m.loginId)).toEqual([b.loginId]);
    expect((await api.messages({ loginId: a.loginId, phone: a.phone })).length).toBe(2);
    expect(await api.messages({ phone: '+19999999999' })).toEqual([]);
    expect(expectBody(await api.control('DELETE', '/outbox'), 200, 'empty')).toEqual({});
    expect(await api.messages()).toEqual([]);
  });

  test('reset empties users, codes, outbox and clock but keeps the signing key', async ({ api }) => {
    const keysBefore = (await api.keys()).body;
    const { loginId } = await api.newUser();
    const code = await api.sendCode(loginId);
    await api.moveClock(100);
    expect(expectBody(await api.control('POST', '/reset'), 200, 'empty')).toEqual({});
    expect(await api.messages()).toEqual([]);
    const clock = expectBody<ClockState>(await api.control('GET', '/clock'), 200, 'emulator/clock', '/$defs/state');
    expect(clock.offsetSeconds).toBe(0);
    expectError(await api.verifySms(loginId, code), 400, 'E062108');
    expect((await api.keys()).body).toEqual(keysBefore);
  });

  test('clock: GET and POST answer {now, offsetSeconds}; it only moves forward', async ({ api }) => {
    const before = expectBody<ClockState>(await api.control('GET', '/clock'), 200, 'emulator/clock', '/$defs/state');
    expect(before.now).toBe(api.emulator.project.clock.nowSeconds());
    const after = await api.moveClock(90);
    expect(after.offsetSeconds).toBe(90);
    expect(after.now - before.now).toBeGreaterThanOrEqual(90);
    const post = (json: unknown) => api.control('POST', '/clock', { json, uncheckedExchange: true });
    expectError(await post({ advanceSeconds: -5 }), 400, 'E011003');
    expectError(await post({ advanceSeconds: 'soon' }), 400, 'E011003');
    expectError(await post({}), 400, 'E011002');
  });

  test('users: seeds ordinary users; a duplicate seeds none', async ({ api }) => {
    const seeded = expectBody<MgmtUsersResponse>(await api.seedUsers([{ loginId: 'seed-1', phone: '+15550002001', name: 'One' }, { loginId: 'seed-2' }]), 200, 'mgmt-users-response');
    expect(seeded.users.map((u) => [u.loginIds[0], u.test])).toEqual([['seed-1', false], ['seed-2', false]]);
    expectError(await api.seedUsers([{ loginId: 'seed-3' }, { loginId: 'seed-1' }]), 409, 'E011004');
    expectError(await api.signInSms('seed-3'), 400, 'E062108');
    expectError(await api.control('POST', '/users', { json: { users: [{ loginId: 'x', extra: 1 }] }, uncheckedExchange: true }), 400, 'E011003');
    expectError(await api.control('POST', '/users', { json: {}, uncheckedExchange: true }), 400, 'E011002');
  });

  test('faults: listed with kind and state; switched on with options; unknown names refused; DELETE clears', async ({ api }) => {
    const faults = async (method: string, path: string, json?: unknown) =>
      expectBody<FaultList>(await api.control(method, path, { json }), 200, 'emulator/faults', '/$defs/list').faults;
    const list = await faults('GET', '/faults');
    expect(list.length).toBeGreaterThanOrEqual(17);
    expect(list.filter((fault) => fault.active)).toEqual([]);
    const on = await faults('POST', '/faults', { name: 'latency', ms: 1 });
    expect(on.find((fault) => fault.name === 'latency')).toMatchObject({ active: true, options: { ms: 1 } });
    expectError(await api.control('POST', '/faults', { json: { name: 'no-such-fault' }, uncheckedExchange: true }), 400, 'E011003');
    expectError(await api.control('POST', '/faults', { json: {}, uncheckedExchange: true }), 400, 'E011002');
    const off = await faults('DELETE', '/faults/latency');
    expect(off.filter((fault) => fault.active)).toEqual([]);
    await api.control('POST', '/faults', { json: { name: 'reusable-codes' } });
    const cleared = await faults('DELETE', '/faults');
    expect(cleared.filter((fault) => fault.active)).toEqual([]);
  });

  test('profile: the default profile, valid against its schema', async ({ api }) => {
    const profile = expectBody<Profile>(await api.profile(), 200, 'emulator/profile');
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
    const profile = expectBody<Profile>(await api.profile(), 200, 'emulator/profile');
    expect(profile.code).toMatchObject({ expirySeconds: 60, maxWrongAttempts: 2 });
    expect(profile.tokens).toEqual({ sessionSeconds: 30, refreshSeconds: 3600 });

    const { loginId } = await api.newUser();
    const code = await api.sendCode(loginId);
    expect((await api.messages()).at(-1)!.expiresAt - (await api.messages()).at(-1)!.sentAt).toBe(60);
    await api.verifySms(loginId, 'nope');
    await api.verifySms(loginId, 'nope');
    expectError(await api.verifySms(loginId, code), 401, 'E061103');
    const body = await api.signedIn(loginId);
    expect(body.cookieMaxAge).toBe(3600);
    expect(body.sessionExpiration).toBe(api.emulator.project.clock.nowSeconds() + 30);
  });

  test('the outbox is a ring: past its size the oldest message goes', async ({ api }) => {
    const { loginId } = await api.newUser();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await api.sendCode(loginId));
    const messages = await api.messages();
    expect(messages.length).toBe(3);
    expect(messages.map((m) => m.code)).toEqual(codes.slice(2));
  });
});

test.describe('--no-control', () => {
  test.use({ emulatorConfig: loadConfig({ argv: ['--no-control'], dotenv: {} }) });

  test('hides /emulator/v1 entirely: 404 JSON like any unknown route', async ({ api }) => {
    for (const [method, path] of [['GET', '/outbox'], ['POST', '/reset'], ['GET', '/clock'], ['GET', '/profile'], ['GET', '/faults'], ['POST', '/users']] as const) {
      expectError(await api.control(method, path, { json: method === 'POST' ? {} : undefined }), 404, 'E011001');
    }
    const { loginId } = await api.newUser();
    expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
  });
});

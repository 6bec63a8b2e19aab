// Faults. The outside-world ones are features for users' own tests, so they are tested here for
// what they do; the infidelity ones are proven by `npm run mutation` (the conformance suite must
// catch each), and here only for switching on and off cleanly.
import { FAULT_LIST } from '../../../emulator/faults.ts';
import { catalogue } from '../../../specs/catalogue.ts';
import { SIGNIN_PATH } from '../../../fixtures/raw-requests.ts';
import type { DescopeErrorBody, FaultList } from '../../../specs/schema-types.ts';
import { EmulatorClient, expect, expectBody, expectError, test } from './fixtures.ts';

test.use({ emulatorConfig: {} });

test('every fault is documented in one line and has a kind; every infidelity names the requirements it breaks', () => {
  const ids = new Set(catalogue.requirements.map((r) => r.id));
  for (const fault of FAULT_LIST) {
    expect(fault.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(fault.description.length, fault.name).toBeGreaterThan(10);
    expect(fault.description).not.toContain('\n');
    if (fault.kind === 'infidelity') expect(fault.breaks.length, `${fault.name} names what it breaks`).toBeGreaterThan(0);
    else expect(fault.breaks, `${fault.name} is a feature, not a mutant`).toEqual([]);
    expect(fault.breaks.filter((id) => !ids.has(id)), `${fault.name}: requirements not in the catalogue`).toEqual([]);
  }
});

test('sms-provider-down: sign-in fails with a Descope error and sends nothing; off again, it works', async ({ api }) => {
  const user = await api.newUser();
  await api.control('POST', '/faults', { json: { name: 'sms-provider-down' } });
  // A 502 is what this fault is for: the suite's no-5xx check would refuse it.
  const failed = expectBody<DescopeErrorBody>(await api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, uncheckedExchange: true }), 502, 'error');
  expect(failed.errorCode).toBe('E069502');
  expect(await api.messages({ loginId: user.loginId })).toEqual([]);
  await api.control('POST', '/faults', { json: { name: 'sms-provider-down', status: 424, errorCode: 'E999424' } });
  expectError(await api.signInSms(user.loginId), 424, 'E999424');
  await api.control('DELETE', '/faults/sms-provider-down');
  expectBody(await api.signInSms(user.loginId), 200, 'signin-sms-response');
});

test('latency: the matching route waits, the others do not', async ({ api }) => {
  const user = await api.newUser();
  await api.control('POST', '/faults', { json: { name: 'latency', ms: 300, route: '/v1/auth/otp/signin/sms' } });
  let started = Date.now();
  expectBody(await api.signInSms(user.loginId), 200, 'signin-sms-response');
  // A lower bound only: a delay can make a request slower, never faster, however busy the machine.
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  started = Date.now();
  expectBody(await api.keys(), 200, 'keys-response');
  const unaffected = Date.now() - started;
  await api.control('POST', '/faults', { json: { name: 'latency', ms: 300 } });
  started = Date.now();
  expectBody(await api.keys(), 200, 'keys-response');
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  test.info().annotations.push({ type: 'note', description: `unaffected route took ${unaffected} ms` });
});

test('rate-limit: after N auth requests, 429 E130429 with Retry-After; switching it on again restarts the count', async ({ api }) => {
  const user = await api.newUser();
  await api.control('POST', '/faults', { json: { name: 'rate-limit', after: 2, retryAfter: 7 } });
  expectBody(await api.signInSms(user.loginId), 200, 'signin-sms-response');
  expectBody(await api.signInSms(user.loginId), 200, 'signin-sms-response');
  const limited = await api.signInSms(user.loginId);
  expectError(limited, 429, 'E130429');
  expect(limited.headers['retry-after']).toBe('7');
  // Management calls are not auth calls: the suite's own set-up keeps working.
  await api.newUser();
  await api.control('POST', '/faults', { json: { name: 'rate-limit', after: 1 } });
  expectBody(await api.signInSms(user.loginId), 200, 'signin-sms-response');
  expectError(await api.signInSms(user.loginId), 429, 'E130429');
});

test('an infidelity fault switches on and off cleanly: keep-earlier-codes', async ({ api }) => {
  const user = await api.newUser();
  await api.control('POST', '/faults', { json: { name: 'keep-earlier-codes' } });
  const first = await api.sendCode(user.loginId);
  await api.sendCode(user.loginId);
  expectBody(await api.verifySms(user.loginId, first), 200, 'verify-sms-response');
  await api.control('DELETE', '/faults');
  const again = await api.sendCode(user.loginId);
  const latest = await api.sendCode(user.loginId);
  test.skip(again === latest, 'two equal random codes');
  expectError(await api.verifySms(user.loginId, again), 401, 'E061102');
});

test('faults from the command line are on at start and again after reset', async ({ playwright, people }) => {
  const { startEmulator } = await import('../../../emulator/app.ts');
  const emulator = await startEmulator({ port: 0, quiet: true, faults: ['sms-provider-down?status=400'] });
  const context = await playwright.request.newContext();
  try {
    const api = new EmulatorClient(context, emulator, people);
    const list = async () => expectBody<FaultList>(await api.control('GET', '/faults'), 200, 'emulator/faults', '/$defs/list').faults;
    expect((await list()).find((fault) => fault.name === 'sms-provider-down')).toMatchObject({ active: true, options: { status: '400' } });
    await api.control('POST', '/reset');
    expect((await list()).find((fault) => fault.name === 'sms-provider-down')?.active).toBe(true);
  } finally {
    await context.dispose();
    await emulator.close();
  }
});

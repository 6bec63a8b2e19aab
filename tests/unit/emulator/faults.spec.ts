// Faults. The outside-world ones are features for users' own tests, so they are tested here for
// what they do; the infidelity ones are proven by `npm run mutation` (the conformance suite must
// catch each), and here only for switching on and off cleanly.
import { FAULT_LIST } from '../../../emulator/faults.ts';
import { catalogue } from '../../../specs/catalogue.ts';
import { expect, expectBody, expectError, test } from './fixtures.ts';

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
  const user = await api.createTestUser();
  await api.http.post('/emulator/v1/faults', { data: { name: 'sms-provider-down' } });
  const failed = await expectBody<{ errorCode: string }>(await api.signIn(user.loginId), 502, 'error');
  expect(failed.errorCode).toBe('E069502');
  expect(await api.outbox({ loginId: user.loginId })).toEqual([]);
  await api.http.post('/emulator/v1/faults', { data: { name: 'sms-provider-down', status: 424, errorCode: 'E999424' } });
  await expectError(await api.signIn(user.loginId), 424, 'E999424');
  await api.http.delete('/emulator/v1/faults/sms-provider-down');
  await expectBody(await api.signIn(user.loginId), 200, 'signin-sms-response');
});

test('latency: the matching route waits, the others do not', async ({ api }) => {
  const user = await api.createTestUser();
  await api.http.post('/emulator/v1/faults', { data: { name: 'latency', ms: 300, route: '/v1/auth/otp/signin/sms' } });
  let started = Date.now();
  await expectBody(await api.signIn(user.loginId), 200, 'signin-sms-response');
  // A lower bound only: a delay can make a request slower, never faster, however busy the machine.
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  started = Date.now();
  await expectBody(await api.http.get(`/v2/keys/${api.projectId}`), 200, 'keys-response');
  const unaffected = Date.now() - started;
  await api.http.post('/emulator/v1/faults', { data: { name: 'latency', ms: 300 } });
  started = Date.now();
  await expectBody(await api.http.get(`/v2/keys/${api.projectId}`), 200, 'keys-response');
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  test.info().annotations.push({ type: 'note', description: `unaffected route took ${unaffected} ms` });
});

test('rate-limit: after N auth requests, 429 E130429 with Retry-After; switching it on again restarts the count', async ({ api }) => {
  const user = await api.createTestUser();
  await api.http.post('/emulator/v1/faults', { data: { name: 'rate-limit', after: 2, retryAfter: 7 } });
  await expectBody(await api.signIn(user.loginId), 200, 'signin-sms-response');
  await expectBody(await api.signIn(user.loginId), 200, 'signin-sms-response');
  const limited = await api.signIn(user.loginId);
  await expectError(limited, 429, 'E130429');
  expect(limited.headers()['retry-after']).toBe('7');
  // Management calls are not auth calls: the suite's own set-up keeps working.
  await api.createTestUser();
  await api.http.post('/emulator/v1/faults', { data: { name: 'rate-limit', after: 1 } });
  await expectBody(await api.signIn(user.loginId), 200, 'signin-sms-response');
  await expectError(await api.signIn(user.loginId), 429, 'E130429');
});

test('an infidelity fault switches on and off cleanly: keep-earlier-codes', async ({ api }) => {
  const user = await api.createTestUser();
  await api.http.post('/emulator/v1/faults', { data: { name: 'keep-earlier-codes' } });
  const first = await api.sendCode(user.loginId);
  await api.sendCode(user.loginId);
  await expectBody(await api.verify(user.loginId, first), 200, 'verify-sms-response');
  await api.http.delete('/emulator/v1/faults');
  const again = await api.sendCode(user.loginId);
  const latest = await api.sendCode(user.loginId);
  test.skip(again === latest, 'two equal random codes');
  await expectError(await api.verify(user.loginId, again), 401, 'E061102');
});

test('faults from the command line are on at start and again after reset', async ({ playwright }) => {
  const { startEmulator } = await import('../../../emulator/app.ts');
  const emulator = await startEmulator({ port: 0, quiet: true, faults: ['sms-provider-down?status=400'] });
  try {
    const http = await playwright.request.newContext({ baseURL: emulator.url });
    const list = async () => ((await (await http.get('/emulator/v1/faults')).json()) as { faults: { name: string; active: boolean; options?: object }[] }).faults;
    expect((await list()).find((fault) => fault.name === 'sms-provider-down')).toMatchObject({ active: true, options: { status: '400' } });
    await http.post('/emulator/v1/reset');
    expect((await list()).find((fault) => fault.name === 'sms-provider-down')?.active).toBe(true);
    await http.dispose();
  } finally {
    await emulator.close();
  }
});

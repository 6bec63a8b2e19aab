// Bad input never crashes or hangs: each is a 4xx Descope error (or a success where the input is
// legitimately valid), and the next good request still works.
import { expect, expectBody, expectError, test } from './fixtures.ts';

const SIGNIN = '/v1/auth/otp/signin/sms';
const VERIFY = '/v1/auth/otp/verify/sms';
// Playwright JSON-encodes a string `data` when the Content-Type is JSON: raw bodies go as Buffers.
const raw = (text: string) => Buffer.from(text, 'utf8');

test.afterEach(async ({ api }) => {
  // The server keeps serving after whatever the test sent.
  const { loginId } = await api.createTestUser();
  await api.signedIn(loginId);
});

test('malformed JSON → 400 E011001', async ({ api }) => {
  for (const body of ['{', '{"loginId": }', 'null garbage', '\u0000\u0001', '{"loginId":"a"}}']) {
    const response = await api.http.post(SIGNIN, { data: raw(body), headers: { ...api.projectAuth, 'content-type': 'application/json' } });
    await expectError(response, 400, 'E011001');
  }
});

test('the body is parsed as JSON whatever the Content-Type; an empty body is {}', async ({ api }) => {
  const { loginId } = await api.createTestUser();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'image/png']) {
    const response = await api.http.post(SIGNIN, { data: raw(JSON.stringify({ loginId })), headers: { ...api.projectAuth, 'content-type': type } });
    await expectBody(response, 200, 'signin-sms-response');
  }
  const form = await api.http.post(SIGNIN, { data: raw(`loginId=${loginId}`), headers: { ...api.projectAuth, 'content-type': 'application/x-www-form-urlencoded' } });
  await expectError(form, 400, 'E011001');
  await expectError(await api.http.post(SIGNIN, { headers: api.projectAuth }), 400, 'E011002');
  await expectError(await api.http.post(SIGNIN, { data: raw(''), headers: { ...api.projectAuth, 'content-type': 'application/json' } }), 400, 'E011002');
});

test('a body over 1 MB → 413 E011001', async ({ api }) => {
  const big = JSON.stringify({ loginId: 'x', padding: 'a'.repeat(1024 * 1024) });
  await expectError(await api.http.post(SIGNIN, { data: raw(big), headers: { ...api.projectAuth, 'content-type': 'application/json' } }), 413, 'E011001');
  // Just under the limit is parsed and judged on its content.
  const fits = JSON.stringify({ loginId: 'nobody', padding: 'a'.repeat(1000 * 1000) });
  await expectError(await api.http.post(SIGNIN, { data: raw(fits), headers: { ...api.projectAuth, 'content-type': 'application/json' } }), 400, 'E062108');
});

test('missing fields → 400 E011002 with the rule in errorMessage', async ({ api }) => {
  const noLogin = await expectError(await api.http.post(SIGNIN, { data: {}, headers: api.projectAuth }), 400, 'E011002');
  expect(noLogin.errorMessage).toContain('"loginId"');
  const noCode = await expectError(await api.http.post(VERIFY, { data: { loginId: 'a' }, headers: api.projectAuth }), 400, 'E011002');
  expect(noCode.errorMessage).toContain('"code"');
});

test('wrong types, invalid values and empty strings → 400 E011003', async ({ api }) => {
  const cases: [string, unknown][] = [
    [SIGNIN, { loginId: 42 }],
    [SIGNIN, { loginId: ['a'] }],
    [SIGNIN, { loginId: null }],
    [SIGNIN, { loginId: '' }],
    [SIGNIN, { loginId: 'a', loginOptions: 'yes' }],
    [SIGNIN, { loginId: 'a', loginOptions: { stepup: 'true' } }],
    [SIGNIN, { loginId: 'a', loginOptions: { customClaims: { nested: { no: 1 } } } }],
    [SIGNIN, { loginId: 'a', providerId: 7 }],
    [SIGNIN, []],
    [SIGNIN, 'just a string'],
    [SIGNIN, 12],
    [VERIFY, { loginId: 'a', code: 123456 }],
    [VERIFY, { loginId: 'a', code: '' }],
    [VERIFY, { loginId: '', code: '123456' }],
  ];
  for (const [path, data] of cases) {
    const response = await api.http.post(path, { data: raw(JSON.stringify(data)), headers: { ...api.projectAuth, 'content-type': 'application/json' } });
    const body = await expectError(response, 400, 'E011003');
    expect(body.errorMessage, JSON.stringify(data)).toMatch(/rule: /);
  }
  // The sentence names the rule, never the value: a code sent as a number is not echoed.
  const echoed = await api.http.post(VERIFY, { data: { loginId: 'a', code: 987654 }, headers: api.projectAuth });
  expect((await expectError(echoed, 400, 'E011003')).errorMessage).toBe('/code must be string (rule: type)');
  expect(await echoed.text()).not.toContain('987654');
});

test('unknown fields are ignored', async ({ api }) => {
  const { loginId } = await api.createTestUser();
  const code = await api.sendCode(loginId, { futureField: 1, loginOptions: { futureOption: 'x' } });
  const response = await api.http.post(VERIFY, { data: { loginId, code, extra: { deep: [1, 2] } }, headers: api.projectAuth });
  await expectBody(response, 200, 'verify-sms-response');
});

test('unicode and control characters are data, not errors', async ({ api }) => {
  for (const loginId of ['用户@例子.中国', 'emoji-😀@example.com', 'tab\there', 'nul\u0000byte', 'rtl\u202Eevil', '\u0085\u2028']) {
    await expectError(await api.signIn(loginId), 400, 'E062108');
    await expectError(await api.verify(loginId, '١٢٣٤٥٦'), 400, 'E062108');
  }
  const { loginId } = await api.createTestUser({ loginId: `ünïcødé-${Date.now()}-😀` });
  const code = await api.sendCode(loginId);
  await expectError(await api.verify(loginId, '１２３４５６'), 401, 'E061102');
  await expectBody(await api.verify(loginId, code), 200, 'verify-sms-response');
});

test('a 10,000-character loginId is an unknown user, not a crash', async ({ api }) => {
  const long = 'a'.repeat(10_000);
  await expectError(await api.signIn(long), 400, 'E062108');
  await expectError(await api.verify(long, '123456'), 400, 'E062108');
  const created = await api.http.post('/v1/mgmt/user/create/test', { data: { loginId: long, phone: '+15550003333' }, headers: api.managementAuth });
  await expectBody(created, 200, 'mgmt-user-response');
  await expectBody(await api.signIn(long), 200, 'signin-sms-response');
  await api.http.post('/v1/mgmt/user/delete', { data: { loginId: long }, headers: api.managementAuth });
});

test('unknown routes and methods → 404 JSON Descope error', async ({ api }) => {
  await expectError(await api.http.get('/v1/nope'), 404, 'E011001');
  await expectError(await api.http.get(SIGNIN), 404, 'E011001');
  await expectError(await api.http.put(VERIFY, { data: {} }), 404, 'E011001');
  await expectError(await api.http.delete('/v1/mgmt/user/delete', { headers: api.managementAuth }), 404, 'E011001');
  await expectError(await api.http.post('/v2/keys/whatever'), 404, 'E011001');
});

// Bad input never crashes or hangs: each is a 4xx Descope error (or a success where the input is
// legitimately valid), and the next good request still works.
import { SIGNIN_PATH as SIGNIN, VERIFY_PATH as VERIFY } from '../../../fixtures/raw-requests.ts';
import { expect, expectBody, expectError, test } from './fixtures.ts';

/** Deliberately odd requests: the test checks the answer itself. */
const odd = { uncheckedExchange: true } as const;

test.afterEach(async ({ api }) => {
  // The server keeps serving after whatever the test sent.
  const { loginId } = await api.newUser();
  await api.signedIn(loginId);
});

test('malformed JSON → 400 E011001', async ({ api }) => {
  for (const raw of ['{', '{"loginId": }', 'null garbage', '\u0000\u0001', '{"loginId":"a"}}']) {
    expectError(await api.send('POST', SIGNIN, { raw, ...odd }), 400, 'E011001');
  }
});

test('the body is parsed as JSON whatever the Content-Type; an empty body is {}', async ({ api }) => {
  const { loginId } = await api.newUser();
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'image/png']) {
    expectBody(await api.send('POST', SIGNIN, { raw: JSON.stringify({ loginId }), contentType, ...odd }), 200, 'signin-sms-response');
  }
  const form = await api.send('POST', SIGNIN, { raw: `loginId=${loginId}`, contentType: 'application/x-www-form-urlencoded', ...odd });
  expectError(form, 400, 'E011001');
  expectError(await api.send('POST', SIGNIN, odd), 400, 'E011002');
  expectError(await api.send('POST', SIGNIN, { raw: '', ...odd }), 400, 'E011002');
});

test('a body over 1 MB → 413 E011001', async ({ api }) => {
  const big = JSON.stringify({ loginId: 'x', padding: 'a'.repeat(1024 * 1024) });
  expectError(await api.send('POST', SIGNIN, { raw: big, ...odd }), 413, 'E011001');
  // Just under the limit is parsed and judged on its content.
  const fits = JSON.stringify({ loginId: 'nobody', padding: 'a'.repeat(1000 * 1000) });
  expectError(await api.send('POST', SIGNIN, { raw: fits, ...odd }), 400, 'E062108');
});

test('missing fields → 400 E011002 with the rule in errorMessage', async ({ api }) => {
  const noLogin = expectError(await api.send('POST', SIGNIN, { json: {}, ...odd }), 400, 'E011002');
  expect(noLogin.errorMessage).toContain('"loginId"');
  const noCode = expectError(await api.send('POST', VERIFY, { json: { loginId: 'a' }, ...odd }), 400, 'E011002');
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
  for (const [path, json] of cases) {
    const body = expectError(await api.send('POST', path, { json, ...odd }), 400, 'E011003');
    expect(body.errorMessage, JSON.stringify(json)).toMatch(/rule: /);
  }
  // The sentence names the rule, never the value: a code sent as a number is not echoed.
  const echoed = await api.send('POST', VERIFY, { json: { loginId: 'a', code: 987654 }, ...odd });
  expect(expectError(echoed, 400, 'E011003').errorMessage).toBe('/code must be string (rule: type)');
  expect(echoed.text).not.toContain('987654');
});

test('unknown fields are ignored', async ({ api }) => {
  const { loginId } = await api.newUser();
  const code = await api.sendCode(loginId, { body: { futureField: 1 }, loginOptions: { futureOption: 'x' } });
  expectBody(await api.send('POST', VERIFY, { json: { loginId, code, extra: { deep: [1, 2] } } }), 200, 'verify-sms-response');
});

test('unicode and control characters are data, not errors', async ({ api }) => {
  for (const loginId of ['用户@例子.中国', 'emoji-😀@example.com', 'tab\there', 'nul\u0000byte', 'rtl\u202Eevil', '\u0085\u2028']) {
    expectError(await api.signInSms(loginId), 400, 'E062108');
    expectError(await api.verifySms(loginId, '١٢٣٤٥٦'), 400, 'E062108');
  }
  const { loginId } = await api.newUser({ loginId: `ünïcødé-${Date.now()}-😀` });
  const code = await api.sendCode(loginId);
  expectError(await api.verifySms(loginId, '１２３４５６'), 401, 'E061102');
  expectBody(await api.verifySms(loginId, code), 200, 'verify-sms-response');
});

test('a 10,000-character loginId is an unknown user, not a crash', async ({ api }) => {
  const long = 'a'.repeat(10_000);
  expectError(await api.signInSms(long), 400, 'E062108');
  expectError(await api.verifySms(long, '123456'), 400, 'E062108');
  expectBody(await api.createTestUser({ loginId: long, phone: '+15550003333' }), 200, 'mgmt-user-response');
  expectBody(await api.signInSms(long), 200, 'signin-sms-response');
  await api.deleteUser(long, { unchecked: true });
});

test('unknown routes and methods → 404 JSON Descope error', async ({ api }) => {
  const none = { authorization: null, ...odd };
  expectError(await api.send('GET', '/v1/nope', none), 404, 'E011001');
  expectError(await api.send('GET', SIGNIN, none), 404, 'E011001');
  expectError(await api.send('PUT', VERIFY, { json: {}, ...none }), 404, 'E011001');
  expectError(await api.send('DELETE', '/v1/mgmt/user/delete', { authorization: api.managementBearer, ...odd }), 404, 'E011001');
  expectError(await api.send('POST', '/v2/keys/whatever', none), 404, 'E011001');
});

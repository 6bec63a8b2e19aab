// What every response looks like, whatever it answers: JSON with a JSON content type (an empty
// success is {}), no secret echoed back, and the public keys served without auth.
import { NO_SECRETS, responseIsJson } from '../../fixtures/checks.ts';
import { registerSecret } from '../../fixtures/redact.ts';
import { covers } from '../../fixtures/requirements.ts';
import { describeExchange, expectError, expectSuccess, type Exchange } from '../../fixtures/exchange.ts';
import { SIGNIN_PATH, VERIFY_PATH, otherProjectId, ownLoginId, removeUser, wrongManagementKey } from '../../fixtures/raw-requests.ts';
import { fakePhone } from '../../fixtures/people.ts';
import { expect, test } from '../../fixtures/test.ts';

/** The dedicated JSON check, failing under this file's requirement with what was seen. */
function expectJson(exchange: Exchange, what: string): void {
  expect(responseIsJson.run(exchange, NO_SECRETS), `[RESPONSES-ARE-JSON] ${what}: ${describeExchange(exchange)}`).toBeNull();
}

/** A secret must not appear in the response; the message never quotes the secret itself. */
function expectNotEchoed(exchange: Exchange, secret: string, what: string): void {
  expect(exchange.text.includes(secret), `[RESPONSES-NO-SECRETS-ECHOED] the response echoes ${what}; saw ${describeExchange(exchange)}`).toBe(false);
}

test.describe('every response is JSON', () => {
  test('an unknown route answers 404 with a JSON Descope error', covers('RESPONSES-ARE-JSON'), async ({ api, user }) => {
    const exchange = await api.send('POST', '/v1/auth/otp/signin/carrier-pigeon', { json: { loginId: user.loginId }, uncheckedExchange: true });
    expectJson(exchange, 'an unknown route');
    expectError(exchange, { requirement: 'RESPONSES-ARE-JSON', status: 404 });
  });

  test('a GET on a POST-only route answers a JSON 4xx error', covers('RESPONSES-ARE-JSON'), async ({ api }) => {
    for (const path of [SIGNIN_PATH, VERIFY_PATH]) {
      const exchange = await api.send('GET', path, { uncheckedExchange: true });
      expectJson(exchange, `GET ${path}`);
      expectError(exchange, { requirement: 'RESPONSES-ARE-JSON', status: '4xx' });
    }
  });

  test('an empty success is {} with a JSON content type', covers('RESPONSES-ARE-JSON'), async ({ api, users, people }) => {
    const loginId = ownLoginId(users, 'empty-success');
    try {
      expectSuccess(await api.createTestUser({ loginId, phone: fakePhone(people) }), 'mgmt-user-response', 'RESPONSES-ARE-JSON');
      const exchange = await api.deleteUser(loginId, { unchecked: true });
      expectJson(exchange, 'the delete answer');
      const body = expectSuccess<Record<string, unknown>>(exchange, 'empty', 'RESPONSES-ARE-JSON');
      expect(Object.keys(body), `[RESPONSES-ARE-JSON] the empty success is {}; saw ${describeExchange(exchange)}`).toEqual([]);
    } finally {
      await removeUser(api, loginId);
    }
  });

  test('errors and successes of the documented endpoints are JSON', covers('RESPONSES-ARE-JSON'), async ({ api, user, users }) => {
    const exchanges: [string, () => Promise<Exchange>][] = [
      ['a sign-in', () => api.send('POST', SIGNIN_PATH, { json: { loginId: user.loginId }, uncheckedExchange: true })],
      ['a sign-in of an unregistered login ID', () => api.send('POST', SIGNIN_PATH, { json: { loginId: users.unregisteredLoginId() }, uncheckedExchange: true })],
      ['a verify with a wrong code', () => api.send('POST', VERIFY_PATH, { json: { loginId: user.loginId, code: '000000' }, uncheckedExchange: true })],
      ['the keys', () => api.send('GET', `/v2/keys/${encodeURIComponent(api.target.projectId)}`, { authorization: null, uncheckedExchange: true })],
    ];
    for (const [what, send] of exchanges) {
      await test.step(what, async () => expectJson(await send(), what));
    }
  });
});

test.describe('no secret is echoed', () => {
  test('a sign-in answer does not carry the code it sent', covers('RESPONSES-NO-SECRETS-ECHOED'), async ({ api, user, codes }) => {
    // Every exchange is checked for known codes as it arrives; reading the SMS makes its code known,
    // and the sign-in answer before it is checked again (fixtures/client.ts, recheckEarlierAnswers).
    expectSuccess(await api.signInSms(user.loginId), 'signin-sms-response', 'RESPONSES-NO-SECRETS-ECHOED');
    const messages = await codes.sentTo(user);
    expect(messages.length, '[RESPONSES-NO-SECRETS-ECHOED] the sign-in sent an SMS').toBe(1);
  });

  test('a wrong-code error does not contain the submitted code', covers('RESPONSES-NO-SECRETS-ECHOED'), async ({ api, user, codes }) => {
    const code = await codes.generate(user);
    // Same length as a real code, and not the real one.
    const wrong = String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');
    registerSecret(wrong, 'code');
    const exchange = await api.send('POST', VERIFY_PATH, { json: { loginId: user.loginId, code: wrong }, uncheckedExchange: true });
    expectError(exchange, { requirement: 'RESPONSES-NO-SECRETS-ECHOED', status: '4xx' });
    expectNotEchoed(exchange, wrong, 'the submitted code');
    expectNotEchoed(exchange, code, 'the pending code');
  });

  test('an error to a code sent as a number does not contain it', covers('RESPONSES-NO-SECRETS-ECHOED'), async ({ api, user, codes, people }) => {
    // JavaScript clients that parse the typed code into a number send exactly this.
    const code = await codes.generate(user);
    // A number of the code's length, unrelated to the code; redacted like a code in every message.
    let submitted = people.number.int({ min: 10 ** (code.length - 1), max: 10 ** code.length - 1 });
    if (submitted === Number(code)) submitted += 1;
    registerSecret(String(submitted), 'code');
    const exchange = await api.send('POST', VERIFY_PATH, { json: { loginId: user.loginId, code: submitted }, uncheckedExchange: true });
    expectError(exchange, { requirement: 'RESPONSES-NO-SECRETS-ECHOED', status: '4xx' });
    expectNotEchoed(exchange, String(submitted), 'the submitted code');
  });

  test('a management error does not echo the key it was given', covers('RESPONSES-NO-SECRETS-ECHOED'), async ({ api, users, people }) => {
    const { projectId, managementKey } = api.target;
    for (const sameLength of [false, true]) {
      const key = wrongManagementKey(managementKey, sameLength);
      const loginId = ownLoginId(users, 'echo');
      try {
        const exchange = await api.send('POST', '/v1/mgmt/user/create/test', {
          json: { loginId, phone: fakePhone(people) },
          authorization: `Bearer ${projectId}:${key}`,
          uncheckedExchange: true,
        });
        expectError(exchange, { requirement: 'RESPONSES-NO-SECRETS-ECHOED', status: '4xx' });
        expectNotEchoed(exchange, key, 'the management key it was given');
        expectNotEchoed(exchange, managementKey, 'the real management key');
      } finally {
        await removeUser(api, loginId);
      }
    }
  });

  test('a sign-in error does not echo the bearer', covers('RESPONSES-NO-SECRETS-ECHOED'), async ({ api, users, people }) => {
    // A refresh-JWT-shaped secret (not a real token) and a bearer naming another project.
    const fakeRefresh = `eyJhbGciOiJSUzI1NiJ9.${people.string.alphanumeric(40)}.${people.string.alphanumeric(43)}`;
    const bearers: [string, string][] = [
      ['a project bearer carrying a refresh JWT', `${api.target.projectId}:${fakeRefresh}`],
      ['a bearer naming another project', otherProjectId(people, api.target.projectId)],
      ['a bearer naming another project with a secret', `${otherProjectId(people, api.target.projectId)}:${fakeRefresh}`],
    ];
    for (const [what, token] of bearers) {
      await test.step(what, async () => {
        const exchange = await api.send('POST', SIGNIN_PATH, {
          json: { loginId: users.unregisteredLoginId(), loginOptions: { stepup: true } },
          authorization: `Bearer ${token}`,
          uncheckedExchange: true,
        });
        expectError(exchange, { requirement: 'RESPONSES-NO-SECRETS-ECHOED', status: '4xx' });
        expectNotEchoed(exchange, token, 'the bearer');
        expectNotEchoed(exchange, fakeRefresh, 'the refresh JWT in the bearer');
      });
    }
  });
});

test('the keys endpoint answers RSA signing keys, each with kid and alg, without auth', covers('KEYS-RESPONSE'), async ({ api }) => {
  const exchange = await api.keys();
  const { keys } = expectSuccess<{ keys: { kty: string; kid?: string; alg?: string; use?: string; n?: string; e?: string }[] }>(exchange, 'keys-response', 'KEYS-RESPONSE');
  const seen = describeExchange(exchange);
  expect(keys.length, `[KEYS-RESPONSE] at least one key; saw ${seen}`).toBeGreaterThan(0);
  for (const [index, key] of keys.entries()) {
    expect(key.kty, `[KEYS-RESPONSE] key ${index} is RSA; saw ${seen}`).toBe('RSA');
    expect(typeof key.kid === 'string' && key.kid.length > 0, `[KEYS-RESPONSE] key ${index} has a kid; saw ${seen}`).toBe(true);
    expect(typeof key.alg === 'string' && /^(RS|PS)(256|384|512)$/.test(key.alg), `[KEYS-RESPONSE] key ${index} has an RSA alg; saw ${seen}`).toBe(true);
    expect(typeof key.n === 'string' && typeof key.e === 'string', `[KEYS-RESPONSE] key ${index} has its modulus and exponent; saw ${seen}`).toBe(true);
    if (key.use !== undefined) expect(key.use, `[KEYS-RESPONSE] key ${index} is a signing key; saw ${seen}`).toBe('sig');
  }
  const kids = keys.map((key) => key.kid);
  expect(new Set(kids).size, `[KEYS-RESPONSE] kids are distinct; saw ${seen}`).toBe(kids.length);
});

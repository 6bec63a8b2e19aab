// Malformed, invalid, oversized and odd input: refused with a Descope error, never a server error,
// and the target keeps answering afterwards.
import { errorHasDescopeShape, NO_SECRETS, noServerErrorStatus } from '../../fixtures/checks.ts';
import { covers, observe } from '../../fixtures/requirements.ts';
import { describeExchange, errorSignature, expectError, expectSuccess, type DescopeError, type Exchange } from '../../fixtures/exchange.ts';
import { AUTH_PATHS, SIGNIN_PATH, VERIFY_PATH, badRequests, otherProjectId } from '../../fixtures/raw-requests.ts';
import { expect, test } from '../../fixtures/test.ts';

const MALFORMED_BODIES = ['{', 'not json', '{"loginId": }'];

/**
 * A body sent byte for byte. Playwright re-encodes a *string* body that is not valid JSON as a JSON
 * string when the Content-Type is JSON ('{' goes out as '"{"'), so raw bodies go as Buffers.
 */
const bytes = (text: string) => Buffer.from(text, 'utf8');

test.describe('a body that is not JSON', () => {
  for (const path of AUTH_PATHS) {
    for (const raw of MALFORMED_BODIES) {
      test(`${path} refuses ${JSON.stringify(raw)} with 400 E011001`, covers('INPUT-MALFORMED-JSON-REFUSED'), async ({ api }) => {
        const exchange = await api.send('POST', path, { raw: bytes(raw) });
        expectError(exchange, { requirement: 'INPUT-MALFORMED-JSON-REFUSED', status: 400, errorCode: 'E011001' });
      });
    }
  }
});

test.describe('a required field missing, of the wrong type, or empty', () => {
  const signInBodies: [string, unknown][] = [
    ['no loginId', {}],
    ['loginId a number', { loginId: 15551234567 }],
    ['loginId an array', { loginId: ['conformance-a', 'conformance-b'] }],
    ['loginId an object', { loginId: { id: 'conformance-a' } }],
    ['loginId null', { loginId: null }],
    ['loginId an empty string', { loginId: '' }],
    ['a JSON array instead of an object', [{ loginId: 'conformance-a' }]],
    ['a JSON string instead of an object', 'conformance-a'],
  ];
  for (const [shape, json] of signInBodies) {
    test(`sign-in refuses ${shape}`, covers('INPUT-INVALID-FIELDS-REFUSED'), async ({ api }) => {
      const exchange = await api.send('POST', SIGNIN_PATH, { json });
      expectError(exchange, { requirement: 'INPUT-INVALID-FIELDS-REFUSED', status: '4xx' });
    });
  }

  const verifyBodies: [string, (loginId: string) => unknown][] = [
    ['no code', (loginId) => ({ loginId })],
    ['no loginId', () => ({ code: '123456' })],
    ['code a number', (loginId) => ({ loginId, code: 123456 })],
    ['code null', (loginId) => ({ loginId, code: null })],
    ['code an empty string', (loginId) => ({ loginId, code: '' })],
    ['loginId a number', () => ({ loginId: 42, code: '123456' })],
    ['loginId an empty string', () => ({ loginId: '', code: '123456' })],
  ];
  for (const [shape, body] of verifyBodies) {
    test(`verify refuses ${shape}`, covers('INPUT-INVALID-FIELDS-REFUSED'), async ({ api, user }) => {
      // A code is pending, so the only thing wrong is the shape of the request.
      await api.signInSms(user.loginId);
      const exchange = await api.send('POST', VERIFY_PATH, { json: body(user.loginId) });
      expectError(exchange, { requirement: 'INPUT-INVALID-FIELDS-REFUSED', status: '4xx' });
    });
  }
});

test.describe('a JSON body with another Content-Type', () => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
    test(`sign-in sent as ${contentType} is read as JSON or refused with a 4xx`, covers('INPUT-CONTENT-TYPE-TOLERATED'), async ({ api, user }) => {
      const exchange = await api.send('POST', SIGNIN_PATH, { raw: bytes(JSON.stringify({ loginId: user.loginId })), contentType });
      if (exchange.status === 200) expectSuccess(exchange, 'signin-sms-response', 'INPUT-CONTENT-TYPE-TOLERATED');
      else expectError(exchange, { requirement: 'INPUT-CONTENT-TYPE-TOLERATED', status: '4xx' });
    });
  }
});

test.describe('odd characters in loginId', () => {
  const loginIds: [string, string][] = [
    ['a NUL character', 'conformance-\u0000-nul'],
    ['control characters', 'conformance-\u0001\u001b[31m\u007f'],
    ['an emoji', 'conformance-\u{1F4F1}-phone'],
    ['right-to-left marks', 'conformance-\u202Eevil\u202C-\u200F'],
    ['a lone surrogate', 'conformance-\uD800-lone'],
    ['zero-width and combining characters', 'conformance-\u200B\u0301\uFEFF'],
    ['only whitespace', ' \t\n '],
  ];
  for (const [what, loginId] of loginIds) {
    test(`${what}: a 4xx Descope error such as "user not found", never a 5xx`, covers('ERRORS-NO-RETRYABLE-STATUS'), async ({ api }) => {
      for (const path of AUTH_PATHS) {
        const exchange = await api.send('POST', path, { json: path === VERIFY_PATH ? { loginId, code: '123456' } : { loginId }, uncheckedExchange: true });
        expect(noServerErrorStatus.run(exchange, NO_SECRETS), `[ERRORS-NO-RETRYABLE-STATUS] ${describeExchange(exchange)}`).toBeNull();
        expectError(exchange, { requirement: 'ERRORS-NO-RETRYABLE-STATUS', status: '4xx' });
      }
    });
  }

  test('bytes that are not UTF-8: a 4xx Descope error, never a 5xx', covers('ERRORS-NO-RETRYABLE-STATUS'), async ({ api }) => {
    const raw = Buffer.concat([Buffer.from('{"loginId":"conformance-'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    for (const path of AUTH_PATHS) {
      const exchange = await api.send('POST', path, { raw, uncheckedExchange: true });
      expect(noServerErrorStatus.run(exchange, NO_SECRETS), `[ERRORS-NO-RETRYABLE-STATUS] ${describeExchange(exchange)}`).toBeNull();
      expectError(exchange, { requirement: 'ERRORS-NO-RETRYABLE-STATUS', status: '4xx' });
    }
  });
});

test.describe('every error across the endpoints', () => {
  test('has the Descope error shape', covers('ERRORS-DESCOPE-SHAPE'), async ({ api, user, users, people }) => {
    const requests = badRequests(api, { user, unregisteredLoginId: users.unregisteredLoginId(), otherProjectId: otherProjectId(people, api.target.projectId) });
    for (const bad of requests) {
      await test.step(bad.name, async () => {
        const exchange = await bad.send();
        expect(exchange.status >= 400, `[ERRORS-DESCOPE-SHAPE] ${bad.name} must fail; saw ${describeExchange(exchange)}`).toBe(true);
        expect(errorHasDescopeShape.run(exchange, NO_SECRETS), `[ERRORS-DESCOPE-SHAPE] ${bad.name}: ${describeExchange(exchange)}`).toBeNull();
      });
    }
  });

  test('never uses a status SDKs retry, nor any 5xx', covers('ERRORS-NO-RETRYABLE-STATUS'), async ({ api, user, users, people }) => {
    const requests = badRequests(api, { user, unregisteredLoginId: users.unregisteredLoginId(), otherProjectId: otherProjectId(people, api.target.projectId) });
    for (const bad of requests) {
      await test.step(bad.name, async () => {
        const exchange = await bad.send();
        expect(noServerErrorStatus.run(exchange, NO_SECRETS), `[ERRORS-NO-RETRYABLE-STATUS] ${bad.name}: ${describeExchange(exchange)}`).toBeNull();
        expect(exchange.status >= 400 && exchange.status < 500, `[ERRORS-NO-RETRYABLE-STATUS] ${bad.name} is a 4xx; saw ${describeExchange(exchange)}`).toBe(true);
      });
    }
  });

  test('carries message equal to errorMessage when it has one', covers('ERRORS-MESSAGE-MIRRORS-ERROR-MESSAGE'), async ({ api, user, users, people }) => {
    const requests = badRequests(api, { user, unregisteredLoginId: users.unregisteredLoginId(), otherProjectId: otherProjectId(people, api.target.projectId) });
    let withMessage = 0;
    for (const bad of requests) {
      await test.step(bad.name, async () => {
        const exchange: Exchange = await bad.send();
        const body = (exchange.body ?? {}) as Partial<DescopeError>;
        if (body.message === undefined) return;
        withMessage++;
        expect(body.message === body.errorMessage, `[ERRORS-MESSAGE-MIRRORS-ERROR-MESSAGE] ${bad.name}: message differs from errorMessage; saw ${describeExchange(exchange)}`).toBe(true);
      });
    }
    test.info().annotations.push({ type: 'note', description: `${withMessage} of ${requests.length} errors carried message` });
  });
});

test.describe('what the target answers to bad input', () => {
  test('a body that is not JSON', covers('ERROR-MALFORMED-JSON'), async ({ api, profile }) => {
    observe('ERROR-MALFORMED-JSON', errorSignature(await api.send('POST', SIGNIN_PATH, { raw: bytes('{"loginId": ') })), profile);
  });

  test('a sign-in without loginId', covers('ERROR-MISSING-FIELD'), async ({ api, profile }) => {
    observe('ERROR-MISSING-FIELD', errorSignature(await api.send('POST', SIGNIN_PATH, { json: {} })), profile);
  });

  test('a sign-in whose loginId is a number', covers('ERROR-INVALID-FIELD'), async ({ api, profile }) => {
    observe('ERROR-INVALID-FIELD', errorSignature(await api.send('POST', SIGNIN_PATH, { json: { loginId: 15551234567 } })), profile);
  });
});

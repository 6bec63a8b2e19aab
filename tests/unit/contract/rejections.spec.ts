// What the schemas reject, each with the rule that must fire and where; and what they deliberately
// do not reject (unknown extra fields on success bodies: the real service adds fields over time).
import { test, expect } from '@playwright/test';
import { validate, type SchemaName, type ValidationResult } from '../../../specs/contract.ts';
import { PHONE, errorBody, keysResponse, testUser, user, verifyResponse } from './samples.ts';

/**
 * Asserts that validation failed with a readable sentence about `path` naming `rule`.
 * `path` is the JSON pointer as the sentence writes it (`(body)` for the whole body).
 */
function expectProblem(result: ValidationResult, path: string, rule: string): void {
  expect(result.ok, 'the body should be rejected').toBe(false);
  const wanted = result.problems.filter((p) => (p.startsWith(`${path}:`) || p.startsWith(`${path} `)) && p.includes(`(rule: ${rule})`));
  expect(wanted, `a problem at ${path} with (rule: ${rule}) among:\n${result.problems.join('\n')}`).not.toEqual([]);
}

function without(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...body };
  delete copy[key];
  return copy;
}

test.describe('required fields', () => {
  test('a verify response without sessionJwt is rejected by rule required', () => {
    const result = validate('verify-sms-response', without(verifyResponse(), 'sessionJwt'));
    expectProblem(result, '(body)', 'required');
    expect(result.problems).toContain('(body): required property "sessionJwt" is missing (rule: required)');
  });

  test('a user without userId is rejected by rule required', () => {
    expectProblem(validate('user', without(user(), 'userId')), '(body)', 'required');
  });

  test('a verify response whose user has no userId is rejected at /user by rule required', () => {
    const body = verifyResponse();
    body.user = without(user(), 'userId');
    const result = validate('verify-sms-response', body);
    expect(result.problems).toContain('/user: required property "userId" is missing (rule: required)');
  });

  test('a sign-in response without maskedPhone (the "empty response object" of the prose) is rejected by rule required', () => {
    expectProblem(validate('signin-sms-response', {}), '(body)', 'required');
  });

  test('a verify request without code is rejected by rule required', () => {
    expectProblem(validate('verify-sms-request', { loginId: PHONE }), '(body)', 'required');
  });

  test('an error body without errorCode is rejected by rule required', () => {
    const result = validate('error', without(errorBody('E061102', 'wrong OTP code'), 'errorCode'));
    expect(result.problems).toContain('(body): required property "errorCode" is missing (rule: required)');
  });
});

test.describe('types and formats', () => {
  test('cookieMaxAge as a string is rejected at /cookieMaxAge by rule type', () => {
    const result = validate('verify-sms-response', { ...verifyResponse(), cookieMaxAge: '2419200' });
    expectProblem(result, '/cookieMaxAge', 'type');
  });

  test('createdTime in milliseconds as a string is rejected at /createdTime by rule type', () => {
    expectProblem(validate('user', { ...user(), createdTime: '1767139200000' }), '/createdTime', 'type');
  });

  for (const [what, jwt] of [
    ['with two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMiJ9'],
    ['with a space in it', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJVMiJ9 .c2ln'],
    ['in standard base64 (+ and /)', 'eyJhbGci+OiJSUzI1NiJ9.eyJzdWIi/OiJVMiJ9.c2ln=='],
    ['that is the page placeholder "string"', 'string'],
  ] as const) {
    test(`a sessionJwt ${what} is rejected at /sessionJwt by rule pattern`, () => {
      expectProblem(validate('verify-sms-response', { ...verifyResponse(), sessionJwt: jwt }), '/sessionJwt', 'pattern');
    });
  }

  test('a malformed refreshJwt is rejected at /refreshJwt by rule pattern', () => {
    expectProblem(validate('verify-sms-response', { ...verifyResponse(), refreshJwt: 'not-a-jwt' }), '/refreshJwt', 'pattern');
  });

  for (const phone of ['4155550123', '0415 555 0123', '+0415550123', '+1 415 555 0123', 'string']) {
    test(`a verify response whose user.phone is ${JSON.stringify(phone)} is rejected at /user/phone by rule pattern`, () => {
      const body = verifyResponse();
      body.user = { ...user(), phone };
      expectProblem(validate('verify-sms-response', body), '/user/phone', 'pattern');
    });

    test(`a create-test-user request with phone ${JSON.stringify(phone)} is rejected at /phone by rule pattern`, () => {
      const result = validate('mgmt-create-test-user-request', { loginId: 'conformance-r1a2b3-x', phone, verifiedPhone: true });
      expectProblem(result, '/phone', 'pattern');
    });
  }

  test('a verify response whose user has no phone is rejected at /user by rule required (an SMS sign-in user has one)', () => {
    const body = verifyResponse();
    body.user = without(user(), 'phone');
    expectProblem(validate('verify-sms-response', body), '/user', 'required');
  });

  for (const code of ['E61102', 'e061102', 'E0611020', 'ERR-401', '061102', '']) {
    test(`an errorCode ${JSON.stringify(code)} (not E + 6 digits) is rejected at /errorCode by rule pattern`, () => {
      expectProblem(validate('error', { ...errorBody('E061102', 'wrong OTP code'), errorCode: code }), '/errorCode', 'pattern');
    });
  }

  test('an errorCode that is a number is rejected at /errorCode by rule type', () => {
    expectProblem(validate('error', { errorCode: 61102 }), '/errorCode', 'type');
  });

  test('a user status outside enabled|disabled|invited|expired is rejected at /status by rule enum', () => {
    expectProblem(validate('user', { ...user(), status: 'active' }), '/status', 'enum');
  });

  test('a keys response with an EC key is rejected at /keys/0/kty by rule const', () => {
    const body = keysResponse() as { keys: Array<Record<string, unknown>> };
    body.keys[0]!.kty = 'EC';
    expectProblem(validate('keys-response', body), '/keys/0/kty', 'const');
  });

  test('a generated code with letters is rejected at /code by rule pattern', () => {
    expectProblem(validate('mgmt-generate-otp-response', { loginId: 'conformance-r1a2b3-x', code: '12ab56' }), '/code', 'pattern');
  });
});

test.describe('unknown extra fields are accepted on success bodies (the real service adds fields over time)', () => {
  const future = { addedByTheServiceLater: { any: ['shape'] }, anotherNewFlag: true };
  const bodies: Array<[SchemaName, () => Record<string, unknown>]> = [
    ['signin-sms-response', () => ({ maskedPhone: '+*******0123' })],
    ['verify-sms-response', verifyResponse],
    ['user', user],
    ['keys-response', keysResponse],
    ['mgmt-user-response', () => ({ user: testUser() })],
    ['mgmt-users-response', () => ({ users: [testUser()], total: 1 })],
    ['mgmt-generate-otp-response', () => ({ loginId: 'conformance-r1a2b3-x', code: '482913' })],
    ['mgmt-license-response', () => ({ rateLimitTier: 'free' })],
    ['empty', () => ({})],
    ['error', () => errorBody('E061102', 'wrong OTP code')],
  ];
  for (const [schema, body] of bodies) {
    test(`${schema} accepts fields it does not list`, () => {
      expect(validate(schema, { ...body(), ...future }).problems).toEqual([]);
    });
  }

  test('a user nested in a verify response accepts fields it does not list', () => {
    const body = verifyResponse();
    body.user = { ...user(), ...future };
    expect(validate('verify-sms-response', body).problems).toEqual([]);
  });

  test('requests accept fields the pages do not list (SDKs send them; the service ignores them)', () => {
    expect(validate('signin-sms-request', { loginId: PHONE, ...future }).problems).toEqual([]);
    expect(validate('verify-sms-request', { loginId: PHONE, code: '482913', ...future }).problems).toEqual([]);
    expect(validate('mgmt-create-test-user-request', { loginId: 'conformance-r1a2b3-x', identifier: 'x', ...future }).problems).toEqual([]);
  });
});

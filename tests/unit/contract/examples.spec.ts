// Every schema accepts the documented example bodies, filled in with realistic values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { loadSchemaFiles, validate, type SchemaName } from '../../../specs/contract.ts';
import { paths } from '../../../lib/paths.ts';
import {
  FACT_ERROR_CODES, MASKED_PHONE, NOW, PHONE, REFRESH_SECONDS, SESSION_SECONDS, USER_ID, errorBody, keysResponse, refreshClaims,
  sessionClaims, signInRequest, signJwt, testUser, user, verifyResponse,
} from './samples.ts';

/** What refresh answers thirty minutes after verify: a new session JWT, the same refresh JWT, the user. */
function refreshAnswer(): Record<string, unknown> {
  const { idpResponse: _idp, ...verified } = verifyResponse();
  const now = NOW + 1800;
  return {
    ...verified,
    sessionJwt: signJwt({ ...sessionClaims(), iat: now, exp: now + SESSION_SECONDS }),
    cookieMaxAge: NOW + REFRESH_SECONDS - now,
    sessionExpiration: now + SESSION_SECONDS,
    firstSeen: false,
  };
}

interface Example {
  title: string;
  schema: SchemaName;
  pointer?: string;
  body: () => unknown;
}

const examples: Example[] = [
  { title: 'the sign-in page request example', schema: 'signin-sms-request', body: signInRequest },
  { title: 'a sign-in request with only a loginId that is not a phone number', schema: 'signin-sms-request', body: () => ({ loginId: 'ada@example.com' }) },
  { title: "the sign-in page's loginOptions example", schema: 'login-options', body: () => signInRequest().loginOptions },
  { title: 'the sign-in page response example ({maskedPhone})', schema: 'signin-sms-response', body: () => ({ maskedPhone: MASKED_PHONE }) },
  { title: 'a sign-in response with verificationAttempts', schema: 'signin-sms-response', body: () => ({ maskedPhone: '+1******123', verificationAttempts: 0 }) },
  { title: 'the verify page request example', schema: 'verify-sms-request', body: () => ({ loginId: PHONE, code: '482913' }) },
  { title: 'the verify page response example', schema: 'verify-sms-response', body: verifyResponse },
  {
    title: 'a verify response with the SDK-read extras (sessionExpiration, claims, cookie names) and no idpResponse',
    schema: 'verify-sms-response',
    body: () => {
      const body = verifyResponse();
      delete body.idpResponse;
      return { ...body, sessionExpiration: NOW + 600, claims: sessionClaims(), cookieName: 'DSR', sessionCookieName: 'DS', firstSeen: true };
    },
  },
  { title: 'the verify page user example', schema: 'user', body: user },
  { title: 'a refresh answer thirty minutes after verify (new session JWT, same refresh JWT, the user)', schema: 'session-refresh-response', body: refreshAnswer },
  {
    title: 'a refresh answer with only what the contract requires (sessionJwt, sessionExpiration, cookieExpiration)',
    schema: 'session-refresh-response',
    body: () => ({ sessionJwt: signJwt(sessionClaims()), sessionExpiration: NOW + SESSION_SECONDS, cookieExpiration: NOW + REFRESH_SECONDS }),
  },
  {
    title: 'a refresh answer with the reference page extras (claims, nextRefreshSeconds, cookie names, externalToken)',
    schema: 'session-refresh-response',
    body: () => ({ ...refreshAnswer(), claims: sessionClaims(), nextRefreshSeconds: 540, cookieName: 'DSR', sessionCookieName: 'DS', externalToken: '', tenantSSOID: '' }),
  },
  { title: 'a try-refresh answer without a session ({})', schema: 'session-try-refresh-response', body: () => ({}) },
  { title: 'a try-refresh answer with a session (the refresh answer)', schema: 'session-try-refresh-response', body: refreshAnswer },
  { title: 'a refresh request as the SDK sends it ({})', schema: 'session-refresh-request', body: () => ({}) },
  { title: 'a refresh request with an externalToken', schema: 'session-refresh-request', body: () => ({ externalToken: 'ext-7f3a9c' }) },
  { title: "the me answer (the user itself, as verify's user)", schema: 'user', body: () => refreshAnswer().user },
  { title: 'a user with the capitalised SCIM and OIDC flags and no phone', schema: 'user', body: () => ({ ...user(), phone: '', verifiedPhone: false, SCIM: false, OIDC: false }) },
  { title: 'the claims of a session JWT', schema: 'session-claims', body: sessionClaims },
  { title: 'the claims of a refresh JWT', schema: 'session-claims', body: refreshClaims },
  { title: 'the claims of a step-up test-user session with custom claims', schema: 'session-claims', body: () => ({ ...sessionClaims(), su: true, tu: true, amr: ['sms', 'mfa'], aud: ['P2abcDEFghiJKLmnoPQRstuVWXyz'], plan: 'pro' }) },
  { title: 'the keys response (a real RSA JWK)', schema: 'keys-response', body: keysResponse },
  {
    title: 'a create-test-user request',
    schema: 'mgmt-create-test-user-request',
    body: () => ({ loginId: 'conformance-r1a2b3-resend', phone: PHONE, displayName: 'Conformance resend', verifiedPhone: true, roleNames: null, customAttributes: null }),
  },
  { title: 'a create-test-user response ({user})', schema: 'mgmt-user-response', body: () => ({ user: testUser() }) },
  { title: 'a load-user response ({user})', schema: 'mgmt-user-response', body: () => ({ user: user() }) },
  { title: 'a generate-OTP request', schema: 'mgmt-generate-otp-request', body: () => ({ loginId: 'conformance-r1a2b3-resend', deliveryMethod: 'sms', loginOptions: { customClaims: null } }) },
  { title: 'a generate-OTP response', schema: 'mgmt-generate-otp-response', body: () => ({ loginId: 'conformance-r1a2b3-resend', code: '482913' }) },
  { title: 'a delete-user request', schema: 'mgmt-delete-user-request', body: () => ({ loginId: 'conformance-r1a2b3-resend' }) },
  { title: 'a search-test-users request', schema: 'mgmt-search-test-users-request', body: () => ({ text: 'conformance-', loginIds: null, limit: 100, page: 0 }) },
  { title: 'a search-test-users response', schema: 'mgmt-users-response', body: () => ({ users: [testUser()], total: 1 }) },
  { title: 'a license response', schema: 'mgmt-license-response', body: () => ({ rateLimitTier: 'free' }) },
  { title: 'an empty success ({})', schema: 'empty', body: () => ({}) },
  {
    title: 'an emulator outbox',
    schema: 'emulator/outbox-response',
    body: () => ({
      messages: [
        { id: 'sms-1', loginId: PHONE, phone: PHONE, code: '482913', body: 'Your code is 482913', sentAt: NOW, expiresAt: NOW + 180, valid: false, state: 'replaced' },
        { id: 'sms-2', loginId: PHONE, phone: PHONE, code: '730155', body: 'Your code is 730155', sentAt: NOW + 5, expiresAt: NOW + 185, valid: true, state: 'pending' },
      ],
    }),
  },
  { title: 'an emulator clock state', schema: 'emulator/clock', pointer: '/$defs/state', body: () => ({ now: NOW + 181, offsetSeconds: 181 }) },
  { title: 'an emulator clock advance request', schema: 'emulator/clock', pointer: '/$defs/advanceRequest', body: () => ({ advanceSeconds: 181 }) },
  { title: 'a fault switch-on request with options', schema: 'emulator/faults', pointer: '/$defs/switchOnRequest', body: () => ({ name: 'latency', ms: 200, route: '/v1/auth/otp/signin/sms' }) },
  { title: 'a project-create request with a fault', schema: 'emulator/projects', pointer: '/$defs/createRequest', body: () => ({ faults: ['latency?ms=200'] }) },
  { title: 'a created project', schema: 'emulator/projects', pointer: '/$defs/project', body: () => ({ projectId: 'P2NAMEDPR0JECT00000000000001', main: false, managementKey: 'K2abc' }) },
  { title: 'the project list', schema: 'emulator/projects', pointer: '/$defs/list', body: () => ({ projects: [{ projectId: 'P2NAMEDPR0JECT00000000000001', main: true }] }) },
  { title: 'the emulator fault list', schema: 'emulator/faults', pointer: '/$defs/list', body: () => ({ faults: [{ name: 'latency', kind: 'outside-world', description: 'Every matching request waits.', breaks: [], active: true, options: { ms: 200 } }, { name: 'reusable-codes', kind: 'infidelity', description: 'A code works more than once.', breaks: ['VERIFY-CODE-SINGLE-USE'], active: false }] }) },
  {
    title: 'an emulator seed-users request',
    schema: 'emulator/seed-users-request',
    body: () => ({ users: [{ loginId: PHONE, phone: PHONE, name: 'Ada Lovelace', email: 'ada@example.com', verifiedPhone: true, status: 'enabled' }] }),
  },
  { title: 'the default profile file fixtures/profiles/emulator-default.json', schema: 'emulator/profile', body: () => JSON.parse(readFileSync(join(paths.profiles, 'emulator-default.json'), 'utf8')) },
  { title: 'a real-shaped JWT', schema: 'common', pointer: '/$defs/jwt', body: () => verifyResponse().sessionJwt },
  { title: 'an E.164 phone', schema: 'common', pointer: '/$defs/e164Phone', body: () => PHONE },
  { title: 'a unix time', schema: 'common', pointer: '/$defs/unixSeconds', body: () => NOW },
  { title: 'a 6-digit code', schema: 'common', pointer: '/$defs/otpCode', body: () => '048213' },
  ...FACT_ERROR_CODES.map(({ errorCode, status, meaning }) => ({
    title: `an error body with ${errorCode} (${meaning}, ${status})`,
    schema: 'error' as const,
    body: () => errorBody(errorCode, meaning),
  })),
  { title: 'an error body with only errorCode', schema: 'error', body: () => ({ errorCode: 'E011001' }) },
];

for (const example of examples) {
  test(`${example.schema}${example.pointer ? `#${example.pointer}` : ''} accepts ${example.title}`, () => {
    const result = validate(example.schema, example.body(), example.pointer);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
}

test('every schema file has at least one accepted example here', () => {
  const covered = new Set(examples.map((e) => e.schema));
  const missing = loadSchemaFiles().map((f) => f.name).filter((name) => !covered.has(name as SchemaName));
  expect(missing).toEqual([]);
});

test('the realistic values have the real shapes', () => {
  expect(USER_ID).toMatch(/^U[A-Za-z0-9]{27}$/);
  expect(MASKED_PHONE).toMatch(/^\+\*+\d{4}$/);
  expect(PHONE.endsWith(MASKED_PHONE.slice(-4))).toBe(true);
  const [header, payload, signature] = String(verifyResponse().sessionJwt).split('.');
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ drn: 'DS', sub: USER_ID });
  expect(Buffer.from(signature!, 'base64url')).toHaveLength(256);
});

test.describe('loginOptions as SDKs send it', () => {
  const variants: Array<[string, Record<string, unknown>]> = [
    ['absent', {}],
    ['{}', { loginOptions: {} }],
    ['null', { loginOptions: null }],
    ['with null members (Python sends customClaims: null)', {
      loginOptions: { stepup: null, mfa: null, customClaims: null, templateId: null, templateOptions: null, locale: null, pkceChallenge: null, revokeOtherSessions: null, revokeOtherSessionsTypes: null, ssoAppId: null, tenantId: null },
    }],
    ['with members the pages do not list', { loginOptions: { stepup: false, someFutureOption: 'x' } }],
  ];
  for (const [how, extra] of variants) {
    test(`a sign-in request with loginOptions ${how} is accepted`, () => {
      const result = validate('signin-sms-request', { loginId: PHONE, ...extra });
      expect(result.problems).toEqual([]);
    });
    if ('loginOptions' in extra) {
      test(`the login-options schema accepts loginOptions ${how}`, () => {
        expect(validate('login-options', extra.loginOptions).problems).toEqual([]);
      });
    }
    test(`a generate-OTP request with loginOptions ${how} is accepted`, () => {
      const result = validate('mgmt-generate-otp-request', { loginId: PHONE, deliveryMethod: 'sms', ...extra });
      expect(result.problems).toEqual([]);
    });
  }
});

// Realistic bodies for the contract tests: the reference pages' examples with their "string"/0
// placeholders replaced by values of the real shapes (E.164 phone, RS256 JWTs signed by a real RSA
// key, unix times, `U` + 27-character user IDs, a masked phone like `+*******1234`).
// Every function returns a fresh copy, so a test may change what it gets.
import { generateKeyPairSync, sign } from 'node:crypto';

export const PROJECT_ID = 'P2abcDEFghiJKLmnoPQRstuVWXyz'; // P + 27
export const USER_ID = 'U2fJ8vQx1kLmN3pR5sT7uW9yZaBc'; // U + 27
export const PHONE = '+14155550123';
export const MASKED_PHONE = '+*******0123';
export const NOW = 1767225600; // 2026-01-01T00:00:00Z
export const SESSION_SECONDS = 600;
export const REFRESH_SECONDS = 28 * 24 * 3600;

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const KID = 'SK2pNy7FghJkLmN4pQrStUvWxYz';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWT signed with this file's key: header.payload.signature, all base64url. */
export function signJwt(claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', kid: KID, typ: 'JWT' })}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function sessionClaims(): Record<string, unknown> {
  return {
    amr: ['sms'],
    drn: 'DS',
    exp: NOW + SESSION_SECONDS,
    iat: NOW,
    iss: PROJECT_ID,
    rexp: new Date((NOW + REFRESH_SECONDS) * 1000).toISOString().replace('.000Z', 'Z'),
    sub: USER_ID,
  };
}

export function refreshClaims(): Record<string, unknown> {
  return { ...sessionClaims(), drn: 'DSR', exp: NOW + REFRESH_SECONDS };
}

/** The project's JWK set, with the real public key that signs the JWTs above. */
export function keysResponse(): Record<string, unknown> {
  const jwk = publicKey.export({ format: 'jwk' });
  return { keys: [{ alg: 'RS256', e: jwk.e, kid: KID, kty: 'RSA', n: jwk.n, use: 'sig' }] };
}

/** The sign-in page's request example, filled in (plus templateId, which SDKs send). */
export function signInRequest(): Record<string, unknown> {
  return {
    loginId: PHONE,
    loginOptions: {
      stepup: false,
      customClaims: { plan: 'pro', seats: 5, beta: true },
      mfa: false,
      ssoAppId: 'descope-default-oidc',
      templateOptions: { appName: 'Acme', supportPhone: '+14155550100' },
      locale: 'en-US',
      pkceChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      revokeOtherSessions: true,
    },
    providerId: 'twilio',
    ssoAppId: 'descope-default-oidc',
    templateId: 'sms-signin-en',
  };
}

/** The verify page's user example, filled in. */
export function user(): Record<string, unknown> {
  return {
    loginIds: [PHONE],
    userId: USER_ID,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: PHONE,
    verifiedEmail: true,
    verifiedPhone: true,
    roleNames: ['Tenant Admin'],
    userTenants: [{ tenantId: 'T2abcDEFghiJKLmnoPQRstuVWXyz', roleNames: ['Tenant Admin'], tenantName: 'Acme Inc.' }],
    status: 'enabled',
    externalIds: [PHONE],
    picture: 'https://example.com/ada.png',
    test: false,
    customAttributes: { department: 'R&D' },
    createdTime: NOW - 86_400,
    TOTP: false,
    SAML: false,
    OAuth: { google: false, github: false },
    webauthn: true,
    password: true,
    ssoAppIds: ['descope-default-oidc'],
    givenName: 'Ada',
    middleName: 'Augusta',
    familyName: 'Lovelace',
    editable: true,
  };
}

/** The verify page's response example, filled in (idpResponse as on the page). */
export function verifyResponse(): Record<string, unknown> {
  return {
    sessionJwt: signJwt(sessionClaims()),
    refreshJwt: signJwt(refreshClaims()),
    cookieDomain: 'auth.example.com',
    cookiePath: '/',
    cookieMaxAge: REFRESH_SECONDS,
    cookieExpiration: NOW + REFRESH_SECONDS,
    sessionExpiration: NOW + SESSION_SECONDS,
    user: user(),
    firstSeen: false,
    idpResponse: {
      samlResponse: '',
      samlGeneratedUser: '',
      samlGeneratedRoles: '',
      oidcResponse: '',
      oidcGeneratedUser: '',
      oidcGeneratedRoles: '',
    },
  };
}

/** A test user as the management API answers it. */
export function testUser(): Record<string, unknown> {
  return {
    ...user(),
    loginIds: ['conformance-r1a2b3-resend'],
    name: 'Conformance resend',
    email: '',
    test: true,
    userTenants: [],
    roleNames: [],
    ssoAppIds: [],
    OAuth: {},
  };
}

/** The error codes the facts file names, each with the status it gives (or the likeliest). */
export const FACT_ERROR_CODES: ReadonlyArray<{ errorCode: string; status: number; meaning: string }> = [
  { errorCode: 'E011001', status: 400, meaning: 'bad request (malformed)' },
  { errorCode: 'E011002', status: 400, meaning: 'missing arguments' },
  { errorCode: 'E011003', status: 400, meaning: 'invalid request' },
  { errorCode: 'E011004', status: 400, meaning: 'invalid arguments' },
  { errorCode: 'E061102', status: 401, meaning: 'wrong OTP code' },
  { errorCode: 'E061103', status: 401, meaning: 'too many wrong OTP attempts' },
  { errorCode: 'E061104', status: 401, meaning: 'OTP code expired' },
  { errorCode: 'E062108', status: 400, meaning: 'user not found' },
  { errorCode: 'E112102', status: 404, meaning: 'management: user not found' },
  { errorCode: 'E013002', status: 400, meaning: 'test users limit exceeded' },
  { errorCode: 'E111111', status: 400, meaning: 'failed to create user' },
  { errorCode: 'E130429', status: 429, meaning: 'rate limit exceeded' },
];

export function errorBody(errorCode: string, meaning: string): Record<string, unknown> {
  const message = `Request failed: ${meaning}`;
  return { errorCode, errorDescription: meaning, errorMessage: message, message };
}

// Generated from the JSON Schemas under schemas/ by specs/generate-types.ts (`npm run types`): do not
// edit. A body open to further fields is typed by the fields its schema names.

/**
 * Sign-in options. SDKs send it absent, as {}, as null, or with null members (Python sends customClaims: null): all are accepted. Unknown members are ignored.
 */
export type LoginOptions = {
  stepup?: boolean | null;
  mfa?: boolean | null;
  customClaims?: {
    [k: string]: string | number | boolean;
  } | null;
  templateId?: string | null;
  templateOptions?: {
    [k: string]: string;
  } | null;
  locale?: string | null;
  pkceChallenge?: string | null;
  ssoAppId?: string | null;
  tenantId?: string | null;
  revokeOtherSessions?: boolean | null;
  revokeOtherSessionsTypes?: string[] | null;
} | null;

/**
 * The page's example shows maskedPhone and every SDK reads it (Python throws without it), although the prose says 'an empty response object': the example is the contract. verificationAttempts appears on some responses, meaning undocumented. Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface SigninSmsResponse {
  maskedPhone: string;
  verificationAttempts?: number;
}

/**
 * Required: every field of the reference page's example except idpResponse (filled only by SAML/OIDC sign-ins). That includes sessionExpiration, which not every version of the page shows but the web SDK depends on: it is the SDK's login indicator and the time it schedules its next refresh from (core-js JWTResponse types it as non-optional). The user of an SMS sign-in must carry its E.164 phone and verifiedPhone. claims, cookieName and sessionCookieName are typed when present (SDKs read them). Open to further fields.
 */
export interface VerifySmsResponse {
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  sessionJwt: string;
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  refreshJwt: string;
  cookieDomain: string;
  cookiePath: string;
  cookieMaxAge: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  cookieExpiration: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  sessionExpiration: number;
  cookieName?: string;
  sessionCookieName?: string;
  claims?: {
    [k: string]: unknown;
  };
  user: User & {
    /**
     * A phone number in E.164 form: '+', a non-zero country digit, at most 15 digits in all.
     */
    phone: string;
    verifiedPhone: boolean;
  };
  firstSeen: boolean;
  idpResponse?: {
    samlResponse?: string;
    samlGeneratedUser?: string;
    samlGeneratedRoles?: string;
    oidcResponse?: string;
    oidcGeneratedUser?: string;
    oidcGeneratedRoles?: string;
  } | null;
}

/**
 * Required: what the Kotlin SDK fails without (userId, loginIds, createdTime, status, roleNames, ssoAppIds, OAuth). Every other field of the reference page's example is typed when present. Open to further fields: the service adds them over time.
 */
export interface User {
  userId: string;
  /**
   * @minItems 1
   */
  loginIds: [string, ...string[]];
  name?: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  email?: string;
  /**
   * A user's phone attribute: E.164, or empty when the user has none.
   */
  phone?: string;
  verifiedEmail?: boolean;
  verifiedPhone?: boolean;
  roleNames: string[];
  userTenants?: UserTenant[];
  status: 'enabled' | 'disabled' | 'invited' | 'expired';
  externalIds?: string[];
  picture?: string;
  test?: boolean;
  customAttributes?: {
    [k: string]: unknown;
  };
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  createdTime: number;
  TOTP?: boolean;
  SAML?: boolean;
  SCIM?: boolean;
  OIDC?: boolean;
  OAuth: {
    [k: string]: boolean;
  };
  webauthn?: boolean;
  password?: boolean;
  ssoAppIds: string[];
  editable?: boolean;
}

export interface UserTenant {
  tenantId: string;
  roleNames?: string[];
  tenantName?: string;
}

/**
 * Descope's JWTResponse, as verify answers it. Required: sessionJwt (the point of a refresh), sessionExpiration (the web SDK's login indicator and the time its next refresh is scheduled from) and cookieExpiration (when the SDK's refresh cookie expires). The other fields are typed when present (SDKs read them); user, when present, is the signed-in user. Open to further fields, like every success body: the reference page lists more (externalToken, trustedDeviceJwt, tenantSSOID, idpResponse…) and the service adds fields over time, so rejecting unknown ones would fail against the real service for no reason.
 */
export interface SessionRefreshResponse {
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  sessionJwt: string;
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  refreshJwt?: string;
  cookieDomain?: string;
  cookiePath?: string;
  cookieMaxAge?: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  cookieExpiration: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  sessionExpiration: number;
  cookieName?: string;
  sessionCookieName?: string;
  claims?: {
    [k: string]: unknown;
  };
  user?: User;
  firstSeen?: boolean;
  nextRefreshSeconds?: number;
}

/**
 * The fields of the refresh answer (session-refresh-response), typed the same way, every one optional: with a valid session try-refresh answers as refresh does; without one it answers {} rather than an error (the reference page: a copy of JWTResponse with all fields optional, so that an empty answer sends no zero values). Open to further fields, like every success body: the service adds fields over time.
 */
export interface SessionTryRefreshResponse {
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  sessionJwt?: string;
  /**
   * A compact JWS: three base64url segments separated by dots.
   */
  refreshJwt?: string;
  cookieDomain?: string;
  cookiePath?: string;
  cookieMaxAge?: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  cookieExpiration?: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  sessionExpiration?: number;
  cookieName?: string;
  sessionCookieName?: string;
  claims?: {
    [k: string]: unknown;
  };
  user?: User;
  firstSeen?: boolean;
  nextRefreshSeconds?: number;
}

/**
 * What the SDKs read from a decoded token (facts: Tokens). drn is DS for a session, DSR for a refresh token. aud, when present, contains the project ID (checked by the suite, not here). Custom claims and others are allowed.
 */
export interface SessionClaims {
  drn: 'DS' | 'DSR';
  sub: string;
  iss: string;
  iat: number;
  exp: number;
  amr?: string[];
  rexp?: string;
  tu?: boolean;
  su?: boolean;
  aud?: string | string[];
}

/**
 * Every failure. errorCode is always present and non-empty (the Go SDK rejects an error body without it); message mirrors errorMessage. Open to further fields.
 */
export interface DescopeErrorBody {
  errorCode: string;
  errorDescription?: string;
  errorMessage?: string;
  message?: string;
}

/**
 * The project's public signing keys as a JWK set. RSA keys (the SDKs build RSA verifiers); kid is required because the JS SDK selects keys by it. Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface KeysResponse {
  /**
   * @minItems 1
   */
  keys: [SigningKey, ...SigningKey[]];
}

export interface SigningKey {
  alg: string;
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
}

/**
 * POST /v1/mgmt/user/create/test and GET /v1/mgmt/user answer {user}. Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface MgmtUserResponse {
  user: User;
}

/**
 * Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface MgmtUsersResponse {
  users: User[];
  total?: number;
}

/**
 * Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface MgmtGenerateOtpResponse {
  loginId: string;
  /**
   * A one-time code as the management API returns it: digits only.
   */
  code: string;
}

/**
 * The Go, Node and Python SDKs call it when built with a management key. Open to further fields on purpose: the real service adds fields over time, so a success schema that rejected them would fail against staging for no reason; the fields it names are typed.
 */
export interface MgmtLicenseResponse {
  rateLimitTier: string;
}

/**
 * The SMS messages the emulator 'sent', newest last: a bounded ring, oldest dropped. valid tells whether the code would still verify now (not used, not replaced, not expired, attempts left).
 */
export interface OutboxResponse {
  messages: OutboxMessage[];
}

export interface OutboxMessage {
  id: string;
  loginId: string;
  /**
   * A phone number in E.164 form: '+', a non-zero country digit, at most 15 digits in all.
   */
  phone: string;
  code: string;
  body: string;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  sentAt: number;
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  expiresAt: number;
  valid: boolean;
  state: 'pending' | 'used' | 'replaced' | 'expired' | 'locked';
}

export interface ClockState {
  /**
   * A point in time as whole seconds since the Unix epoch.
   */
  now: number;
  offsetSeconds: number;
}

/**
 * The values the facts leave open (OBSERVED requirements), as one target answers them. The suite asserts OBSERVED values against the target's profile when it has one.
 */
export interface Profile {
  name: string;
  code: {
    length: number;
    expirySeconds: number;
    maxWrongAttempts: number;
    signInReplacesGeneratedCode: boolean;
  };
  /**
   * Each open error: its errorCode and HTTP status.
   */
  errors: {
    [k: string]: {
      errorCode: string;
      status: number;
      /**
       * A more specific code named at the start of the message, as [E013002] (the test-user cap).
       */
      cause?: string;
    };
  };
  tokens: {
    sessionSeconds: number;
    refreshSeconds: number;
  };
  limits?: {
    sendThrottleSeconds?: number;
    rateLimitPerMinute?: number;
    testUserCap?: number;
    /**
     * The largest request body accepted, in KiB (INPUT-BODY-LIMIT).
     */
    maxBodyKiB?: number;
  };
}

export interface FaultList {
  faults: Fault[];
}

export interface Fault {
  name: string;
  kind: 'infidelity' | 'outside-world';
  description: string;
  /**
   * Infidelity faults: the requirement IDs (specs/requirements.json) this fault breaks.
   */
  breaks: string[];
  active: boolean;
  options?: {
    [k: string]: unknown;
  };
}

export interface ProjectList {
  projects: Project[];
}

export interface Project {
  projectId: string;
  /**
   * The project the emulator was started with; /emulator/v1/<endpoint> acts on it.
   */
  main: boolean;
  /**
   * Only in the answer to a create.
   */
  managementKey?: string;
}

export interface SeedUser {
  /**
   * The identifier a user signs in with: not necessarily a phone number.
   */
  loginId: string;
  /**
   * A phone number in E.164 form: '+', a non-zero country digit, at most 15 digits in all.
   */
  phone?: string;
  name?: string;
  email?: string;
  verifiedPhone?: boolean;
  status?: 'enabled' | 'disabled' | 'invited' | 'expired';
}

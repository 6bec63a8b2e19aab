// Descope error codes and statuses. Which code and status each failure gets is a setting (the
// profile's `errors`), never a literal in a handler: a handler names the failure, this module
// turns it into production's body shape {errorCode, errorDescription, errorMessage, message}.
import type { ErrorSetting } from './profile.ts';

/** The failures handlers can name. Each must exist in the effective profile's `errors`. */
export type ErrorKind =
  | 'wrongCode' | 'expiredCode' | 'tooManyAttempts' | 'unknownLoginId'
  | 'malformedJson' | 'missingField' | 'invalidField' | 'unauthorized'
  | 'managementUserNotFound' | 'bodyTooLarge' | 'routeNotFound' | 'rateLimited'
  // The facts give no code or status for these: the default profile file holds the emulator's picks.
  | 'userHasNoPhone' | 'userNotEnabled' | 'userAlreadyExists' | 'notTestUser'
  | 'testUserCapExceeded' | 'unknownProject'
  // A refresh JWT used after its session was logged out: the Go SDK names E064001 for it.
  | 'sessionLoggedOut'
  // A CORS preflight from an origin the project does not allow.
  | 'originNotAllowed';

const DESCRIPTIONS: Record<ErrorKind, string> = {
  wrongCode: 'Wrong OTP code',
  expiredCode: 'OTP code expired',
  tooManyAttempts: 'Too many OTP attempts',
  unknownLoginId: 'User not found',
  malformedJson: 'Bad request',
  missingField: 'Missing arguments',
  invalidField: 'Invalid request',
  unauthorized: 'Unauthorized',
  managementUserNotFound: 'User not found',
  bodyTooLarge: 'Request too large',
  routeNotFound: 'Not found',
  rateLimited: 'Rate limit exceeded',
  userHasNoPhone: 'Invalid arguments',
  userNotEnabled: 'User not enabled',
  userAlreadyExists: 'User already exists',
  notTestUser: 'Not a test user',
  testUserCapExceeded: 'Failed to create user',
  unknownProject: 'Invalid request',
  sessionLoggedOut: 'Token expired by logged out',
  originNotAllowed: 'Origin not allowed',
};

/** A failure on its way to becoming a Descope error response. */
export class DescopeError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorDescription: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body() {
    return {
      errorCode: this.errorCode,
      errorDescription: this.errorDescription,
      errorMessage: this.message,
      message: this.message,
    };
  }
}

/** Only for a genuine bug: outside the profile, whose statuses are all 4xx. */
export function internalError(): DescopeError {
  return new DescopeError(500, 'E010001', 'Internal error', 'Unexpected emulator error');
}

export type Fail = (kind: ErrorKind, message?: string, headers?: Record<string, string>) => DescopeError;

/** Binds the profile's error settings: `fail('wrongCode')` builds the configured error. */
export function errorFactory(settings: Record<string, ErrorSetting>): Fail {
  return (kind, message, headers) => {
    const setting = settings[kind];
    if (!setting) throw new Error(`no error setting for ${kind} in the profile`);
    const description = DESCRIPTIONS[kind];
    const text = message ?? description;
    return new DescopeError(setting.status, setting.errorCode, description, setting.cause ? `[${setting.cause}] ${text}` : text, headers);
  };
}

// Named faults: ways the emulator can misbehave on request. Two kinds:
// - infidelity: what real emulators and services get wrong; each names the requirement(s) of
//   specs/requirements.json it breaks, and the conformance suite must catch it through one of them
//   (`npm run mutation` proves it does);
// - outside-world: what users' own apps must survive (SMS provider down, latency, rate limits).
// This registry is the one list of what exists; a fault name is a type, so a misspelt one in a
// handler does not compile. Handlers ask `hasFault(project, name)` / `faultOptions(project, name)`.

export type FaultKind = 'infidelity' | 'outside-world';

interface FaultDefinition {
  readonly kind: FaultKind;
  readonly description: string;
  /** Infidelity faults: the requirements this fault breaks. */
  readonly breaks?: readonly string[];
}

export const FAULTS = {
  'keep-earlier-codes': { kind: 'infidelity', breaks: ['SIGNIN-INVALIDATES-EARLIER-CODES', 'SIGNIN-CONCURRENT-ONE-VALID-CODE'], description: 'A new code does not invalidate the earlier ones: every code sent stays valid.' },
  'reusable-codes': { kind: 'infidelity', breaks: ['VERIFY-CODE-SINGLE-USE'], description: 'A code works more than once.' },
  'accept-any-code': { kind: 'infidelity', breaks: ['VERIFY-WRONG-CODE-FAILS', 'VERIFY-OTHER-USERS-CODE-FAILS'], description: 'Verify accepts any code for a registered user.' },
  'accept-unregistered': { kind: 'infidelity', breaks: ['SIGNIN-UNREGISTERED-FAILS', 'SIGNIN-UNREGISTERED-ERROR-CODE'], description: 'Sign-in for an unregistered login ID answers 200 with a masked phone.' },
  'verify-missing-refresh-jwt': { kind: 'infidelity', breaks: ['VERIFY-RESPONSE-SCHEMA', 'VERIFY-SUCCESS-RETURNS-TOKENS'], description: 'The verify response lacks refreshJwt, a required field.' },
  'verify-wrong-type': { kind: 'infidelity', breaks: ['VERIFY-RESPONSE-SCHEMA'], description: 'The verify response carries cookieMaxAge as a string.' },
  'full-phone-in-masked-phone': { kind: 'infidelity', breaks: ['SIGNIN-MASKED-PHONE-HIDES-NUMBER'], description: 'maskedPhone is the full phone number.' },
  'wrong-code-error-code': { kind: 'infidelity', breaks: ['VERIFY-WRONG-CODE-FAILS', 'ERROR-WRONG-CODE'], description: 'A wrong code fails with E061101 instead of E061102.' },
  'error-without-error-code': { kind: 'infidelity', breaks: ['ERRORS-DESCOPE-SHAPE'], description: 'Error bodies lack errorCode.' },
  'malformed-json-500': { kind: 'infidelity', breaks: ['INPUT-MALFORMED-JSON-REFUSED', 'ERRORS-NO-RETRYABLE-STATUS'], description: 'A body that is not JSON gets a 500.' },
  'management-key-unchecked': { kind: 'infidelity', breaks: ['MGMT-WRONG-KEY-REFUSED'], description: 'Management calls succeed with any key, or none.' },
  'foreign-signing-key': { kind: 'infidelity', breaks: ['TOKENS-VERIFY-WITH-PROJECT-KEYS'], description: 'Session JWTs are signed with a key that is not in the key set.' },
  'expired-session-jwt': { kind: 'infidelity', breaks: ['TOKENS-VERIFY-WITH-PROJECT-KEYS'], description: 'Session JWTs are issued already expired.' },
  'wrong-user-session': { kind: 'infidelity', breaks: ['VERIFY-RETURNS-SIGNED-IN-USER'], description: 'Verify answers with the session and user of another user.' },
  'no-attempt-limit': { kind: 'infidelity', breaks: ['VERIFY-ATTEMPT-LIMIT'], description: 'Wrong codes never lock a code.' },
  'codes-never-expire': { kind: 'infidelity', breaks: ['VERIFY-EXPIRED-CODE-FAILS', 'CODE-EXPIRY'], description: 'Codes verify forever.' },
  'text-content-type': { kind: 'infidelity', breaks: ['RESPONSES-ARE-JSON'], description: 'Responses say Content-Type: text/plain.' },
  'echo-management-key': { kind: 'infidelity', breaks: ['RESPONSES-NO-SECRETS-ECHOED'], description: 'Management errors quote the key they were given.' },
  'phone-not-verified': { kind: 'infidelity', breaks: ['VERIFY-MARKS-PHONE-VERIFIED'], description: 'A successful verify leaves verifiedPhone false.' },
  'verify-race': { kind: 'infidelity', breaks: ['VERIFY-CONCURRENT-SINGLE-SUCCESS'], description: 'Verify checks a code, waits, then consumes it: concurrent verifies all succeed.' },
  'stepup-without-refresh-jwt': { kind: 'infidelity', breaks: ['SIGNIN-STEPUP-REQUIRES-REFRESH-JWT'], description: 'Step-up and MFA sign-ins are accepted with a plain project bearer.' },
  'custom-claims-dropped': { kind: 'infidelity', breaks: ['SIGNIN-CUSTOM-CLAIMS-IN-SESSION'], description: 'customClaims never reach the session JWT.' },
  'unknown-project-accepted': { kind: 'infidelity', breaks: ['AUTH-UNKNOWN-PROJECT-REFUSED'], description: 'Auth calls for any project ID are served.' },
  'session-lifetime-3600': { kind: 'infidelity', breaks: ['TOKENS-SESSION-LIFETIME'], description: 'Session JWTs live 3600 s while the profile says otherwise.' },
  'first-seen-always-true': { kind: 'infidelity', breaks: ['VERIFY-FIRST-SEEN'], description: 'firstSeen is true on every sign-in.' },
  'echoed-code': { kind: 'infidelity', breaks: ['RESPONSES-NO-SECRETS-ECHOED'], description: 'The sign-in answer carries the code it just sent (a debug field left in).' },
  'prefix-code-comparison': { kind: 'infidelity', breaks: ['VERIFY-CODE-EXACT-MATCH'], description: 'A code is accepted when it is a prefix of the right one, or the right one a prefix of it.' },
  'whitespace-trimmed-codes': { kind: 'infidelity', breaks: ['VERIFY-CODE-EXACT-MATCH'], description: 'Surrounding whitespace is trimmed from a submitted code before comparing.' },
  'digit-script-folding': { kind: 'infidelity', breaks: ['VERIFY-CODE-EXACT-MATCH'], description: 'Full-width and other-script digits are folded to ASCII before comparing.' },
  'numeric-code-comparison': { kind: 'infidelity', breaks: ['VERIFY-CODE-EXACT-MATCH'], description: 'Codes are compared as numbers: a leading zero dropped or added still matches.' },
  'predictable-codes': { kind: 'infidelity', breaks: ['CODE-UNPREDICTABLE'], description: 'Codes come from a counter, each the last plus one.' },
  'refresh-accepts-any-token': { kind: 'infidelity', breaks: ['SESSION-INVALID-TOKEN-REFUSED'], description: 'Refresh, me and logout accept any refresh token, even a forged one, as the first user of the project.' },
  'logout-does-not-revoke': { kind: 'infidelity', breaks: ['SESSION-LOGOUT-REVOKES'], description: 'Logout answers {} but the refresh token keeps working.' },
  'no-session-expiration': { kind: 'infidelity', breaks: ['SESSION-EXPIRATION-FIELDS'], description: 'Verify and refresh answers lack sessionExpiration (the web SDK then neither marks the user logged in nor schedules a refresh).' },
  'try-refresh-fails-without-session': { kind: 'infidelity', breaks: ['SESSION-TRY-REFRESH-WITHOUT-SESSION'], description: 'Try-refresh without a valid session answers 401, as refresh does.' },
  'me-wrapped-user': { kind: 'infidelity', breaks: ['SESSION-ME-RETURNS-USER'], description: 'Me answers {user: {...}} instead of the user itself.' },
  'refresh-cookie-ignored': { kind: 'infidelity', breaks: ['SESSION-REFRESH-COOKIE'], description: 'The refresh token in the DSR cookie is not read: only the bearer counts.' },
  'cors-wildcard-origin': { kind: 'infidelity', breaks: ['CORS-CREDENTIALED-ANSWER'], description: 'CORS answers Access-Control-Allow-Origin: *, which a credentialed browser request refuses.' },
  'cors-no-preflight': { kind: 'infidelity', breaks: ['CORS-PREFLIGHT'], description: 'CORS preflights (OPTIONS) answer 404: a browser never sends the real request.' },
  'cors-any-origin': { kind: 'infidelity', breaks: ['CORS-DISALLOWED-ORIGIN'], description: 'Every origin gets a CORS grant, not only the allowed ones.' },
  'fifteen-minute-codes': { kind: 'infidelity', breaks: ['CODE-EXPIRY-WITHIN-10-MINUTES'], description: 'Codes live 15 minutes, whatever the profile says (ASVS 2.7.2 allows 10).' },
  'sms-provider-down': { kind: 'outside-world', description: 'Sign-in fails as if the SMS provider were down (status and errorCode options; default 502 E069502, an emulator invention).' },
  latency: { kind: 'outside-world', description: 'Every matching request waits `ms` milliseconds (default 500) before it is handled; `route` limits it to one path.' },
  'rate-limit': { kind: 'outside-world', description: 'After `after` requests (default 3) every auth request gets 429 E130429 with Retry-After `retryAfter` seconds (default 2).' },
  flaky: { kind: 'outside-world', description: 'Each matching request fails at random, with probability `rate` (default 0.1), as 503 E130503 (a status SDKs retry); `route` limits it to one path.' },
  'oversized-early-answer': { kind: 'outside-world', description: 'An oversized body is answered at once and the connection closed, as a proxy with a small limit does: a client still sending may see a broken pipe instead of the 413.' },
} as const satisfies Record<string, FaultDefinition>;

export type FaultName = keyof typeof FAULTS;
export type InfidelityFault = { [N in FaultName]: (typeof FAULTS)[N]['kind'] extends 'infidelity' ? N : never }[FaultName];

/** A fault as the control API lists it. */
export interface FaultInfo {
  name: FaultName;
  kind: FaultKind;
  description: string;
  breaks: readonly string[];
}

export const FAULT_LIST: readonly FaultInfo[] = (Object.keys(FAULTS) as FaultName[]).map((name) => {
  const fault: FaultDefinition = FAULTS[name];
  return { name, kind: fault.kind, description: fault.description, breaks: fault.breaks ?? [] };
});

export const INFIDELITY_FAULTS = FAULT_LIST.filter((fault) => fault.kind === 'infidelity').map((fault) => fault.name as InfidelityFault);

/** Whether a name from outside (the CLI, the control API) is a fault this emulator knows. */
export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** Options a fault was switched on with (e.g. latency's `ms`); strings from CLI, any JSON from HTTP. */
export type FaultOptions = Record<string, unknown>;

/** `name` or `name?key=value&key=value` (the CLI's --fault syntax). */
export function parseFaultSpec(spec: string): { name: string; options: FaultOptions } {
  const [name = '', query = ''] = spec.split('?', 2);
  return { name: name.trim(), options: Object.fromEntries(new URLSearchParams(query)) };
}

/** A numeric option, from a CLI string or a JSON number; the default when absent or not a number. */
export function numberOption(options: FaultOptions, key: string, fallback: number): number {
  const value = Number(options[key]);
  return options[key] !== undefined && Number.isFinite(value) ? value : fallback;
}

// Named faults: ways the emulator can misbehave on request. Two kinds:
// - infidelity: what real emulators and services get wrong; the conformance suite must catch each
//   (`npm run mutation` proves it does);
// - outside-world: what users' own apps must survive (SMS provider down, latency, rate limits).
// Handlers ask `faultOptions(project, name)`; the registry here is the one list of what exists.

export type FaultKind = 'infidelity' | 'outside-world';

export interface FaultInfo {
  name: string;
  kind: FaultKind;
  description: string;
}

/** Options a fault was switched on with (e.g. latency's `ms`); strings from CLI, any JSON from HTTP. */
export type FaultOptions = Record<string, unknown>;

const infidelity = (name: string, description: string): FaultInfo => ({ name, kind: 'infidelity', description });
const outsideWorld = (name: string, description: string): FaultInfo => ({ name, kind: 'outside-world', description });

export const FAULTS: readonly FaultInfo[] = [
  infidelity('keep-earlier-codes', 'A new code does not invalidate the earlier ones: every code sent stays valid.'),
  infidelity('reusable-codes', 'A code works more than once.'),
  infidelity('accept-any-code', 'Verify accepts any code for a registered user.'),
  infidelity('accept-unregistered', 'Sign-in for an unregistered login ID answers 200 with a masked phone.'),
  infidelity('verify-missing-refresh-jwt', 'The verify response lacks refreshJwt, a required field.'),
  infidelity('verify-wrong-type', 'The verify response carries cookieMaxAge as a string.'),
  infidelity('full-phone-in-masked-phone', 'maskedPhone is the full phone number.'),
  infidelity('wrong-code-error-code', 'A wrong code fails with E061101 instead of E061102.'),
  infidelity('error-without-error-code', 'Error bodies lack errorCode.'),
  infidelity('malformed-json-500', 'A body that is not JSON gets a 500.'),
  infidelity('management-key-unchecked', 'Management calls succeed with any key, or none.'),
  infidelity('foreign-signing-key', 'Session JWTs are signed with a key that is not in the key set.'),
  infidelity('expired-session-jwt', 'Session JWTs are issued already expired.'),
  infidelity('wrong-user-session', 'Verify answers with the session and user of another user.'),
  infidelity('no-attempt-limit', 'Wrong codes never lock a code.'),
  infidelity('codes-never-expire', 'Codes verify forever.'),
  infidelity('text-content-type', 'Responses say Content-Type: text/plain.'),
  infidelity('echo-management-key', 'Management errors quote the key they were given.'),
  infidelity('phone-not-verified', 'A successful verify leaves verifiedPhone false.'),
  infidelity('verify-race', 'Verify checks a code, waits, then consumes it: concurrent verifies all succeed.'),
  infidelity('stepup-without-refresh-jwt', 'Step-up and MFA sign-ins are accepted with a plain project bearer.'),
  infidelity('custom-claims-dropped', 'customClaims never reach the session JWT.'),
  infidelity('unknown-project-accepted', 'Auth calls for any project ID are served.'),
  infidelity('session-lifetime-3600', 'Session JWTs live 3600 s while the profile says otherwise.'),
  infidelity('first-seen-always-true', 'firstSeen is true on every sign-in.'),
  outsideWorld('sms-provider-down', 'Sign-in fails as if the SMS provider were down (status and errorCode options; default 502 E069502, an emulator invention).'),
  outsideWorld('latency', 'Every matching request waits `ms` milliseconds (default 500) before it is handled; `route` limits it to one path.'),
  outsideWorld('rate-limit', 'After `after` requests (default 3) every auth request gets 429 E130429 with Retry-After `retryAfter` seconds (default 2).'),
  outsideWorld('flaky', 'Each matching request fails at random, with probability `rate` (default 0.1), as 503 E130503 (a status SDKs retry); `route` limits it to one path.'),
  outsideWorld('oversized-early-answer', 'An oversized body is answered at once and the connection closed, as a proxy with a small limit does: a client still sending may see a broken pipe instead of the 413.'),
];

export const FAULT_REGISTRY: ReadonlyMap<string, FaultInfo> = new Map(FAULTS.map((fault) => [fault.name, fault]));

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

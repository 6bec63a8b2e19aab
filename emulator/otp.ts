// The SMS one-time-password operations: issueCode, invalidateEarlierCodes, checkStepUp,
// sendSignInCode, verifyCode and completeSignIn. Reading and consuming a code happen in one
// synchronous step, so concurrent verifies of one code cannot both succeed.
import { codeMatches, drawCode } from './codes.ts';
import { maskPhone } from './phone.ts';
import { DescopeError } from './errors.ts';
import { numberOption } from './faults.ts';
import { faultOptions, hasFault, type Project } from './project.ts';
import { newId, type CodeClaims, type CodeRecord, type UserRecord } from './store.ts';
import { userView } from './users.ts';

/** What the verify response says about cookies; production's SDK examples show these. */
export const SESSION_COOKIE = { domain: '', path: '/' };

export type CodeState = 'pending' | 'used' | 'replaced' | 'expired' | 'locked';

/** SIGNIN-INVALIDATES-EARLIER-CODES: the user's pending codes go; a sign-in of a test user may keep management-generated ones (CODE-SIGNIN-REPLACES-GENERATED). */
export function invalidateEarlierCodes(project: Project, user: UserRecord, options: { keepGenerated: boolean }): CodeRecord[] {
  const pending = project.store.pendingCodes.get(user.userId) ?? [];
  if (hasFault(project, 'keep-earlier-codes')) return pending;
  const kept = pending.filter((record) => options.keepGenerated && record.source === 'generated');
  for (const record of pending) if (!kept.includes(record)) record.state = 'replaced';
  return kept;
}

/** A new code for the user: earlier codes are replaced and the wrong-attempt count starts again. */
export function issueCode(project: Project, user: UserRecord, source: CodeRecord['source'], claims: CodeClaims): CodeRecord {
  const { code: settings } = project.profile;
  // The live service's own integration tests depend on a test user's sign-in leaving a generated code usable.
  const keepGenerated = source === 'sms' && user.test && !settings.signInReplacesGeneratedCode;
  const kept = invalidateEarlierCodes(project, user, { keepGenerated });
  const nowMs = project.clock.nowMs();
  const record: CodeRecord = {
    id: newId('M'),
    userId: user.userId,
    loginId: user.loginIds[0]!,
    phone: user.phone,
    code: drawCode(project, settings.length),
    source,
    sentAt: nowMs,
    // CODE-EXPIRY; the fault keeps codes 15 minutes, past the 10 ASVS 2.7.2 allows.
    expiresAt: nowMs + (hasFault(project, 'fifteen-minute-codes') ? 900 : settings.expirySeconds) * 1000,
    state: 'pending',
    claims,
  };
  project.store.pendingCodes.set(user.userId, [...kept, record]);
  project.store.wrongAttempts.set(user.userId, 0);
  return record;
}

/** The state a code is in now, as the outbox shows it. */
export function codeState(project: Project, record: CodeRecord): CodeState {
  if (record.state !== 'pending') return record.state;
  if (isLocked(project, record.userId)) return 'locked';
  if (isExpired(project, record)) return 'expired';
  return 'pending';
}

/** VERIFY-ATTEMPT-LIMIT: after the profile's number of wrong codes, no code of the user verifies. */
function isLocked(project: Project, userId: string): boolean {
  if (hasFault(project, 'no-attempt-limit')) return false;
  return (project.store.wrongAttempts.get(userId) ?? 0) >= project.profile.code.maxWrongAttempts;
}

/** VERIFY-EXPIRED-CODE-FAILS, CODE-EXPIRY. */
function isExpired(project: Project, record: CodeRecord): boolean {
  return !hasFault(project, 'codes-never-expire') && project.clock.nowMs() >= record.expiresAt;
}

/** The outside-world fault: the SMS provider refuses, so nothing is sent. */
function checkSmsProvider(project: Project): void {
  const options = faultOptions(project, 'sms-provider-down');
  if (!options) return;
  const status = numberOption(options, 'status', 502);
  const errorCode = typeof options.errorCode === 'string' ? options.errorCode : 'E069502';
  throw new DescopeError(status, errorCode, 'SMS provider failed', 'Failed sending the SMS: the provider did not accept it');
}

/** Refuses a second send inside the throttle window (off when the setting is 0). */
function checkSendThrottle(project: Project, user: UserRecord): void {
  const throttle = project.profile.limits.sendThrottleSeconds;
  const last = project.store.lastSendAt.get(user.userId);
  if (throttle <= 0 || last === undefined) return;
  const waitMs = last + throttle * 1000 - project.clock.nowMs();
  if (waitMs > 0) {
    const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
    throw project.fail('rateLimited', `Too many requests, retry after ${retryAfter} seconds`, { 'retry-after': retryAfter });
  }
}

export interface SignInInput {
  loginId: string;
  loginOptions?: {
    stepup?: boolean | null;
    mfa?: boolean | null;
    customClaims?: Record<string, string | number | boolean> | null;
  } | null;
}

/** Whether a sign-in asks for step-up or MFA, which needs the user's refresh JWT (checkStepUp). */
export function asksForStepUp(input: SignInInput): boolean {
  return input.loginOptions?.stepup === true || input.loginOptions?.mfa === true;
}

/**
 * SIGNIN-STEPUP-REQUIRES-REFRESH-JWT: a step-up or MFA sign-in needs a valid refresh JWT of the
 * same user (`Bearer P:<jwt>`). An unknown user is left to sendSignInCode, whose error comes first.
 */
export async function checkStepUp(project: Project, input: SignInInput, refreshJwt: string | undefined): Promise<void> {
  const found = project.store.findByLoginId(input.loginId);
  if (!found || hasFault(project, 'stepup-without-refresh-jwt')) return;
  const claims = refreshJwt ? await project.tokens.verifyRefresh(refreshJwt, project.clock.nowSeconds()) : undefined;
  if (!claims || claims.sub !== found.userId) throw project.fail('unauthorized', 'Step-up and MFA need a valid refresh JWT of the same user');
}

/**
 * POST /v1/auth/otp/signin/sms (SIGNIN-SENDS-CODE, SIGNIN-UNREGISTERED-FAILS): sends a code to the
 * user's phone. Synchronous, so no other request comes between the look-up and the code; a step-up
 * sign-in runs checkStepUp first.
 */
export function sendSignInCode(project: Project, input: SignInInput): { maskedPhone: string; debug?: { code: string } } {
  const { fail, store } = project;
  const user = store.findByLoginId(input.loginId);
  if (!user && hasFault(project, 'accept-unregistered')) return { maskedPhone: '+*******0000' };
  if (!user) throw fail('unknownLoginId', 'User not found');
  if (user.status !== 'enabled') throw fail('userNotEnabled', `User is ${user.status}`);
  if (!user.phone) throw fail('userHasNoPhone', 'User has no phone number to send a code to');
  checkSendThrottle(project, user);
  checkSmsProvider(project);
  const customClaims = input.loginOptions?.customClaims ?? undefined;
  const record = issueCode(project, user, 'sms', { customClaims, stepup: input.loginOptions?.stepup === true, mfa: input.loginOptions?.mfa === true });
  store.lastSendAt.set(user.userId, record.sentAt);
  store.deliver({ id: record.id, body: `Your verification code is ${record.code}`, record });
  const answer = { maskedPhone: hasFault(project, 'full-phone-in-masked-phone') ? user.phone : maskPhone(user.phone) };
  return hasFault(project, 'echoed-code') ? { ...answer, debug: { code: record.code } } : answer;
}

export interface VerifiedCode {
  user: UserRecord;
  record: CodeRecord;
  firstSeen: boolean;
}

/** Checks and consumes a code, synchronously. Throws the configured error for each failure. */
export function verifyCode(project: Project, loginId: string, code: string): VerifiedCode {
  return consumeCode(project, checkCode(project, loginId, code));
}

/**
 * The `verify-race` fault: the same two steps with a pause between them, the classic bug that lets
 * concurrent verifies of one code all succeed.
 */
export async function verifyCodeWithRace(project: Project, loginId: string, code: string): Promise<VerifiedCode> {
  const matched = checkCode(project, loginId, code);
  // Wide enough that concurrent verifies all land inside it, however busy the machine.
  await new Promise((done) => setTimeout(done, 200));
  return consumeCode(project, matched);
}

interface MatchedCode {
  user: UserRecord;
  record: CodeRecord;
}

/** Finds the pending code `code` names; counts a wrong attempt and throws when there is none. */
function checkCode(project: Project, loginId: string, code: string): MatchedCode {
  const { fail, store } = project;
  const user = store.findByLoginId(loginId);
  if (!user) throw fail('unknownLoginId', 'User not found');
  const pending = store.pendingCodes.get(user.userId) ?? [];
  if (pending.length > 0 && isLocked(project, user.userId)) {
    throw fail('tooManyAttempts', 'Too many wrong attempts; request a new code');
  }
  let match: CodeRecord | undefined;
  for (const record of pending) if (codeMatches(project, record.code, code)) match = record; // no early exit
  if (!match && hasFault(project, 'accept-any-code')) match = pending.at(-1) ?? issueCode(project, user, 'generated', { stepup: false, mfa: false });
  if (!match) {
    if (pending.length > 0) store.wrongAttempts.set(user.userId, (store.wrongAttempts.get(user.userId) ?? 0) + 1);
    throw fail('wrongCode', 'Wrong OTP code');
  }
  if (isExpired(project, match)) throw fail('expiredCode', 'OTP code expired');
  return { user, record: match };
}

/** VERIFY-CODE-SINGLE-USE, VERIFY-MARKS-PHONE-VERIFIED, VERIFY-FIRST-SEEN. */
function consumeCode(project: Project, { user, record: match }: MatchedCode): VerifiedCode {
  const { store } = project;
  if (!hasFault(project, 'reusable-codes')) {
    // A completed sign-in ends the user's other pending codes too.
    for (const record of store.pendingCodes.get(user.userId) ?? []) record.state = record === match ? 'used' : 'replaced';
    store.pendingCodes.delete(user.userId);
  }
  store.wrongAttempts.delete(user.userId);
  if (!hasFault(project, 'phone-not-verified')) user.verifiedPhone = true;
  const firstSeen = user.seenAt === undefined || hasFault(project, 'first-seen-always-true');
  user.seenAt ??= project.clock.nowSeconds();
  return { user, record: match, firstSeen };
}

/** The verify response for a consumed code: tokens are signed only after the code is used up. */
export async function completeSignIn(project: Project, { user, record, firstSeen }: VerifiedCode) {
  const tokens = hasFault(project, 'session-lifetime-3600') ? { ...project.profile.tokens, sessionSeconds: 3600 } : project.profile.tokens;
  const subject = hasFault(project, 'wrong-user-session') ? someoneElse(project, user) : user;
  const claims = hasFault(project, 'custom-claims-dropped') ? { ...record.claims, customClaims: undefined } : record.claims;
  const signed = await project.tokens.signSession({ sub: subject.userId, test: subject.test, ...claims }, project.clock.nowSeconds(), tokens, {
    foreignKey: hasFault(project, 'foreign-signing-key'),
    alreadyExpired: hasFault(project, 'expired-session-jwt'),
  });
  const body: Record<string, unknown> = {
    sessionJwt: signed.sessionJwt,
    refreshJwt: signed.refreshJwt,
    cookieDomain: SESSION_COOKIE.domain,
    cookiePath: SESSION_COOKIE.path,
    cookieMaxAge: tokens.refreshSeconds,
    cookieExpiration: signed.refreshExpiration,
    sessionExpiration: signed.sessionExpiration,
    user: userView(subject),
    firstSeen,
  };
  if (hasFault(project, 'verify-missing-refresh-jwt')) delete body.refreshJwt;
  if (hasFault(project, 'verify-wrong-type')) body.cookieMaxAge = String(body.cookieMaxAge);
  if (hasFault(project, 'no-session-expiration')) delete body.sessionExpiration;
  return body;
}

/** For the `wrong-user-session` fault: another user of the project, or a stranger when there is none. */
function someoneElse(project: Project, user: UserRecord): UserRecord {
  return project.store.users().find((other) => other.userId !== user.userId) ?? { ...user, userId: newId('U'), loginIds: [`someone-else-${newId('')}`] };
}

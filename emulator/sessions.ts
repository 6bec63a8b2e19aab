// The session endpoints a signed-in app calls next (what Descope's web SDK calls after verify):
// refresh, try-refresh, me and logout. Each acts on the refresh JWT the caller presents: in the
// bearer (`Bearer <ProjectID>:<refreshJwt>`, the SDK's way when it keeps tokens in localStorage) or
// in the refresh cookie (`DSR`, or the name in `x-descope-refresh-cookie-name`).
import { parse as parseCookies } from 'cookie';
import type { FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { SESSION_COOKIE } from './otp.ts';
import { hasFault, type Project } from './project.ts';
import type { UserRecord } from './store.ts';
import { userView } from './users.ts';

const DEFAULT_REFRESH_COOKIE = 'DSR';

/** The refresh JWT a request presents, if any: the bearer's secret part, else the refresh cookie. */
export function presentedRefreshToken(request: FastifyRequest): string | undefined {
  const fromBearer = request.bearer?.secret;
  if (fromBearer) return fromBearer;
  const header = request.headers.cookie;
  if (!header || hasFault(request.project, 'refresh-cookie-ignored')) return undefined;
  const named = request.headers['x-descope-refresh-cookie-name'];
  const name = typeof named === 'string' && named ? named : DEFAULT_REFRESH_COOKIE;
  return parseCookies(header)[name] || undefined;
}

interface Session {
  user: UserRecord;
  refresh: JWTPayload;
  refreshJwt: string;
}

/** SESSION-INVALID-TOKEN-REFUSED, SESSION-LOGOUT-REVOKES: the session a refresh JWT stands for, or the error why not. */
async function sessionOf(project: Project, refreshJwt: string | undefined): Promise<Session> {
  if (!refreshJwt) throw project.fail('unauthorized', 'No refresh token: sign in first');
  const refresh = await project.tokens.verifyRefresh(refreshJwt, project.clock.nowSeconds());
  if (!refresh && !hasFault(project, 'refresh-accepts-any-token')) throw project.fail('unauthorized', 'Invalid or expired refresh token');
  if (project.store.loggedOut.has(refreshJwt) && !hasFault(project, 'logout-does-not-revoke')) throw project.fail('sessionLoggedOut', 'The session was logged out');
  // The refresh-accepts-any-token fault stands a stranger's token in for the first user it finds.
  const user = refresh ? project.store.findByUserId(String(refresh.sub)) : project.store.users()[0];
  if (!user) throw project.fail('unauthorized', 'The user of this session is gone');
  return { user, refresh: refresh ?? { sub: user.userId, amr: ['sms'] }, refreshJwt };
}

/** POST /v1/auth/refresh: a new session JWT for the same user; the refresh JWT stays the same. */
export async function refreshSession(project: Project, refreshJwt: string | undefined) {
  const session = await sessionOf(project, refreshJwt);
  const now = project.clock.nowSeconds();
  const { sessionJwt, sessionExpiration } = await project.tokens.resignSession(session.refresh, now, project.profile.tokens.sessionSeconds);
  const refreshExpiration = Number(session.refresh.exp ?? now + project.profile.tokens.refreshSeconds);
  const body: Record<string, unknown> = {
    sessionJwt,
    refreshJwt: session.refreshJwt,
    cookieDomain: SESSION_COOKIE.domain,
    cookiePath: SESSION_COOKIE.path,
    cookieMaxAge: Math.max(0, refreshExpiration - now),
    cookieExpiration: refreshExpiration,
    sessionExpiration,
    user: userView(session.user),
    firstSeen: false,
  };
  if (hasFault(project, 'no-session-expiration')) delete body.sessionExpiration;
  return body;
}

/** POST /v1/auth/try-refresh: as refresh, but without a valid session it answers 200 {}, not an error. */
export async function tryRefreshSession(project: Project, refreshJwt: string | undefined) {
  try {
    return await refreshSession(project, refreshJwt);
  } catch (error) {
    if (hasFault(project, 'try-refresh-fails-without-session')) throw error;
    return {};
  }
}

/** GET /v1/auth/me: the signed-in user, as the user object itself (not wrapped). */
export async function currentUser(project: Project, refreshJwt: string | undefined) {
  const { user } = await sessionOf(project, refreshJwt);
  return hasFault(project, 'me-wrapped-user') ? { user: userView(user) } : userView(user);
}

/** POST /v1/auth/logout: this refresh JWT works no more. */
export async function logout(project: Project, refreshJwt: string | undefined) {
  const session = await sessionOf(project, refreshJwt);
  project.store.loggedOut.add(session.refreshJwt);
  return {};
}

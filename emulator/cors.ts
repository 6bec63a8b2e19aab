// CORS for browser apps (Descope's web SDK from another origin): on the auth, session and keys
// routes only; never on management (its key must never be in a browser) or control routes.
// The SDK sends credentials (`credentials: 'include'`), so a grant echoes the exact origin (never
// `*`), allows credentials, allows the headers the preflight asks for, and exposes Retry-After (the
// SDK reads it on 429). Private-network preflights (a page on a public origin calling a loopback
// emulator) are granted too. Which origins: `--cors-origins` (`*` any, a list, or `none`), as a
// Descope project's approved domains. A preflight from an origin not allowed gets a JSON 403.
//
// One callback hook, not @fastify/cors: a request without an Origin header (every backend SDK call)
// costs one header lookup here, where the plugin's per-request option merging and Vary header cost
// about a sixth of a sign-in's CPU (bench/README.md).
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { EmulatorConfig } from './config.ts';
import { hasFault } from './project.ts';

const BROWSER_FACING = /^\/v(1\/auth|2\/keys)\//;
const PREFLIGHT_MAX_AGE = '600';

/** CORS-PREFLIGHT, CORS-CREDENTIALED-ANSWER, CORS-DISALLOWED-ORIGIN: whether this origin gets a grant. */
function grants(allowed: EmulatorConfig['corsOrigins'], request: FastifyRequest, origin: string): boolean {
  if (allowed === '*' || hasFault(request.project, 'cors-any-origin')) return true;
  return allowed !== 'none' && allowed.includes(origin);
}

/** CORS-PREFLIGHT: the answer to a granted preflight, sent from the hook (there is no OPTIONS route). */
function answerPreflight(request: FastifyRequest, reply: FastifyReply): void {
  const asked = request.headers['access-control-request-headers'];
  reply.header('vary', 'Origin, Access-Control-Request-Headers');
  reply.header('access-control-allow-methods', 'GET,POST');
  reply.header('access-control-max-age', PREFLIGHT_MAX_AGE);
  if (asked) reply.header('access-control-allow-headers', asked);
  if (request.headers['access-control-request-private-network'] === 'true') reply.header('access-control-allow-private-network', 'true');
  reply.code(204).send();
}

/** CORS's part of every request's way in (app.ts runs it last); undefined when no origin is allowed. */
export function createCorsGate(allowed: EmulatorConfig['corsOrigins']): onRequestHookHandler | undefined {
  if (allowed === 'none') return undefined;
  return function corsGate(request, reply, done) {
    const { origin } = request.headers;
    if (origin === undefined || !BROWSER_FACING.test(request.url)) return done();
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!grants(allowed, request, origin)) {
      // Not a grant: a real answer goes out without CORS headers (the browser withholds it); a preflight is refused.
      return done(preflight ? request.project.fail('originNotAllowed', `Origin ${origin} is not allowed`) : undefined);
    }
    // The cors-wildcard-origin fault: `*`, which a credentialed request refuses.
    reply.header('access-control-allow-origin', hasFault(request.project, 'cors-wildcard-origin') ? '*' : origin);
    reply.header('access-control-allow-credentials', 'true');
    if (preflight) return answerPreflight(request, reply);
    reply.header('vary', 'Origin');
    reply.header('access-control-expose-headers', 'Retry-After');
    done();
  };
}

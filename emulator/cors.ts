// CORS for browser apps (Descope's web SDK from another origin): on the auth, session and keys
// routes only; never on management (its key must never be in a browser) or control routes.
// The SDK sends credentials (`credentials: 'include'`), so a grant echoes the exact origin (never
// `*`), allows credentials, allows the headers the preflight asks for, and exposes Retry-After (the
// SDK reads it on 429). Private-network preflights (a page on a public origin calling a loopback
// emulator) are granted too. Which origins: `--cors-origins` (`*` any, a list, or `none`), as a
// Descope project's approved domains.
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorConfig } from './config.ts';
import { hasFault } from './project.ts';

const BROWSER_FACING = /^\/v(1\/auth|2\/keys)\//;

/** CORS-PREFLIGHT, CORS-CREDENTIALED-ANSWER, CORS-DISALLOWED-ORIGIN: whether this request's origin gets a grant. */
function grants(allowed: EmulatorConfig['corsOrigins'], request: FastifyRequest): boolean {
  const { origin } = request.headers;
  if (!origin || !BROWSER_FACING.test(request.url)) return false;
  if (allowed === '*' || hasFault(request.project, 'cors-any-origin')) return true;
  return allowed !== 'none' && allowed.includes(origin);
}

export async function installCors(app: FastifyInstance, allowed: EmulatorConfig['corsOrigins']): Promise<void> {
  if (allowed === 'none') return;
  const granted: FastifyCorsOptions = {
    origin: true,
    credentials: true,
    methods: ['GET', 'POST'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
    // A bare OPTIONS (no Origin) is not a preflight: it gets the JSON 404 of any unknown route.
    strictPreflight: false,
  };
  await app.register(fastifyCors, () => (request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void) => {
    callback(null, grants(allowed, request) ? granted : { origin: false });
  });
  // A preflight from an origin that is not allowed: a JSON refusal that says so, not a missing route.
  app.addHook('onRequest', (request, reply, done) => {
    const refused = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined && BROWSER_FACING.test(request.url) && !reply.hasHeader('access-control-allow-origin');
    done(refused ? request.project.fail('originNotAllowed', `Origin ${String(request.headers.origin ?? '(none)')} is not allowed`) : undefined);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-private-network'] === 'true' && reply.hasHeader('access-control-allow-origin')) {
      reply.header('Access-Control-Allow-Private-Network', 'true');
    }
    done(null, payload);
  });
}

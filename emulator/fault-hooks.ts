// The faults that act on whole requests and responses rather than inside one operation: latency and
// rate limiting before a request is handled, text/plain content types, and rewritten error bodies
// and statuses. Each acts on the faults of the project the request is addressed to. The control
// endpoints are left alone, so a faulty emulator can still be steered.
//
// No onSend hook: even a no-op one costs a fastify hello-world 3 µs per answer (bench/README.md),
// whether a fault is on or not. Successes are changed before they are handled (onRequest), errors where
// they are sent (sendFaultyError, from http.ts's sendError).
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { DescopeError } from './errors.ts';
import { numberOption } from './faults.ts';
import { faultOptions, hasFault, type Project } from './project.ts';

const CONTROL_PATH = /^\/emulator\/v1(\/|$)/;
const TEXT_PLAIN = 'text/plain; charset=utf-8';

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0]!;
}

/** Whether the request's project has faults that may act on it (never on the control endpoints). */
export function faultsApply(request: FastifyRequest): boolean {
  const { project } = request;
  return project !== null && project.store.faults.size > 0 && !CONTROL_PATH.test(pathOf(request));
}

/** An error answer as the active faults mangle it: status, errorCode and content type. */
export function sendFaultyError(reply: FastifyReply, error: DescopeError): FastifyReply {
  const { project } = reply.request;
  const body: Record<string, unknown> = error.body();
  let status = error.status;
  const { malformedJson, wrongCode } = project.profile.errors;
  if (hasFault(project, 'malformed-json-500') && body.errorCode === malformedJson?.errorCode && status === malformedJson?.status) status = 500;
  if (hasFault(project, 'wrong-code-error-code') && body.errorCode === wrongCode?.errorCode) body.errorCode = 'E061101';
  if (hasFault(project, 'error-without-error-code')) delete body.errorCode;
  reply.status(status).headers(error.headers);
  if (hasFault(project, 'text-content-type')) return reply.type(TEXT_PLAIN).send(JSON.stringify(body));
  return reply.type('application/json').send(body);
}

/**
 * The faults' part of every request's way in (app.ts runs it after the project is known, before
 * CORS). Called only when faultsApply(request): with no fault on it costs nothing.
 */
export function createFaultGate(): onRequestHookHandler {
  const rateLimitCounts = new WeakMap<object, number>();

  /** The flaky fault's answer to this request, if this one is unlucky. */
  const unlucky = (project: Project, path: string): DescopeError | undefined => {
    const flaky = faultOptions(project, 'flaky');
    if (!flaky || (typeof flaky.route === 'string' && flaky.route !== path)) return undefined;
    if (Math.random() >= numberOption(flaky, 'rate', 0.1)) return undefined;
    return new DescopeError(503, 'E130503', 'Service unavailable', 'The service is temporarily unavailable (the flaky fault)');
  };

  /** The rate-limit fault's answer to this request, if it refuses it. */
  const rateLimited = (project: Project, path: string): DescopeError | undefined => {
    const rateLimit = faultOptions(project, 'rate-limit');
    if (!rateLimit || !path.startsWith('/v1/auth/')) return undefined;
    // Counted per switch-on: the options object is new each time the fault is switched on.
    const seen = (rateLimitCounts.get(rateLimit) ?? 0) + 1;
    rateLimitCounts.set(rateLimit, seen);
    if (seen <= numberOption(rateLimit, 'after', 3)) return undefined;
    const retryAfter = String(numberOption(rateLimit, 'retryAfter', 2));
    return project.fail('rateLimited', `Rate limit exceeded, retry after ${retryAfter} seconds`, { 'retry-after': retryAfter });
  };

  // A callback, not an async function: no promise per request.
  return function faultGate(request, reply, done) {
    const { project } = request;
    const path = pathOf(request);
    if (request.method === 'OPTIONS' && hasFault(project, 'cors-no-preflight')) return done(project.fail('routeNotFound', 'No such route or method'));
    // Successes are serialised as JSON still, but labelled text/plain (errors: sendFaultyError).
    if (hasFault(project, 'text-content-type') && request.method !== 'OPTIONS') reply.header('content-type', TEXT_PLAIN).serializer(JSON.stringify);
    const refusal = () => unlucky(project, path) ?? rateLimited(project, path);
    const latency = faultOptions(project, 'latency');
    if (latency && (typeof latency.route !== 'string' || latency.route === path)) {
      setTimeout(() => done(refusal()), numberOption(latency, 'ms', 500));
    } else {
      done(refusal());
    }
  };
}

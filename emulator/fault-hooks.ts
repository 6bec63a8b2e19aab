// The faults that act on whole requests and responses rather than inside one operation: latency and
// rate limiting before a request is handled, and rewritten error bodies, statuses and content types
// on the way out. Each acts on the faults of the project the request is addressed to. The control
// endpoints are left alone, so a faulty emulator can still be steered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DescopeError } from './errors.ts';
import { numberOption } from './faults.ts';
import { faultOptions, hasFault, type Project } from './project.ts';

const CONTROL_PATH = /^\/emulator\/v1(\/|$)/;

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0]!;
}

export function installFaultHooks(app: FastifyInstance): void {
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

  /** The error body as the active faults would mangle it (statuses are set on `reply`). */
  const rewriteError = (project: Project, reply: FastifyReply, payload: string): string => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    const { malformedJson, wrongCode } = project.profile.errors;
    if (hasFault(project, 'malformed-json-500') && body.errorCode === malformedJson?.errorCode && reply.statusCode === malformedJson?.status) reply.status(500);
    if (hasFault(project, 'wrong-code-error-code') && body.errorCode === wrongCode?.errorCode) body.errorCode = 'E061101';
    if (hasFault(project, 'error-without-error-code')) delete body.errorCode;
    return JSON.stringify(body);
  };

  // Callback hooks, not async ones: with no fault on (the default) they cost one size check and
  // no promise on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    const { project } = request;
    if (project.store.faults.size === 0) return done();
    const path = pathOf(request);
    if (CONTROL_PATH.test(path)) return done();
    const latency = faultOptions(project, 'latency');
    if (request.method === 'OPTIONS' && hasFault(project, 'cors-no-preflight')) return done(project.fail('routeNotFound', 'No such route or method'));
    const refusal = () => unlucky(project, path) ?? rateLimited(project, path);
    if (latency && (typeof latency.route !== 'string' || latency.route === path)) {
      setTimeout(() => done(refusal()), numberOption(latency, 'ms', 500));
    } else {
      done(refusal());
    }
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const { project } = request;
    if (project.store.faults.size === 0 || CONTROL_PATH.test(pathOf(request)) || typeof payload !== 'string') return done(null, payload);
    if (hasFault(project, 'text-content-type')) reply.header('content-type', 'text/plain; charset=utf-8');
    if (hasFault(project, 'cors-wildcard-origin') && reply.hasHeader('access-control-allow-origin')) reply.header('access-control-allow-origin', '*');
    done(null, reply.statusCode < 400 ? payload : rewriteError(project, reply, payload));
  });
}

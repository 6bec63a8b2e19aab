// The faults that act on whole requests and responses rather than inside one operation: latency and
// rate limiting before a request is handled, and rewritten error bodies, statuses and content types
// on the way out. The control endpoints are left alone, so a faulty emulator can still be steered.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { numberOption } from './faults.ts';
import { faultOptions, hasFault, type Project } from './project.ts';

const CONTROL_PATH = /^\/emulator\/v1(\/|$)/;

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0]!;
}

export function installFaultHooks(app: FastifyInstance, project: Project): void {
  const rateLimitCounts = new WeakMap<object, number>();

  app.addHook('onRequest', async (request) => {
    // Nothing to do while no fault is on (the default): skip the path parsing on every request.
    if (project.store.faults.size === 0) return;
    const path = pathOf(request);
    if (CONTROL_PATH.test(path)) return;
    const latency = faultOptions(project, 'latency');
    if (latency && (typeof latency.route !== 'string' || latency.route === path)) {
      await new Promise((done) => setTimeout(done, numberOption(latency, 'ms', 500)));
    }
    const rateLimit = faultOptions(project, 'rate-limit');
    if (rateLimit && path.startsWith('/v1/auth/')) {
      // Counted per switch-on: the options object is new each time the fault is switched on.
      const seen = (rateLimitCounts.get(rateLimit) ?? 0) + 1;
      rateLimitCounts.set(rateLimit, seen);
      if (seen > numberOption(rateLimit, 'after', 3)) {
        const retryAfter = String(numberOption(rateLimit, 'retryAfter', 2));
        throw project.fail('rateLimited', `Rate limit exceeded, retry after ${retryAfter} seconds`, { 'retry-after': retryAfter });
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (project.store.faults.size === 0) return payload;
    if (CONTROL_PATH.test(pathOf(request)) || typeof payload !== 'string') return payload;
    if (hasFault(project, 'text-content-type')) reply.header('content-type', 'text/plain; charset=utf-8');
    if (reply.statusCode < 400) return payload;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (hasFault(project, 'malformed-json-500') && body.errorCode === project.profile.errors.malformedJson?.errorCode && reply.statusCode === project.profile.errors.malformedJson?.status) {
      reply.status(500);
    }
    if (hasFault(project, 'wrong-code-error-code') && body.errorCode === project.profile.errors.wrongCode?.errorCode) body.errorCode = 'E061101';
    if (hasFault(project, 'error-without-error-code')) delete body.errorCode;
    return JSON.stringify(body);
  });
}

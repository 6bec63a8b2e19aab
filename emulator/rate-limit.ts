// The auth API rate limit (profile limits.rateLimitPerMinute; 0 = off, the default): a fixed
// one-minute window per client address, on the emulator clock, answered with the rateLimited
// error and an integer Retry-After, as production's 429 E130429.
import type { FastifyRequest } from 'fastify';
import type { Project } from './project.ts';

const WINDOW_MS = 60_000;

export function createRateLimiter(project: Project) {
  const windows = project.store.rateWindows;
  return function checkRateLimit(request: FastifyRequest): void {
    const limit = project.profile.limits.rateLimitPerMinute;
    if (limit <= 0) return;
    const nowMs = project.clock.nowMs();
    let window = windows.get(request.ip);
    if (!window || nowMs - window.startMs >= WINDOW_MS) {
      window = { startMs: nowMs, count: 0 };
      windows.set(request.ip, window);
    }
    window.count += 1;
    if (window.count > limit) {
      const retryAfter = String(Math.max(1, Math.ceil((window.startMs + WINDOW_MS - nowMs) / 1000)));
      throw project.fail('rateLimited', `Rate limit exceeded, retry after ${retryAfter} seconds`, { 'retry-after': retryAfter });
    }
  };
}

// The auth API rate limit (profile limits.rateLimitPerMinute; 0 = off, the default): a fixed
// one-minute window per client address and project, on the project's clock, answered with the
// rateLimited error and an integer Retry-After, as production's 429 E130429.
import type { Project } from './project.ts';

const WINDOW_MS = 60_000;

export function checkRateLimit(project: Project, clientAddress: string): void {
  const limit = project.profile.limits.rateLimitPerMinute;
  if (limit <= 0) return;
  const windows = project.store.rateWindows;
  const nowMs = project.clock.nowMs();
  let window = windows.get(clientAddress);
  if (!window || nowMs - window.startMs >= WINDOW_MS) {
    window = { startMs: nowMs, count: 0 };
    windows.set(clientAddress, window);
  }
  window.count += 1;
  if (window.count > limit) {
    const retryAfter = String(Math.max(1, Math.ceil((window.startMs + WINDOW_MS - nowMs) / 1000)));
    throw project.fail('rateLimited', `Rate limit exceeded, retry after ${retryAfter} seconds`, { 'retry-after': retryAfter });
  }
}

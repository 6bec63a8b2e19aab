// The emulator's own control endpoints (mounted under /emulator/v1 unless --no-control): outbox,
// reset, clock, profile, seeded users and faults. No auth: the emulator is a local test tool.
import type { FastifyPluginAsync } from 'fastify';
import type { SeedUser } from '../config.ts';
import { checkInput } from '../http.ts';
import { codeState } from '../otp.ts';
import { resetProject, type Project } from '../project.ts';
import { seedUsers, userView } from '../users.ts';

export const controlRoutes: FastifyPluginAsync<{ project: Project }> = async (app, { project }) => {
  const { fail, store, clock } = project;
  const clockState = () => ({ now: clock.nowSeconds(), offsetSeconds: clock.offsetSeconds() });
  const queryText = (value: unknown, name: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw fail('invalidField', `${name} must be given once`);
    return value;
  };

  app.get('/outbox', async (request) => {
    const query = request.query as Record<string, unknown>;
    const phone = queryText(query.phone, 'phone');
    const loginId = queryText(query.loginId, 'loginId');
    const messages = store
      .messages()
      .filter(({ record }) => (phone === undefined || record.phone === phone) && (loginId === undefined || record.loginId === loginId))
      .map(({ id, body, record }) => {
        const state = codeState(project, record);
        return {
          id, loginId: record.loginId, phone: record.phone, code: record.code, body,
          sentAt: Math.floor(record.sentAt / 1000), expiresAt: Math.floor(record.expiresAt / 1000),
          valid: state === 'pending', state,
        };
      });
    return { messages };
  });

  app.delete('/outbox', async () => {
    store.clearOutbox();
    return {};
  });

  app.post('/reset', async () => {
    resetProject(project);
    return {};
  });

  app.get('/clock', async () => clockState());

  app.post('/clock', async (request) => {
    const { advanceSeconds } = checkInput<{ advanceSeconds: number }>(fail, 'emulator/clock', request.body, '/$defs/advanceRequest');
    clock.advance(advanceSeconds);
    return clockState();
  });

  app.get('/profile', async () => project.profile);

  app.post('/users', async (request) => {
    const { users } = checkInput<{ users: SeedUser[] }>(fail, 'emulator/seed-users-request', request.body);
    return { users: seedUsers(project, users).map(userView) };
  });

  const faultList = () => ({
    faults: [...project.faultRegistry.values()].map((fault) => {
      const options = store.faults.get(fault.name);
      return { ...fault, active: options !== undefined, ...(options ? { options } : {}) };
    }),
  });

  app.get('/faults', async () => faultList());

  // {name, ...options}: switches one fault on (again, with new options if it was on).
  app.post('/faults', async (request) => {
    const { name, ...options } = checkInput<{ name: string }>(fail, 'emulator/faults', request.body, '/$defs/switchOnRequest');
    if (!project.faultRegistry.has(name)) throw fail('invalidField', `/name: no fault named "${name}"`);
    store.faults.set(name, options);
    return faultList();
  });

  app.delete('/faults', async () => {
    store.faults.clear();
    return faultList();
  });

  app.delete<{ Params: { name: string } }>('/faults/:name', async (request) => {
    store.faults.delete(request.params.name);
    return faultList();
  });
};

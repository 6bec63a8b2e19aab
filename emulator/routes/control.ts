// The emulator's own control endpoints (mounted under /emulator/v1 unless --no-control): outbox,
// reset, clock, profile, seeded users and faults of one project; and the projects themselves.
// `/emulator/v1/<endpoint>` acts on the main project, `/emulator/v1/projects/<id>/<endpoint>` on
// that project. No auth: the emulator is a local test tool.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SeedUser } from '../config.ts';
import { checkInput } from '../http.ts';
import { FAULT_LIST, isFaultName } from '../faults.ts';
import { codeState } from '../otp.ts';
import { resetProject, type Project } from '../project.ts';
import type { NewProjectRequest, ProjectRegistry } from '../projects.ts';
import { seedUsers, userView } from '../users.ts';

/** The project a control request acts on: the one in its path, which must exist, else the main one. */
function controlledProject(request: FastifyRequest): Project {
  const named = (request.params as { projectId?: string }).projectId;
  if (named !== undefined && !request.projectKnown) throw request.project.fail('unknownProject', `No project ${named} in this emulator`);
  return request.project;
}

/** Outbox, reset, clock, profile, users and faults: registered once per prefix. */
const projectControlRoutes: FastifyPluginAsync = async (app) => {
  const queryText = (project: Project, value: unknown, name: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw project.fail('invalidField', `${name} must be given once`);
    return value;
  };
  const clockState = ({ clock }: Project) => ({ now: clock.nowSeconds(), offsetSeconds: clock.offsetSeconds() });

  app.get('/outbox', async (request) => {
    const project = controlledProject(request);
    const query = request.query as Record<string, unknown>;
    const phone = queryText(project, query.phone, 'phone');
    const loginId = queryText(project, query.loginId, 'loginId');
    const messages = project.store
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

  app.delete('/outbox', async (request) => {
    controlledProject(request).store.clearOutbox();
    return {};
  });

  app.post('/reset', async (request) => {
    resetProject(controlledProject(request));
    return {};
  });

  app.get('/clock', async (request) => clockState(controlledProject(request)));

  app.post('/clock', async (request) => {
    const project = controlledProject(request);
    const { advanceSeconds } = checkInput<{ advanceSeconds: number }>(project.fail, 'emulator/clock', request.body, '/$defs/advanceRequest');
    project.clock.advance(advanceSeconds);
    return clockState(project);
  });

  app.get('/profile', async (request) => controlledProject(request).profile);

  app.post('/users', async (request) => {
    const project = controlledProject(request);
    const { users } = checkInput<{ users: SeedUser[] }>(project.fail, 'emulator/seed-users-request', request.body);
    return { users: seedUsers(project, users).map(userView) };
  });

  const faultList = (project: Project) => ({
    faults: FAULT_LIST.map((fault) => {
      const options = project.store.faults.get(fault.name);
      return { name: fault.name, kind: fault.kind, description: fault.description, breaks: [...fault.breaks], active: options !== undefined, ...(options ? { options } : {}) };
    }),
  });

  app.get('/faults', async (request) => faultList(controlledProject(request)));

  // {name, ...options}: switches one fault on (again, with new options if it was on).
  app.post('/faults', async (request) => {
    const project = controlledProject(request);
    const { name, ...options } = checkInput<{ name: string }>(project.fail, 'emulator/faults', request.body, '/$defs/switchOnRequest');
    if (!isFaultName(name)) throw project.fail('invalidField', `/name: no fault named "${name}"`);
    project.store.faults.set(name, options);
    return faultList(project);
  });

  app.delete('/faults', async (request) => {
    const project = controlledProject(request);
    project.store.faults.clear();
    return faultList(project);
  });

  app.delete<{ Params: { name: string } }>('/faults/:name', async (request) => {
    const project = controlledProject(request);
    if (isFaultName(request.params.name)) project.store.faults.delete(request.params.name);
    return faultList(project);
  });
};

export const controlRoutes: FastifyPluginAsync<{ projects: ProjectRegistry }> = async (app, { projects }) => {
  await app.register(projectControlRoutes);
  await app.register(projectControlRoutes, { prefix: '/projects/:projectId' });

  const projectView = (project: Project) => ({ projectId: project.config.projectId, main: project === projects.main });

  app.get('/projects', async () => ({ projects: projects.list().map(projectView) }));

  // A project of the caller's own: its ID and management key are in the answer (they guard nothing
  // but this local emulator).
  app.post('/projects', async (request) => {
    const input = checkInput<NewProjectRequest>(projects.main.fail, 'emulator/projects', request.body ?? {}, '/$defs/createRequest');
    const project = await projects.create(input);
    return { ...projectView(project), managementKey: project.config.managementKey };
  });

  app.delete<{ Params: { projectId: string } }>('/projects/:projectId', async (request) => {
    projects.delete(request.params.projectId);
    return {};
  });
};

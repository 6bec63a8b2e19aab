// Several projects in one emulator: each created project has its own users, codes, clock, faults
// and signing key; /emulator/v1/projects/<id>/… steers it, /emulator/v1/… steers the main one.
import { decodeProtectedHeader } from 'jose';
import type { ClockState, FaultList, KeysResponse, Project, ProjectList } from '../../../specs/schema-types.ts';
import { expect, expectBody, expectError, test, type EmulatorClient } from './fixtures.ts';

const PROJECTS = '/emulator/v1/projects';
/** The answer to a create: it carries the new project's management key. */
type Created = Required<Project>;

/** The names of the faults a project has on. */
async function activeFaults(client: EmulatorClient): Promise<string[]> {
  const { faults } = expectBody<FaultList>(await client.control('GET', '/faults'), 200, 'emulator/faults', '/$defs/list');
  return faults.filter((f) => f.active).map((f) => f.name);
}

test('a created project is separate: users, clock, faults and keys of its own', async ({ api }) => {
  const created = expectBody<Created>(await api.createProject({ faults: ['keep-earlier-codes'] }), 200, 'emulator/projects', '/$defs/project');
  expect(created.main).toBe(false);
  expect(created.projectId).toMatch(/^P[A-Za-z0-9]{27}$/);
  const own = api.forProject(created.projectId, created.managementKey);
  try {
    await test.step('a user of the main project is unknown there, and the other way round', async () => {
      const mainUser = await api.newUser();
      expectError(await own.signInSms(mainUser.loginId), 400, 'E062108');
      const ownUser = await own.newUser();
      expectError(await api.signInSms(ownUser.loginId), 400, 'E062108');
      expectBody(await own.signInSms(ownUser.loginId), 200, 'signin-sms-response');
    });
    await test.step('its clock moves alone', async () => {
      const mainClock = async () => expectBody<ClockState>(await api.control('GET', '/clock'), 200, 'emulator/clock', '/$defs/state');
      const before = await mainClock();
      expect((await own.moveClock(600)).offsetSeconds).toBe(600);
      expect((await mainClock()).offsetSeconds).toBe(before.offsetSeconds);
    });
    await test.step('its faults act on it alone', async () => {
      expect(await activeFaults(own)).toEqual(['keep-earlier-codes']);
      expect(await activeFaults(api)).toEqual([]);
    });
    await test.step('it signs with a key of its own, published under its ID', async () => {
      const ownUser = await own.newUser();
      const body = await own.signedIn(ownUser.loginId);
      const ownKeys = expectBody<KeysResponse>(await api.keys(created.projectId), 200, 'keys-response');
      const mainKeys = expectBody<KeysResponse>(await api.keys(), 200, 'keys-response');
      expect(decodeProtectedHeader(body.sessionJwt).kid).toBe(ownKeys.keys[0].kid);
      expect(ownKeys.keys[0].kid).not.toBe(mainKeys.keys[0].kid);
    });
    await test.step('the main key does not manage it', async () => {
      const withMainKey = api.forProject(created.projectId, api.target.managementKey);
      expectError(await withMainKey.createTestUser({ loginId: 'stranger', phone: '+15550001111' }), 401, 'E011003');
    });
  } finally {
    expectBody(await api.deleteProject(created.projectId), 200, 'empty');
  }
  await test.step('once deleted, it is unknown', async () => {
    expectError(await own.outbox(), 400, 'E011003');
    expectError(await own.signInSms('a'), 401, 'E011003');
  });
});

test('a project created like another has its settings and the faults it has on now', async ({ api }) => {
  const model = expectBody<Created>(await api.createProject({ faults: ['latency?ms=1'] }), 200, 'emulator/projects', '/$defs/project');
  await api.forProject(model.projectId, model.managementKey).control('POST', '/faults', { json: { name: 'codes-never-expire' } });
  const copy = expectBody<Created>(await api.createProject({ like: model.projectId, faults: ['reusable-codes'] }), 200, 'emulator/projects', '/$defs/project');
  const copied = api.forProject(copy.projectId, copy.managementKey);
  const active = expectBody<FaultList>(await copied.control('GET', '/faults'), 200, 'emulator/faults', '/$defs/list').faults.filter((f) => f.active);
  expect(active.map((f) => f.name).sort()).toEqual(['codes-never-expire', 'latency', 'reusable-codes']);
  expect(active.find((f) => f.name === 'latency')?.options).toEqual({ ms: '1' });
  expectError(await api.createProject({ like: 'P2N0SUCHPR0JECT0000000000001' }), 400, 'E011003');
  for (const { projectId } of [model, copy]) await api.deleteProject(projectId);
});

test('projects are listed; the main one cannot be deleted; bad requests are Descope errors', async ({ api }) => {
  const create = (json: unknown, options = {}) => api.send('POST', PROJECTS, { json, authorization: null, ...options });
  const list = expectBody<ProjectList>(await api.send('GET', PROJECTS, { authorization: null }), 200, 'emulator/projects', '/$defs/list');
  expect(list.projects.find((p) => p.main)?.projectId).toBe(api.target.projectId);
  expectError(await api.deleteProject(api.target.projectId), 400, 'E011003');
  expectError(await api.createProject({ faults: ['no-such-fault'] }), 400, 'E011003');
  expectError(await create({ projectId: 'short' }, { uncheckedExchange: true }), 400, 'E011003');
  expectError(await create({ projectId: api.target.projectId }), 400, 'E011003');
  const named = 'P2NAMEDPR0JECT00000000000001';
  expectBody(await create({ projectId: named, managementKey: 'K2named' }), 200, 'emulator/projects', '/$defs/project');
  const own = api.forProject(named, 'K2named');
  await own.newUser();
  expectBody(await api.deleteProject(named), 200, 'empty');
});

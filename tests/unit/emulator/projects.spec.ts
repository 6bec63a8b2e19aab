// Several projects in one emulator: each created project has its own users, codes, clock, faults
// and signing key; /emulator/v1/projects/<id>/… steers it, /emulator/v1/… steers the main one.
import { decodeProtectedHeader } from 'jose';
import { expect, expectBody, expectError, test } from './fixtures.ts';

interface Created { projectId: string; managementKey: string; main: boolean }

test('a created project is separate: users, clock, faults and keys of its own', async ({ api }) => {
  const created = await expectBody<Created>(await api.http.post('/emulator/v1/projects', { data: { faults: ['keep-earlier-codes'] } }), 200, 'emulator/projects', '/$defs/project');
  expect(created.main).toBe(false);
  expect(created.projectId).toMatch(/^P[A-Za-z0-9]{27}$/);
  const own = api.forProject(created.projectId, created.managementKey);
  try {
    await test.step('a user of the main project is unknown there, and the other way round', async () => {
      const mainUser = await api.createTestUser();
      await expectError(await own.signIn(mainUser.loginId), 400, 'E062108');
      const ownUser = await own.createTestUser();
      await expectError(await api.signIn(ownUser.loginId), 400, 'E062108');
      await expectBody(await own.signIn(ownUser.loginId), 200, 'signin-sms-response');
    });
    await test.step('its clock moves alone', async () => {
      const before = await expectBody<{ offsetSeconds: number }>(await api.http.get('/emulator/v1/clock'), 200, 'emulator/clock', '/$defs/state');
      expect((await own.advanceClock(600)).offsetSeconds).toBe(600);
      const after = await expectBody<{ offsetSeconds: number }>(await api.http.get('/emulator/v1/clock'), 200, 'emulator/clock', '/$defs/state');
      expect(after.offsetSeconds).toBe(before.offsetSeconds);
    });
    await test.step('its faults act on it alone', async () => {
      const active = async (path: string) =>
        (await expectBody<{ faults: { name: string; active: boolean }[] }>(await api.http.get(path), 200, 'emulator/faults', '/$defs/list')).faults.filter((f) => f.active).map((f) => f.name);
      expect(await active(`/emulator/v1/projects/${created.projectId}/faults`)).toEqual(['keep-earlier-codes']);
      expect(await active('/emulator/v1/faults')).toEqual([]);
    });
    await test.step('it signs with a key of its own, published under its ID', async () => {
      const ownUser = await own.createTestUser();
      const body = await own.signedIn(ownUser.loginId);
      const ownKeys = await expectBody<{ keys: { kid: string }[] }>(await api.http.get(`/v2/keys/${created.projectId}`), 200, 'keys-response');
      const mainKeys = await expectBody<{ keys: { kid: string }[] }>(await api.http.get(`/v2/keys/${api.projectId}`), 200, 'keys-response');
      expect(decodeProtectedHeader(body.sessionJwt).kid).toBe(ownKeys.keys[0]!.kid);
      expect(ownKeys.keys[0]!.kid).not.toBe(mainKeys.keys[0]!.kid);
    });
    await test.step('the main key does not manage it', async () => {
      const response = await api.http.post('/v1/mgmt/user/create/test', {
        data: { loginId: 'stranger', phone: '+15550001111' },
        headers: { authorization: `Bearer ${created.projectId}:${api.emulator.project.config.managementKey}` },
      });
      await expectError(response, 401, 'E011003');
    });
  } finally {
    await expectBody(await api.http.delete(`/emulator/v1/projects/${created.projectId}`), 200, 'empty');
  }
  await test.step('once deleted, it is unknown', async () => {
    await expectError(await api.http.get(`/emulator/v1/projects/${created.projectId}/outbox`), 400, 'E011003');
    await expectError(await api.http.post('/v1/auth/otp/signin/sms', { data: { loginId: 'a' }, headers: { authorization: `Bearer ${created.projectId}` } }), 401, 'E011003');
  });
});

test('a project created like another has its settings and the faults it has on now', async ({ api }) => {
  const model = await expectBody<Created>(await api.http.post('/emulator/v1/projects', { data: { faults: ['latency?ms=1'] } }), 200, 'emulator/projects', '/$defs/project');
  await api.http.post(`/emulator/v1/projects/${model.projectId}/faults`, { data: { name: 'codes-never-expire' } });
  const copy = await expectBody<Created>(await api.http.post('/emulator/v1/projects', { data: { like: model.projectId, faults: ['reusable-codes'] } }), 200, 'emulator/projects', '/$defs/project');
  const active = (await expectBody<{ faults: { name: string; active: boolean; options?: Record<string, unknown> }[] }>(await api.http.get(`/emulator/v1/projects/${copy.projectId}/faults`), 200, 'emulator/faults', '/$defs/list')).faults.filter((f) => f.active);
  expect(active.map((f) => f.name).sort()).toEqual(['codes-never-expire', 'latency', 'reusable-codes']);
  expect(active.find((f) => f.name === 'latency')?.options).toEqual({ ms: '1' });
  await expectError(await api.http.post('/emulator/v1/projects', { data: { like: 'P2N0SUCHPR0JECT0000000000001' } }), 400, 'E011003');
  for (const { projectId } of [model, copy]) await api.http.delete(`/emulator/v1/projects/${projectId}`);
});

test('projects are listed; the main one cannot be deleted; bad requests are Descope errors', async ({ api }) => {
  const list = await expectBody<{ projects: { projectId: string; main: boolean }[] }>(await api.http.get('/emulator/v1/projects'), 200, 'emulator/projects', '/$defs/list');
  expect(list.projects.find((p) => p.main)?.projectId).toBe(api.projectId);
  await expectError(await api.http.delete(`/emulator/v1/projects/${api.projectId}`), 400, 'E011003');
  await expectError(await api.http.post('/emulator/v1/projects', { data: { faults: ['no-such-fault'] } }), 400, 'E011003');
  await expectError(await api.http.post('/emulator/v1/projects', { data: { projectId: 'short' } }), 400, 'E011003');
  await expectError(await api.http.post('/emulator/v1/projects', { data: { projectId: api.projectId } }), 400, 'E011003');
  const named = 'P2NAMEDPR0JECT00000000000001';
  await expectBody(await api.http.post('/emulator/v1/projects', { data: { projectId: named, managementKey: 'K2named' } }), 200, 'emulator/projects', '/$defs/project');
  const own = api.forProject(named, 'K2named');
  await own.createTestUser();
  await expectBody(await api.http.delete(`/emulator/v1/projects/${named}`), 200, 'empty');
});

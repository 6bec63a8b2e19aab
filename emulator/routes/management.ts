// The management endpoints the suite and the SDKs use, all behind `Bearer <ProjectID>:<ManagementKey>`.
import type { FastifyPluginAsync } from 'fastify';
import { authenticateManagement } from '../auth.ts';
import { checkInput } from '../http.ts';
import {
  applyCreateAliases, createTestUser, deleteAllTestUsers, deleteUser, generateCodeForTestUser, loadUser,
  searchTestUsers, type CreateTestUserInput, type GenerateInput, type SearchInput,
} from '../management.ts';
import type { Project } from '../project.ts';

/** What GET /v1/mgmt/license answers: the emulator has no rate-limit tier of its own. */
export const LICENSE = { rateLimitTier: 'emulator' };

export const managementRoutes: FastifyPluginAsync<{ project: Project }> = async (app, { project }) => {
  const { fail } = project;
  app.addHook('onRequest', async (request) => authenticateManagement(project, request));

  app.post('/v1/mgmt/user/create/test', async (request) =>
    createTestUser(project, checkInput<CreateTestUserInput>(fail, 'mgmt-create-test-user-request', applyCreateAliases(request.body))),
  );

  app.post('/v1/mgmt/tests/generate/otp', async (request) =>
    generateCodeForTestUser(project, checkInput<GenerateInput>(fail, 'mgmt-generate-otp-request', request.body)),
  );

  // The query carries the same {loginId} the delete body does, so it is checked by that schema.
  app.get('/v1/mgmt/user', async (request) =>
    loadUser(project, checkInput<{ loginId: string }>(fail, 'mgmt-delete-user-request', { ...(request.query as object) }).loginId),
  );

  app.post('/v1/mgmt/user/delete', async (request) =>
    deleteUser(project, checkInput<{ loginId: string }>(fail, 'mgmt-delete-user-request', request.body).loginId),
  );

  app.delete('/v1/mgmt/user/test/delete/all', async () => deleteAllTestUsers(project));

  app.post('/v2/mgmt/user/search/test', async (request) =>
    searchTestUsers(project, checkInput<SearchInput>(fail, 'mgmt-search-test-users-request', request.body)),
  );

  app.get('/v1/mgmt/license', async () => ({ ...LICENSE }));
};

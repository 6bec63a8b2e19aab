// The management endpoints the suite and the SDKs use, all behind `Bearer <ProjectID>:<ManagementKey>`.
import type { FastifyPluginAsync } from 'fastify';
import { authenticateManagement } from '../auth.ts';
import { checkInput } from '../http.ts';
import {
  applyCreateAliases, createTestUser, deleteAllTestUsers, deleteUser, generateCodeForTestUser, loadUser,
  searchTestUsers, type CreateTestUserInput, type GenerateInput, type SearchInput,
} from '../management.ts';

/** What GET /v1/mgmt/license answers: the emulator has no rate-limit tier of its own. */
export const LICENSE = { rateLimitTier: 'emulator' };

export const managementRoutes: FastifyPluginAsync = async (app) => {
  // The project is checked once here; handlers act on request.project.
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      authenticateManagement(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });

  app.post('/v1/mgmt/user/create/test', async ({ project, body }) =>
    createTestUser(project, checkInput<CreateTestUserInput>(project.fail, 'mgmt-create-test-user-request', applyCreateAliases(body))),
  );

  app.post('/v1/mgmt/tests/generate/otp', async ({ project, body }) =>
    generateCodeForTestUser(project, checkInput<GenerateInput>(project.fail, 'mgmt-generate-otp-request', body)),
  );

  // The query carries the same {loginId} the delete body does, so it is checked by that schema.
  app.get('/v1/mgmt/user', async ({ project, query }) =>
    loadUser(project, checkInput<{ loginId: string }>(project.fail, 'mgmt-delete-user-request', { ...(query as object) }).loginId),
  );

  app.post('/v1/mgmt/user/delete', async ({ project, body }) =>
    deleteUser(project, checkInput<{ loginId: string }>(project.fail, 'mgmt-delete-user-request', body).loginId),
  );

  app.delete('/v1/mgmt/user/test/delete/all', async ({ project }) => deleteAllTestUsers(project));

  app.post('/v2/mgmt/user/search/test', async ({ project, body }) =>
    searchTestUsers(project, checkInput<SearchInput>(project.fail, 'mgmt-search-test-users-request', body)),
  );

  app.get('/v1/mgmt/license', async () => ({ ...LICENSE }));
};

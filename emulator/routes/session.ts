// POST /v1/auth/refresh, POST /v1/auth/try-refresh, GET /v1/auth/me, POST /v1/auth/logout, for the
// project the bearer names (emulator/sessions.ts).
import type { FastifyPluginAsync } from 'fastify';
import { authenticateProject } from '../auth.ts';
import { currentUser, logout, presentedRefreshToken, refreshSession, tryRefreshSession } from '../sessions.ts';

export const sessionRoutes: FastifyPluginAsync = async (app) => {
  app.post('/v1/auth/refresh', async (request) => refreshSession(authenticateProject(request).project, presentedRefreshToken(request)));
  app.post('/v1/auth/try-refresh', async (request) => tryRefreshSession(authenticateProject(request).project, presentedRefreshToken(request)));
  app.get('/v1/auth/me', async (request) => currentUser(authenticateProject(request).project, presentedRefreshToken(request)));
  app.post('/v1/auth/logout', async (request) => logout(authenticateProject(request).project, presentedRefreshToken(request)));
};

// GET /v2/keys/{projectId}: the public signing keys, no auth (SDKs fetch them to validate sessions).
import type { FastifyPluginAsync } from 'fastify';
import type { Project } from '../project.ts';

export const keysRoutes: FastifyPluginAsync<{ project: Project }> = async (app, { project }) => {
  app.get<{ Params: { projectId: string } }>('/v2/keys/:projectId', async (request) => {
    if (request.params.projectId !== project.config.projectId) throw project.fail('unknownProject', 'Unknown project');
    return project.tokens.jwks();
  });
};

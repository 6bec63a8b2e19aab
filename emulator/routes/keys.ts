// GET /v2/keys/{projectId}: the public signing keys, no auth (SDKs fetch them to validate sessions).
import type { FastifyPluginAsync } from 'fastify';
import type { ProjectRegistry } from '../projects.ts';

export const keysRoutes: FastifyPluginAsync<{ projects: ProjectRegistry }> = async (app, { projects }) => {
  app.get<{ Params: { projectId: string } }>('/v2/keys/:projectId', async (request) => {
    const project = projects.get(request.params.projectId);
    if (!project) throw projects.main.fail('unknownProject', 'Unknown project');
    return project.tokens.jwks();
  });
};

// Who may call what. Auth endpoints: `Bearer <ProjectID>` (or `<ProjectID>:<refresh JWT>` for
// step-up/MFA). Management endpoints: `Bearer <ProjectID>:<ManagementKey>`. Any other header, an
// unknown project or a wrong key is the `unauthorized` error. The bearer and the project it names
// were read once per request (projects.ts); these check them.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hasFault, type Project } from './project.ts';

/** AUTH-MISSING-HEADER-REFUSED, AUTH-UNKNOWN-PROJECT-REFUSED: the project the request may act on; the refresh JWT when the bearer carries one. */
export function authenticateProject(request: FastifyRequest): { project: Project; refreshJwt?: string } {
  const { bearer, project } = request;
  if (!bearer) throw project.fail('unauthorized', 'Missing or malformed Authorization header');
  if (!request.projectKnown && !hasFault(project, 'unknown-project-accepted')) throw project.fail('unauthorized', 'Unknown project');
  return bearer.secret === undefined ? { project } : { project, refreshJwt: bearer.secret };
}

/** MGMT-WRONG-KEY-REFUSED: management calls need the project's own key. */
export function authenticateManagement(request: FastifyRequest): Project {
  const { bearer, project } = request;
  if (hasFault(project, 'management-key-unchecked')) return project;
  if (!bearer) throw project.fail('unauthorized', 'Missing or malformed Authorization header');
  if (bearer.secret === undefined) throw project.fail('unauthorized', 'Management calls need <ProjectID>:<ManagementKey>');
  if (!request.projectKnown) throw project.fail('unauthorized', 'Unknown project');
  const given = Buffer.from(bearer.secret);
  const expected = Buffer.from(project.config.managementKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // The echo-management-key fault: the kind of error message that leaks a secret into logs.
    const echo = hasFault(project, 'echo-management-key') ? `: ${given.toString()}` : '';
    throw project.fail('unauthorized', `Invalid management key${echo}`);
  }
  return project;
}

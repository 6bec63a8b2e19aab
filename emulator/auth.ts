// Who may call what. Auth endpoints: `Bearer <ProjectID>` (or `<ProjectID>:<refresh JWT>` for
// step-up/MFA). Management endpoints: `Bearer <ProjectID>:<ManagementKey>`. Any other header, an
// unknown project or a wrong key is the `unauthorized` error.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hasFault, type Project } from './project.ts';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** For auth endpoints; returns the refresh JWT when the bearer carries one. */
export function authenticateProject(project: Project, request: FastifyRequest): { refreshJwt?: string } {
  const token = bearerToken(request);
  if (!token) throw project.fail('unauthorized', 'Missing or malformed Authorization header');
  const separator = token.indexOf(':');
  const projectId = separator < 0 ? token : token.slice(0, separator);
  if (projectId !== project.config.projectId && !hasFault(project, 'unknown-project-accepted')) throw project.fail('unauthorized', 'Unknown project');
  return separator < 0 ? {} : { refreshJwt: token.slice(separator + 1) };
}

export function authenticateManagement(project: Project, request: FastifyRequest): void {
  if (hasFault(project, 'management-key-unchecked')) return;
  const token = bearerToken(request);
  if (!token) throw project.fail('unauthorized', 'Missing or malformed Authorization header');
  const separator = token.indexOf(':');
  if (separator < 0) throw project.fail('unauthorized', 'Management calls need <ProjectID>:<ManagementKey>');
  if (token.slice(0, separator) !== project.config.projectId) throw project.fail('unauthorized', 'Unknown project');
  const given = Buffer.from(token.slice(separator + 1));
  const expected = Buffer.from(project.config.managementKey);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // The echo-management-key fault: the kind of error message that leaks a secret into logs.
    const echo = hasFault(project, 'echo-management-key') ? `: ${given.toString()}` : '';
    throw project.fail('unauthorized', `Invalid management key${echo}`);
  }
}

// The projects one emulator serves: the one it was started with (`main`), and any created through
// the control API, each with its own users, codes, clock, faults and signing key (as each Firebase
// emulator project is separate). Tests that move a clock or switch a fault on do it in a project of
// their own, so they never disturb tests running beside them.
import type { FastifyRequest } from 'fastify';
import type { EmulatorConfig } from './config.ts';
import { isFaultName, parseFaultSpec, type FaultName, type FaultOptions } from './faults.ts';
import { hasFault, createProject, type Project } from './project.ts';
import { newId } from './store.ts';

/** `Authorization: Bearer <projectId>[:<secret>]`, as read once per request. */
export interface Bearer {
  projectId: string;
  /** What follows the first ':' (a management key or a refresh JWT), if anything. */
  secret?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The bearer of this request, or null when the Authorization header is missing or malformed. */
    bearer: Bearer | null;
    /** The project the request is addressed to; the main project when it names none the emulator knows. */
    project: Project;
    /** False when the request named a project this emulator does not serve. */
    projectKnown: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function readBearer(header: unknown): Bearer | null {
  const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (!token) return null;
  const separator = token.indexOf(':');
  return separator < 0 ? { projectId: token } : { projectId: token.slice(0, separator), secret: token.slice(separator + 1) };
}

export interface NewProjectRequest {
  projectId?: string;
  managementKey?: string;
  /** Fault specs (`name` or `name?option=value&…`) this project starts with. */
  faults?: string[];
  /** Configured like this project: its settings and the faults it has on now (plus `faults`). */
  like?: string;
}

/** The CLI's `name?option=value` form of an active fault. */
function faultSpec(name: FaultName, options: FaultOptions): string {
  const pairs = Object.entries(options).map(([key, value]): [string, string] => [key, String(value)]);
  const query = new URLSearchParams(pairs).toString();
  return query ? `${name}?${query}` : name;
}

export class ProjectRegistry {
  private readonly byId = new Map<string, Project>();

  constructor(
    readonly main: Project,
    /** The time source under every project's clock. */
    private readonly realNowMs?: () => number,
  ) {
    this.byId.set(main.config.projectId, main);
  }

  get(projectId: string): Project | undefined {
    return this.byId.get(projectId);
  }

  list(): Project[] {
    return [...this.byId.values()];
  }

  /**
   * A new project with the settings of the main project (or of `like`, with the faults it has on
   * now: a test's own project behaves like the project under test); its ID and key are made up
   * unless given.
   */
  async create(request: NewProjectRequest): Promise<Project> {
    const projectId = request.projectId ?? newId('P');
    if (this.byId.has(projectId)) throw this.main.fail('invalidField', `/projectId: project ${projectId} already exists`);
    const model = request.like === undefined ? this.main : this.byId.get(request.like);
    if (!model) throw this.main.fail('invalidField', `/like: no project ${request.like} in this emulator`);
    const unknown = (request.faults ?? []).map((spec) => parseFaultSpec(spec).name).filter((name) => !isFaultName(name));
    if (unknown.length) throw this.main.fail('invalidField', `/faults: no fault named ${unknown.join(', ')}`);
    const inherited = request.like === undefined ? [] : [...model.store.faults].map(([name, options]) => faultSpec(name, options));
    const config: EmulatorConfig = {
      ...model.config,
      projectId,
      managementKey: request.managementKey ?? `K2${newId('')}`,
      faults: [...inherited, ...(request.faults ?? [])],
      seedUsers: [],
    };
    const project = await createProject(config, this.realNowMs);
    this.byId.set(projectId, project);
    return project;
  }

  /** Forgets a project; the main project stays. */
  delete(projectId: string): boolean {
    if (projectId === this.main.config.projectId) throw this.main.fail('invalidField', 'The main project cannot be deleted');
    return this.byId.delete(projectId);
  }

  /**
   * The project a request names: by its bearer, or by the project ID in its path (the keys
   * endpoint). A name this emulator does not serve resolves to a project with the
   * `unknown-project-accepted` fault on, else to the main project, with `projectKnown` false.
   */
  resolve(request: FastifyRequest, pathProjectId?: string): { project: Project; known: boolean } {
    // A CORS preflight carries no bearer; the header SDKs send with every request names the project.
    const header = request.headers['x-descope-project-id'];
    const projectId = pathProjectId ?? request.bearer?.projectId ?? (typeof header === 'string' ? header : undefined);
    const found = projectId === undefined ? undefined : this.byId.get(projectId);
    if (found) return { project: found, known: true };
    if (projectId === undefined) return { project: this.main, known: false };
    return { project: this.list().find((project) => hasFault(project, 'unknown-project-accepted')) ?? this.main, known: false };
  }
}

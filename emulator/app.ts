// Assembles the emulator: one project, the shared HTTP conventions, and one plugin per concern,
// each given the project it serves (no globals, so several emulators can run in one process).
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify';
import { defaultConfig, type EmulatorConfig } from './config.ts';
import { createFaultGate, faultsApply } from './fault-hooks.ts';
import { installHttpConventions, stderrSink, type DrainBounds, type LogSink } from './http.ts';
import { createProject, type Project } from './project.ts';
import { ProjectRegistry, readBearer } from './projects.ts';
import { createCorsGate } from './cors.ts';
import { authRoutes } from './routes/auth.ts';
import { sessionRoutes } from './routes/session.ts';
import { controlRoutes } from './routes/control.ts';
import { keysRoutes } from './routes/keys.ts';
import { managementRoutes } from './routes/management.ts';

export const CONTROL_PREFIX = '/emulator/v1';

export interface BuildOptions {
  /** Where logs go (default stderr; with config.quiet, internal errors only). */
  log?: LogSink;
  /** How much of an oversized body is read before the refusal (tests shrink it). */
  drain?: DrainBounds;
  /** The time source under the projects' clocks (default Date.now; unit tests inject their own). */
  now?: () => number;
}

export interface Emulator {
  app: FastifyInstance;
  /** The main project: the one this emulator was started with. */
  project: Project;
  /** Every project it serves, the main one included. */
  projects: ProjectRegistry;
}

function noRouteSchemas(): never {
  throw new Error('emulator routes carry no fastify schema: validate input with checkInput (emulator/http.ts), which uses specs/contract.ts');
}

export async function buildEmulator(config: EmulatorConfig, options: BuildOptions = {}): Promise<Emulator> {
  const project = await createProject(config, options.now);
  const bodyLimitBytes = config.profile.limits.maxBodyKiB * 1024;
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimitBytes,
    // Fastify's default would answer 503 while closing, a status SDKs retry for 10 s.
    return503OnClosing: false,
    forceCloseConnections: true,
    // Requests are checked by specs/contract.ts, against the schemas the suite checks responses
    // with; no route carries a fastify schema. So fastify's own ajv and serializer compilers are
    // never loaded (about 80 ms of every start), and a route schema added by mistake fails loudly.
    schemaController: { compilersFactory: { buildValidator: noRouteSchemas, buildSerializer: noRouteSchemas } },
  });
  const projects = new ProjectRegistry(project, options.now);
  const sink = options.log ?? stderrSink;
  installHttpConventions(app, { fail: project.fail, bodyLimitBytes, drain: options.drain, log: config.quiet ? undefined : sink, errorLog: sink });
  app.decorateRequest('bearer', null);
  app.decorateRequest('project', null as unknown as Project);
  app.decorateRequest('projectKnown', false);
  // Every request's way in, in this order: the bearer is read once and the project it (or the path)
  // names resolved; that project's faults act (latency, refusals); then CORS. One hook, not three:
  // each fastify hook costs every request about 1.5 µs of server CPU here (bench/README.md).
  // Routing has happened by then, so path parameters are known.
  const faultGate = createFaultGate();
  const corsGate = createCorsGate(config.corsOrigins);
  const afterFaults = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => (corsGate ? corsGate.call(app, request, reply, done) : done());
  app.addHook('onRequest', (request, reply, done) => {
    request.bearer = readBearer(request.headers.authorization);
    const resolved = projects.resolve(request, (request.params as { projectId?: string } | undefined)?.projectId);
    request.project = resolved.project;
    request.projectKnown = resolved.known;
    if (!faultsApply(request)) return afterFaults(request, reply, done);
    faultGate.call(app, request, reply, (error?: Error) => (error ? done(error) : afterFaults(request, reply, done)));
  });
  await app.register(keysRoutes, { projects });
  await app.register(authRoutes);
  await app.register(sessionRoutes);
  await app.register(managementRoutes);
  // Without control, /emulator/v1 is not there at all: it answers 404 like any unknown route.
  if (config.control) await app.register(controlRoutes, { projects, prefix: CONTROL_PREFIX });
  return { app, project, projects };
}

export interface RunningEmulator extends Emulator {
  url: string;
  close(): Promise<void>;
}

/** Starts an emulator (defaults for whatever `config` leaves out) and answers its URL. */
export async function startEmulator(config: Partial<EmulatorConfig> = {}, options: BuildOptions = {}): Promise<RunningEmulator> {
  const emulator = await buildEmulator(defaultConfig(config), options);
  const { app, project } = emulator;
  await app.listen({ port: project.config.port, host: project.config.host });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { ...emulator, url: `http://${host}:${address.port}`, close: () => app.close() };
}

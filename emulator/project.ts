// One emulated Descope project: its configuration, state, clock, signer and error settings, handed
// to every operation. The emulator serves exactly this project and refuses others.
import { createClock, type Clock } from './clock.ts';
import type { EmulatorConfig } from './config.ts';
import { errorFactory, type Fail } from './errors.ts';
import { isFaultName, parseFaultSpec, type FaultName, type FaultOptions } from './faults.ts';
import type { Profile } from './profile.ts';
import { ProjectStore } from './store.ts';
import { createTokenSigner, type TokenSigner } from './tokens.ts';
import { seedUsers } from './users.ts';

export interface Project {
  readonly config: EmulatorConfig;
  readonly profile: Profile;
  readonly store: ProjectStore;
  readonly clock: Clock;
  readonly tokens: TokenSigner;
  readonly fail: Fail;
}

/** `realNowMs` is the time source under the project's clock (tests inject one they control). */
export async function createProject(config: EmulatorConfig, realNowMs?: () => number): Promise<Project> {
  const project: Project = {
    config,
    profile: config.profile,
    store: new ProjectStore(config.outboxSize),
    clock: createClock(realNowMs),
    tokens: await createTokenSigner(config.projectId),
    fail: errorFactory(config.profile.errors),
  };
  applyStartState(project);
  return project;
}

/** Back to the start state: seed users and start faults again; the signing key stays. */
export function resetProject(project: Project): void {
  project.store.reset();
  project.clock.reset();
  applyStartState(project);
}

function applyStartState(project: Project): void {
  seedUsers(project, project.config.seedUsers);
  for (const spec of project.config.faults) {
    const { name, options } = parseFaultSpec(spec);
    // Names were checked when the configuration was read.
    if (isFaultName(name)) project.store.faults.set(name, options);
  }
}

/** The options of an active fault, or undefined when it is off. */
export function faultOptions(project: Project, name: FaultName): FaultOptions | undefined {
  return project.store.faults.get(name);
}

export function hasFault(project: Project, name: FaultName): boolean {
  return project.store.faults.has(name);
}

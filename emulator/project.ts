// One emulated Descope project: its configuration, state, clock, signer and error settings, handed
// to every operation. The emulator serves exactly this project and refuses others.
import { createClock, type Clock } from './clock.ts';
import type { EmulatorConfig } from './config.ts';
import { errorFactory, type Fail } from './errors.ts';
import type { Profile } from './profile.ts';
import { ProjectStore } from './store.ts';
import { createTokenSigner, type TokenSigner } from './tokens.ts';
import { seedUsers } from './users.ts';

export interface FaultInfo {
  name: string;
  description: string;
}

export interface Project {
  readonly config: EmulatorConfig;
  readonly profile: Profile;
  readonly store: ProjectStore;
  readonly clock: Clock;
  readonly tokens: TokenSigner;
  readonly fail: Fail;
  /** Faults this emulator knows how to inject. Empty for now: faults are a later issue. */
  readonly faultRegistry: ReadonlyMap<string, FaultInfo>;
}

export async function createProject(config: EmulatorConfig): Promise<Project> {
  const project: Project = {
    config,
    profile: config.profile,
    store: new ProjectStore(config.outboxSize),
    clock: createClock(),
    tokens: await createTokenSigner(config.projectId),
    fail: errorFactory(config.profile.errors),
    faultRegistry: new Map(),
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
  for (const name of project.config.faults) project.store.faults.add(name);
}

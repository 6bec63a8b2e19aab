// All of the emulator's configuration, resolved in one place from CLI flags, the environment and a
// .env file, with precedence flag > environment > .env > default. Nothing else reads process.env.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseDotenv } from 'dotenv';
import { validate } from '../specs/contract.ts';
import type { SeedUser } from '../specs/schema-types.ts';
import { applyOverrides, DEFAULT_PROFILE_FILE, loadProfile, ProfileError, type Profile, type ProfileOverrides } from './profile.ts';
import { FAULT_LIST, isFaultName, parseFaultSpec } from './faults.ts';

/**
 * Documented defaults. Neither is a secret: the project ID has the real shape ('P' + 27 characters)
 * so SDKs accept it, and the management key only guards a local emulator.
 */
export const DEFAULT_PROJECT_ID = 'P2EMU1ATORC0NF0RMANCE0000001';
export const DEFAULT_MANAGEMENT_KEY = 'K2emulator-management-key-not-a-secret';
export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_OUTBOX_SIZE = 1000;

export type { SeedUser };

export interface EmulatorConfig {
  host: string;
  port: number;
  projectId: string;
  managementKey: string;
  /** The effective profile: the profile file, flag overrides applied, emulator-picked errors added. */
  profile: Profile;
  outboxSize: number;
  /** false hides /emulator/v1 entirely (--no-control), so a run sees what a live target shows. */
  control: boolean;
  /** Faults switched on at start (--fault NAME or NAME?option=value&…, repeatable). */
  faults: string[];
  /** Ordinary users present at start and again after every reset. */
  seedUsers: SeedUser[];
  /** No request log lines on stderr (internal errors are still logged). */
  quiet: boolean;
  /** Browser origins granted CORS: '*' (any, reflected), a list, or 'none'. */
  corsOrigins: '*' | 'none' | string[];
  /** The CLI stops when the process that started it is gone (--exit-with-parent). */
  exitWithParent: boolean;
}

export class ConfigError extends Error {}

// Project IDs are 'P' + 27 characters, or 32+ characters for regional projects (facts: Transport).
const PROJECT_ID_SHAPE = /^P[A-Za-z0-9]{27}([A-Za-z0-9]{4,})?$/;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'project-id': { type: 'string' },
  'management-key': { type: 'string' },
  profile: { type: 'string' },
  'code-expiry': { type: 'string' },
  'max-attempts': { type: 'string' },
  'session-ttl': { type: 'string' },
  'refresh-ttl': { type: 'string' },
  'send-throttle': { type: 'string' },
  'test-user-cap': { type: 'string' },
  'rate-limit': { type: 'string' },
  'seed-users': { type: 'string' },
  'outbox-size': { type: 'string' },
  'no-control': { type: 'boolean' },
  fault: { type: 'string', multiple: true },
  quiet: { type: 'boolean' },
  'env-file': { type: 'string' },
  'no-env-file': { type: 'boolean' },
  'cors-origins': { type: 'string' },
  'exit-with-parent': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** flag name → environment variable (the generic PORT/HOST are never read). */
const ENV_NAMES: Record<string, string> = {
  port: 'EMULATOR_PORT',
  host: 'EMULATOR_HOST',
  'project-id': 'DESCOPE_PROJECT_ID',
  'management-key': 'DESCOPE_MANAGEMENT_KEY',
  profile: 'EMULATOR_PROFILE',
  'code-expiry': 'EMULATOR_CODE_EXPIRY',
  'max-attempts': 'EMULATOR_MAX_ATTEMPTS',
  'session-ttl': 'EMULATOR_SESSION_TTL',
  'refresh-ttl': 'EMULATOR_REFRESH_TTL',
  'send-throttle': 'EMULATOR_SEND_THROTTLE',
  'test-user-cap': 'EMULATOR_TEST_USER_CAP',
  'rate-limit': 'EMULATOR_RATE_LIMIT',
  'seed-users': 'EMULATOR_SEED_USERS',
  'outbox-size': 'EMULATOR_OUTBOX_SIZE',
  'no-control': 'EMULATOR_NO_CONTROL',
  fault: 'EMULATOR_FAULTS',
  quiet: 'EMULATOR_QUIET',
  'cors-origins': 'EMULATOR_CORS_ORIGINS',
  'exit-with-parent': 'EMULATOR_EXIT_WITH_PARENT',
};

export const USAGE = `usage: npm run -s emulator -- [options]      (or: descope-otp-emulator [options])

A local Descope project serving the SMS OTP sign-in, the session endpoints, the management test-user
endpoints and the keys endpoint, plus control endpoints under /emulator/v1/ (SMS outbox, clock,
faults, projects). Prints one line, "listening on http://HOST:PORT", when ready; logs go to stderr.

Options (each also an environment variable; flags win, then the environment, then .env):
  --port N                 EMULATOR_PORT            port (default 4010; 0 picks a free one)
  --host H                 EMULATOR_HOST            address to listen on (default 127.0.0.1)
  --project-id ID          DESCOPE_PROJECT_ID       the main project's ID (default ${DEFAULT_PROJECT_ID})
  --management-key KEY     DESCOPE_MANAGEMENT_KEY   its management key (default ${DEFAULT_MANAGEMENT_KEY})
  --profile FILE           EMULATOR_PROFILE         values the sources leave open (default fixtures/profiles/emulator-default.json)
  --code-expiry S          EMULATOR_CODE_EXPIRY     seconds a code lives
  --max-attempts N         EMULATOR_MAX_ATTEMPTS    wrong codes before a code locks
  --session-ttl S          EMULATOR_SESSION_TTL     session JWT lifetime
  --refresh-ttl S          EMULATOR_REFRESH_TTL     refresh JWT lifetime
  --send-throttle S        EMULATOR_SEND_THROTTLE   seconds between two SMS to one user (0: off)
  --rate-limit N           EMULATOR_RATE_LIMIT      auth requests a minute per client (0: off)
  --test-user-cap N        EMULATOR_TEST_USER_CAP   test users a project may have (0: no cap)
  --seed-users FILE        EMULATOR_SEED_USERS      ordinary users present at start ({"users": [...]})
  --outbox-size N          EMULATOR_OUTBOX_SIZE     SMS kept in the outbox (default ${DEFAULT_OUTBOX_SIZE})
  --cors-origins LIST      EMULATOR_CORS_ORIGINS    browser origins allowed: * (any, the default), a comma-separated list, or none
  --no-control             EMULATOR_NO_CONTROL      hide /emulator/v1/ (as a live service has none)
  --fault NAME[?k=v&…]     EMULATOR_FAULTS          start with a fault on (repeatable; comma-separated in the variable)
  --quiet                  EMULATOR_QUIET           no request log lines (internal errors are still logged)
  --exit-with-parent       EMULATOR_EXIT_WITH_PARENT
                                                    stop when the process that started it is gone: its stdin pipe
                                                    closes, or it has a new parent (a test runner killed by SIGTERM
                                                    or SIGKILL leaves no emulator behind)
  --env-file FILE | --no-env-file                   read another .env, or none
  --help                                            this text

Environment only (read before .env is, so not from it):
  EMULATOR_KEY_CACHE=FILE|off                       where the projects' RSA keys are kept between starts (default
                                                    node_modules/.cache/descope-otp-emulator/rsa-keys.json, owner-only);
                                                    off: new keys at every start

Faults: GET /emulator/v1/faults lists them; emulator/faults.ts describes each.
Exit codes: 0 stopped by SIGINT/SIGTERM (or its parent gone, with --exit-with-parent); 1 could not start (e.g. the port is taken); 2 a bad option or value.`;

export interface ConfigSources {
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** Contents of the .env file; when absent, read from --env-file (default ./.env) if it exists. */
  dotenv?: Record<string, string>;
}

/** Resolves the configuration; throws ConfigError on any bad value (the CLI exits 2 on it). */
export function loadConfig({ argv = [], env = {}, dotenv }: ConfigSources = {}): EmulatorConfig {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const flags = parsed.values;
  const fileValues = dotenv ?? (flags['no-env-file'] ? {} : readDotenv(flags['env-file'] ?? '.env', flags['env-file'] !== undefined));

  /** The value of one setting as text, by precedence, with where it came from for error messages. */
  const lookup = (flag: keyof typeof ENV_NAMES): { value: string; from: string } | undefined => {
    const fromFlag = flags[flag as keyof typeof flags];
    if (typeof fromFlag === 'string') return { value: fromFlag, from: `--${flag}` };
    if (fromFlag === true) return { value: 'true', from: `--${flag}` };
    const name = ENV_NAMES[flag]!;
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: name };
    const fromFile = fileValues[name];
    if (fromFile !== undefined && fromFile !== '') return { value: fromFile, from: `${name} in .env` };
    return undefined;
  };
  const integer = (flag: keyof typeof ENV_NAMES, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const found = lookup(flag);
    if (!found) return undefined;
    if (!/^\d+$/.test(found.value) || Number(found.value) < min || Number(found.value) > max) {
      throw new ConfigError(`${found.from} must be an integer from ${min} to ${max}, was "${found.value}"`);
    }
    return Number(found.value);
  };
  const bool = (flag: keyof typeof ENV_NAMES) => {
    const found = lookup(flag);
    return found !== undefined && /^(1|true|yes)$/i.test(found.value);
  };

  const projectId = lookup('project-id')?.value ?? DEFAULT_PROJECT_ID;
  if (!PROJECT_ID_SHAPE.test(projectId)) {
    throw new ConfigError(`project ID must be "P" and 27 letters or digits (or 32+ for a regional project), was "${projectId}"`);
  }
  const managementKey = lookup('management-key')?.value ?? DEFAULT_MANAGEMENT_KEY;
  if (!/^[\x21-\x7e]+$/.test(managementKey) || managementKey.includes(':')) {
    throw new ConfigError('management key must be printable ASCII without spaces or ":"');
  }

  const overrides: ProfileOverrides = {
    codeExpirySeconds: integer('code-expiry', 1),
    maxWrongAttempts: integer('max-attempts', 1),
    sessionSeconds: integer('session-ttl', 1),
    refreshSeconds: integer('refresh-ttl', 1),
    sendThrottleSeconds: integer('send-throttle', 0),
    testUserCap: integer('test-user-cap', 0),
    rateLimitPerMinute: integer('rate-limit', 0),
  };
  let profile: Profile;
  try {
    profile = applyOverrides(loadProfile(lookup('profile')?.value ?? DEFAULT_PROFILE_FILE), overrides);
  } catch (error) {
    if (error instanceof ProfileError) throw new ConfigError(error.message);
    throw error;
  }

  const faultText = flags.fault ?? lookup('fault')?.value.split(',');
  const faults = (faultText ?? []).map((spec) => spec.trim()).filter(Boolean);
  const unknownFaults = faults.map((spec) => parseFaultSpec(spec).name).filter((name) => !isFaultName(name));
  if (unknownFaults.length) {
    throw new ConfigError(`--fault: no fault named ${unknownFaults.join(', ')}; known: ${FAULT_LIST.map((fault) => fault.name).join(', ')}`);
  }
  const seedFile = lookup('seed-users')?.value;
  return {
    host: lookup('host')?.value ?? DEFAULT_HOST,
    port: integer('port', 0, 65535) ?? DEFAULT_PORT,
    projectId,
    managementKey,
    profile,
    outboxSize: integer('outbox-size', 1, 1_000_000) ?? DEFAULT_OUTBOX_SIZE,
    control: !bool('no-control'),
    faults,
    seedUsers: seedFile ? loadSeedUsers(seedFile) : [],
    quiet: bool('quiet'),
    corsOrigins: parseCorsOrigins(lookup('cors-origins')),
    exitWithParent: bool('exit-with-parent'),
  };
}

/** `*` (the default), `none`, or a comma-separated list of origins such as https://app.example.com. */
function parseCorsOrigins(found: { value: string; from: string } | undefined): EmulatorConfig['corsOrigins'] {
  const value = found?.value.trim() ?? '*';
  if (value === '*' || value === 'none') return value;
  const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) throw new ConfigError(`${found!.from}: "${origin}" is not an origin (scheme://host[:port], no path), nor * or none`);
  }
  if (origins.length === 0) throw new ConfigError(`${found!.from} lists no origin`);
  return origins;
}

/** The configuration with every default: what tests start from. */
export function defaultConfig(changes: Partial<EmulatorConfig> = {}): EmulatorConfig {
  return { ...loadConfig({ dotenv: {} }), ...changes };
}

function readDotenv(file: string, required: boolean): Record<string, string> {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`env file ${file} does not exist`);
    return {};
  }
  return parseDotenv(readFileSync(file, 'utf8'));
}

export function loadSeedUsers(file: string): SeedUser[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read seed users ${file}: ${(error as Error).message}`);
  }
  const result = validate('emulator/seed-users-request', data);
  if (!result.ok) throw new ConfigError(`seed users ${file} are invalid: ${result.problems.join('; ')}`);
  return (data as { users: SeedUser[] }).users;
}

// The emulator's OBSERVED values (what the facts leave open) come from one profile file. This module
// reads it, checks it against schemas/emulator/profile.schema.json and applies setting overrides.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../lib/paths.ts';
import { validate } from '../specs/contract.ts';

export interface ErrorSetting {
  errorCode: string;
  status: number;
  /** A more specific code the service names inside the message, as `[E013002] …`. */
  cause?: string;
}

export interface Profile {
  name: string;
  code: {
    length: number;
    expirySeconds: number;
    maxWrongAttempts: number;
    /** For a test user, whether a sign-in replaces a code the management API generated. */
    signInReplacesGeneratedCode: boolean;
  };
  errors: Record<string, ErrorSetting>;
  tokens: { sessionSeconds: number; refreshSeconds: number };
  limits: Limits;
}

/** Limits the sources leave open; a profile file may name some, the default profile fills the rest. */
export interface Limits {
  sendThrottleSeconds: number;
  rateLimitPerMinute: number;
  testUserCap: number;
  /** The largest request body accepted, in KiB; a larger one gets the bodyTooLarge error. */
  maxBodyKiB: number;
}

export const DEFAULT_PROFILE_FILE = join(paths.profiles, 'emulator-default.json');

export class ProfileError extends Error {}

/** Reads and validates a profile file; throws ProfileError with a readable reason. */
export function loadProfile(file: string = DEFAULT_PROFILE_FILE): Profile {
  const profile = checkProfile(readJson(file), file);
  if (file === DEFAULT_PROFILE_FILE) return profile;
  // A profile recorded from a live target names only what it observed: the default profile fills
  // in the rest, so every failure a handler can name has a setting and every limit a value.
  const defaults = checkProfile(readJson(DEFAULT_PROFILE_FILE), DEFAULT_PROFILE_FILE);
  return { ...profile, errors: { ...defaults.errors, ...profile.errors }, limits: { ...defaults.limits, ...profile.limits } };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProfileError(`cannot read profile ${file}: ${(error as Error).message}`);
  }
}

export function checkProfile(data: unknown, source: string): Profile {
  const result = validate('emulator/profile', data);
  if (!result.ok) throw new ProfileError(`profile ${source} is invalid: ${result.problems.join('; ')}`);
  return data as Profile;
}

/** Settings a flag or variable can override; each lands in the profile, so GET /profile shows it. */
export interface ProfileOverrides {
  codeExpirySeconds?: number;
  maxWrongAttempts?: number;
  sessionSeconds?: number;
  refreshSeconds?: number;
  sendThrottleSeconds?: number;
  testUserCap?: number;
  rateLimitPerMinute?: number;
}

export function applyOverrides(profile: Profile, overrides: ProfileOverrides): Profile {
  const copy: Profile = structuredClone(profile);
  const set = <T>(value: T | undefined, apply: (value: T) => void) => {
    if (value !== undefined) apply(value);
  };
  set(overrides.codeExpirySeconds, (v) => (copy.code.expirySeconds = v));
  set(overrides.maxWrongAttempts, (v) => (copy.code.maxWrongAttempts = v));
  set(overrides.sessionSeconds, (v) => (copy.tokens.sessionSeconds = v));
  set(overrides.refreshSeconds, (v) => (copy.tokens.refreshSeconds = v));
  set(overrides.sendThrottleSeconds, (v) => (copy.limits.sendThrottleSeconds = v));
  set(overrides.testUserCap, (v) => (copy.limits.testUserCap = v));
  set(overrides.rateLimitPerMinute, (v) => (copy.limits.rateLimitPerMinute = v));
  return checkProfile(copy, 'after overrides');
}

// The emulator's OBSERVED values (what the facts leave open) come from one profile file. This module
// reads it, checks it against schemas/emulator/profile.schema.json and applies setting overrides.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../lib/paths.ts';
import { validate } from '../specs/contract.ts';
import type { Profile as SchemaProfile } from '../specs/schema-types.ts';

/** The profile as its schema describes it (specs/schema-types.ts, generated from schemas/emulator/profile.schema.json). */
type ProfileFile = SchemaProfile;

export type ErrorSetting = ProfileFile['errors'][string];

/** Limits the sources leave open; a profile file may name some, the default profile fills the rest. */
export type Limits = Required<NonNullable<ProfileFile['limits']>>;

/** The effective profile: a profile file with every limit filled in from the default profile. */
export type Profile = Omit<ProfileFile, 'limits'> & { limits: Limits };

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

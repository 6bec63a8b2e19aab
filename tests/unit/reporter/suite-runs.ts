// Helpers for the reporters' real-run tests (fidelity, flakes, preflight, redaction scan, shards,
// browser): an emulator of the test's own, and suite runs against it the way a user runs the suite
// against staging (DESCOPE_BASE_URL/PROJECT_ID/MANAGEMENT_KEY). Child processes go through
// lib/process.ts, whose childEnv keeps the outer run's identity and a developer's .env out. Each run
// gets its own --output and report directories (Playwright empties its outputDir).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../../../emulator/spawn.ts';
import { paths } from '../../../lib/paths.ts';
import { childEnv, runNode, runPlaywright, type ChildRun } from '../../../lib/process.ts';

export const root = paths.root;
export const TSX = paths.tsxCli;
export const PLAYWRIGHT = paths.playwrightCli;

export const PROJECT_ID = 'P2FIDELITYRUN000000000000001';

export type Emulator = SpawnedEmulator;

/** The emulator CLI on a free port, serving PROJECT_ID with this key, quiet and ignoring .env. */
export function startEmulator(managementKey: string, extraArgs: string[] = []): Promise<Emulator> {
  return spawnEmulator(['--project-id', PROJECT_ID, '--management-key', managementKey, '--quiet', ...extraArgs], { env: childEnv() });
}

/** The environment of a child run: no target, no mode, no .env (lib/process.ts childEnv). */
export const cleanEnv = childEnv;

/** The environment of a suite run against `url` as a live target. */
export function targetEnv(url: string, managementKey: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return childEnv({ DESCOPE_BASE_URL: url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: managementKey, CONFORMANCE_SEED: '4242', ...extra });
}

export type Run = ChildRun;

export function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Run> {
  return runNode(args, { env, timeoutMs });
}

/** `playwright test --project=conformance <args>` (the conformance project only: no recursion into unit). */
export function playwrightTest(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return runPlaywright(['--project=conformance', ...args], { env, timeoutMs: 120_000 });
}

/** A copy of the default profile with some changes, written to `file`. */
export function writeProfile(file: string, change: (profile: Record<string, any>) => void): string {
  const profile = JSON.parse(readFileSync(join(paths.profiles, 'emulator-default.json'), 'utf8')) as Record<string, any>;
  change(profile);
  writeFileSync(file, JSON.stringify(profile, null, 2));
  return file;
}

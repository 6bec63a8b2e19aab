// Helpers for the reporter's real-run tests (fidelity, redaction scan, shards, browser): start a
// reference emulator as a child process, run a subset of the conformance suite against it the way a
// user runs it against staging (DESCOPE_BASE_URL/PROJECT_ID/MANAGEMENT_KEY), and run the repository's
// scripts. Each run gets its own --output and report directories (Playwright empties its outputDir),
// and the outer run's TEST_/PW_ environment is removed so the child is a run of its own.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnEmulator, type SpawnedEmulator } from '../../../emulator/spawn.ts';

export const root = join(import.meta.dirname, '..', '..', '..');
export const TSX = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
export const PLAYWRIGHT = join(root, 'node_modules', '@playwright', 'test', 'cli.js');

export const PROJECT_ID = 'P2FIDELITYRUN000000000000001';

export type Emulator = SpawnedEmulator;

/** The emulator CLI on a free port, serving PROJECT_ID with this key, quiet and ignoring .env. */
export function startEmulator(managementKey: string, extraArgs: string[] = []): Promise<Emulator> {
  return spawnEmulator(['--project-id', PROJECT_ID, '--management-key', managementKey, '--quiet', ...extraArgs], cleanEnv());
}

/** The environment without the outer Playwright run's identity and without any target or mode. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TEST_') || key.startsWith('PW_')) delete env[key];
  for (const key of ['CONFORMANCE_STRICT', 'CONFORMANCE_HERMETIC', 'CONFORMANCE_REPORT_DIR', 'CONFORMANCE_PROFILE', 'CONFORMANCE_RUN_ID', 'EMULATOR_URL', 'DESCOPE_BASE_URL', 'DESCOPE_PROJECT_ID', 'DESCOPE_MANAGEMENT_KEY', 'FIDELITY_REPORT_DIR', 'FORCE_COLOR']) {
    delete env[key];
  }
  // A developer's .env (a staging URL, a profile, strict mode) must not reach these runs.
  return { ...env, CONFORMANCE_DOTENV: '0', ...extra };
}

/** The environment of a suite run against `url` as a live target. */
export function targetEnv(url: string, managementKey: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ DESCOPE_BASE_URL: url, DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: managementKey, CONFORMANCE_SEED: '4242', ...extra });
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `playwright test --project=conformance <args>` (the conformance projects only: no recursion into unit). */
export function playwrightTest(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return run([PLAYWRIGHT, 'test', '--project=conformance', ...args], env);
}

/** `tsx reporter/fidelity/cli.ts <args>` (what `npm run fidelity --` runs). */
export function fidelity(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return run([TSX, join(root, 'reporter', 'fidelity', 'cli.ts'), ...args], env);
}

/** A copy of the default profile with some changes, written to `file`. */
export function writeProfile(file: string, change: (profile: Record<string, any>) => void): string {
  const profile = JSON.parse(readFileSync(join(root, 'fixtures', 'profiles', 'emulator-default.json'), 'utf8')) as Record<string, any>;
  change(profile);
  writeFileSync(file, JSON.stringify(profile, null, 2));
  return file;
}

// The Playwright configuration of a mutation run: the project's own, with one Playwright project
// per emulator project of the plan (the fault-free baseline, and one per fault), all run at once.
// The plan (MUTATION_PLAN, written by run.ts) says which emulator project each targets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';
import { paths } from '../../lib/paths.ts';
import type { StopOnceCaught, TargetProject } from '../../fixtures/test.ts';

export interface MutationPlan {
  resultsDir: string;
  markersDir: string;
  projects: {
    name: string;
    target: TargetProject;
    /**
     * Phase 2: the requirements the fault declares it breaks, for the early stop (fixtures/test.ts,
     * StopOnceCaught). Absent: every test the entry selects runs (the baseline; and phase 1, so that
     * which requirements catch a fault never depends on which test happened to fail first).
     */
    stopOnceCaught?: string[];
    /** Phase 1: every selected test checks what the fault breaks, so each is expected to fail (fixtures/test.ts, expectFailure). */
    expectFailure?: boolean;
    /** Only the tests tagged with one of these requirements (the first phase); absent: every test. */
    only?: string[];
  }[];
}

const plan = JSON.parse(readFileSync(process.env.MUTATION_PLAN!, 'utf8')) as MutationPlan;

export default defineConfig<{ stopOnceCaught: StopOnceCaught | undefined; expectFailure: boolean }, { targetProject: TargetProject | undefined }>({
  ...base,
  webServer: undefined,
  reporter: [['dot'], [join(paths.root, 'reporter', 'mutation', 'collector.ts'), { outputDir: plan.resultsDir }]],
  projects: plan.projects.map(({ name, target, only, stopOnceCaught, expectFailure = false }) => ({
    name,
    testDir: join(paths.root, 'tests', 'conformance'),
    ...(only ? { grep: new RegExp(only.map((id) => `@${id}(?![\\w-])`).join('|')) } : {}),
    use: {
      targetProject: target,
      stopOnceCaught: stopOnceCaught ? { dir: plan.markersDir, declared: stopOnceCaught } : undefined,
      expectFailure,
    },
  })),
});

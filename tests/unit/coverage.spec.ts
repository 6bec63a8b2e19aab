// Every requirement in the catalogue is checked by at least one conformance test, and no test names
// a requirement the catalogue does not have. Found the way a run finds them: Playwright lists the
// conformance projects (`--list` loads every spec file but runs nothing and starts no webServer)
// and its JSON report carries each test's `requirement` annotations, which `covers(...)` adds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { projectRoot } from '../../specs/contract.ts';

/** The annotation type `covers(...)` writes (fixtures/requirements.ts). */
const REQUIREMENT = 'requirement';
const CONFORMANCE_PROJECTS = ['conformance'];

interface CatalogueEntry {
  id: string;
  /** Why no conformance test can check this requirement (the catalogue owner says so explicitly). */
  uncovered?: string;
}

function readCatalogue(): CatalogueEntry[] {
  const parsed = JSON.parse(readFileSync(join(projectRoot, 'specs', 'requirements.json'), 'utf8')) as { requirements: CatalogueEntry[] };
  return parsed.requirements;
}

interface Listing {
  code: number | null;
  report: JSONReport | undefined;
  stdout: string;
  stderr: string;
}

function listConformanceTests(): Promise<Listing> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_HERMETIC: '1' };
  // This test runs inside a Playwright worker: its variables would confuse the nested runner.
  for (const key of Object.keys(env)) if (key.startsWith('TEST_') || key.startsWith('PW_')) delete env[key];
  const args = [join(projectRoot, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list', '--reporter=json'];
  for (const project of CONFORMANCE_PROJECTS) args.push(`--project=${project}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let report: JSONReport | undefined;
      try {
        report = JSON.parse(stdout) as JSONReport;
      } catch {
        report = undefined;
      }
      resolve({ code, report, stdout, stderr });
    });
  });
}

interface ListedTest {
  title: string;
  project: string;
  requirements: string[];
}

function collectTests(suites: JSONReportSuite[] | undefined, titlePath: string[] = []): ListedTest[] {
  return (suites ?? []).flatMap((suite) => {
    const path = suite.title ? [...titlePath, suite.title] : titlePath;
    const own = suite.specs.flatMap((spec) =>
      spec.tests.map((listed) => ({
        title: [...path, spec.title].join(' › '),
        project: listed.projectName,
        requirements: listed.annotations.filter((annotation) => annotation.type === REQUIREMENT).map((annotation) => annotation.description ?? ''),
      })),
    );
    return [...own, ...collectTests(suite.suites, path)];
  });
}

test.describe('requirement coverage of the conformance suite', () => {
  test.describe.configure({ mode: 'serial' });
  test.setTimeout(90_000);

  let listing: Listing;
  let tests: ListedTest[];
  const catalogue = readCatalogue();
  const catalogueIds = new Set(catalogue.map((entry) => entry.id));

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    listing = await listConformanceTests();
    tests = collectTests(listing.report?.suites);
  });

  test('the conformance projects list cleanly, without starting a target', () => {
    expect(listing.report, `playwright --list printed no JSON report (exit ${listing.code}); stderr: ${listing.stderr.slice(0, 2000)}`).toBeDefined();
    const errors = (listing.report!.errors ?? []).map((error) => error.message ?? String(error.value ?? ''));
    expect(errors, 'every conformance spec file loads (an unknown ID in covers() throws at load time)').toEqual([]);
    expect(listing.code, `playwright --list exits 0; stderr: ${listing.stderr.slice(0, 2000)}`).toBe(0);
    // --list never starts the config's webServer: the listing must not depend on a running emulator.
    expect(listing.stderr.includes('[WebServer]'), 'listing started no webServer').toBe(false);
    expect(tests.length, 'the conformance projects have tests').toBeGreaterThan(0);
    const strangers = tests.filter((listed) => !CONFORMANCE_PROJECTS.includes(listed.project)).map((listed) => `${listed.project}: ${listed.title}`);
    expect(strangers, 'only the conformance projects were listed').toEqual([]);
  });

  test('every conformance test names the requirements it checks', () => {
    const untagged = tests.filter((listed) => listed.requirements.length === 0).map((listed) => `${listed.project}: ${listed.title}`);
    expect(untagged, 'tests without covers(...)').toEqual([]);
  });

  test('no test names a requirement the catalogue does not have', () => {
    const unknown = tests.flatMap((listed) => listed.requirements.filter((id) => !catalogueIds.has(id)).map((id) => `${id} (${listed.project}: ${listed.title})`));
    expect(unknown, 'requirement IDs missing from specs/requirements.json').toEqual([]);
  });

  test('every requirement is covered, except those the catalogue says cannot be', () => {
    const covered = new Set(tests.flatMap((listed) => listed.requirements));
    const uncovered = catalogue.filter((entry) => !covered.has(entry.id)).map((entry) => entry.id).sort();
    const declaredUncovered = catalogue.filter((entry) => typeof entry.uncovered === 'string' && entry.uncovered.trim() !== '').map((entry) => entry.id).sort();
    expect(uncovered, 'requirements no conformance test covers (left) must be exactly those with an "uncovered" reason in the catalogue (right)').toEqual(declaredUncovered);
  });
});

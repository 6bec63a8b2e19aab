// Every requirement in the catalogue is checked by at least one conformance test, and no test names
// a requirement the catalogue does not have. Found the way a run finds them: Playwright lists the
// conformance projects (`--list` loads every spec file but runs nothing and starts no webServer)
// and its JSON report carries each test's `requirement` annotations, which `covers(...)` adds.
import { expect, test } from '@playwright/test';
import type { JSONReport, JSONReportSuite } from '@playwright/test/reporter';
import { childEnv, runPlaywright } from '../../lib/process.ts';
import { ANNOTATION, catalogue } from '../../specs/catalogue.ts';

const CONFORMANCE_PROJECTS = ['conformance'];

interface Listing {
  code: number | null;
  report: JSONReport | undefined;
  stdout: string;
  stderr: string;
}

async function listConformanceTests(): Promise<Listing> {
  const run = await runPlaywright(['--list', '--reporter=json', ...CONFORMANCE_PROJECTS.map((p) => `--project=${p}`)], { env: childEnv({ CONFORMANCE_HERMETIC: '1' }) });
  let report: JSONReport | undefined;
  try {
    report = JSON.parse(run.stdout) as JSONReport;
  } catch {
    report = undefined;
  }
  return { code: run.code, report, stdout: run.stdout, stderr: run.stderr };
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
        requirements: listed.annotations.filter((annotation) => annotation.type === ANNOTATION.requirement).map((annotation) => annotation.description ?? ''),
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
  const catalogueIds = new Set(catalogue.requirements.map((entry) => entry.id));

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
    const uncovered = catalogue.requirements.filter((entry) => !covered.has(entry.id)).map((entry) => entry.id);
    expect(uncovered, 'requirements no conformance test covers').toEqual([]);
  });
});

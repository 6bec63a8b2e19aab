// A Playwright reporter that turns a conformance run into the conformance report:
// `<CONFORMANCE_REPORT_DIR>/conformance.json` (the format of design.md's interface contract) and a
// self-contained `index.html`. Tests outside the conformance projects are ignored.
//
// The target: the runner process has the same environment as the workers (EMULATOR_URL is set by the
// webServer before onBegin), so it is resolved with fixtures/target.ts's resolveTarget(). The
// profile name: the `name` of the CONFORMANCE_PROFILE file when set, else the `name` the target's
// /emulator/v1/profile answers (asked once, at onBegin, while the embedded emulator still runs),
// else null. That same request tells whether the target can be reached at all.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { maskSecret, redact, redactValue, registerSecret } from '../fixtures/redact.ts';
import { resolveTarget } from '../fixtures/target.ts';
import { renderHtml, type ConformanceReport } from './html.ts';
import { computeVerdicts, summarize, toRecord, type Catalogue, type TestRecord } from './verdicts.ts';

export interface ConformanceReporterOptions {
  /** Output directory; CONFORMANCE_REPORT_DIR wins, default `conformance-report`. */
  outputDir?: string;
  /** Projects whose tests count; default: every project whose name starts with `conformance`. */
  projects?: string[];
}

const root = resolve(import.meta.dirname, '..');

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

interface TargetProbe {
  reachable: boolean | null;
  profileName: string | null;
}

async function probeTarget(url: string): Promise<TargetProbe> {
  try {
    const answer = await fetch(`${url}/emulator/v1/profile`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
    let profileName: string | null = null;
    if (answer.ok) {
      const body = (await answer.json().catch(() => null)) as { name?: unknown } | null;
      if (body && typeof body.name === 'string') profileName = body.name;
    }
    return { reachable: true, profileName };
  } catch {
    return { reachable: false, profileName: null };
  }
}

export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private readonly records = new Map<string, TestRecord>();
  private startedAt = new Date();
  private probe: Promise<TargetProbe> = Promise.resolve({ reachable: null, profileName: null });
  private target: ConformanceReport['target'] = { url: null, projectId: null, profile: null };
  /** This run has conformance tests: otherwise (a unit-only run) no report is written at all. */
  private active = false;
  private managementKey: string | undefined;
  private suite: Suite | undefined;

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
    registerSecret(process.env.DESCOPE_MANAGEMENT_KEY);
  }

  printsToStdio(): boolean {
    return false;
  }

  private counts(test: TestCase): boolean {
    const project = test.parent.project()?.name ?? '';
    return this.options.projects ? this.options.projects.includes(project) : project.startsWith('conformance');
  }

  private resolveTargetNow(): void {
    try {
      const target = resolveTarget();
      registerSecret(target.managementKey);
      this.managementKey = target.managementKey;
      this.target.url = redact(target.url);
      this.target.projectId = maskSecret(target.projectId);
    } catch {
      // No target known yet (or none at all): onEnd tries again, then leaves it null.
    }
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.startedAt = new Date();
    // Only probe when this run has conformance tests: a unit-only run touches no target.
    this.suite = suite;
    this.active = suite.allTests().some((t) => this.counts(t));
    if (!this.active) return;
    this.resolveTargetNow();
    if (this.target.url) this.probe = probeTarget(this.target.url);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.counts(test)) return;
    // The last result wins (retries, when configured, report every attempt).
    this.records.set(test.id, toRecord(test, result));
  }

  async onEnd(result: FullResult): Promise<void> {
    if (!this.active) return;
    if (this.target.url === null) this.resolveTargetNow();
    const probe = await this.probe;
    let profile = probe.profileName;
    if (process.env.CONFORMANCE_PROFILE) {
      try {
        const named = JSON.parse(readFileSync(process.env.CONFORMANCE_PROFILE, 'utf8')) as { name?: unknown };
        profile = typeof named.name === 'string' ? named.name : process.env.CONFORMANCE_PROFILE;
      } catch {
        profile = process.env.CONFORMANCE_PROFILE;
      }
    }
    this.target.profile = profile === null ? null : redact(profile);

    const catalogue = JSON.parse(readFileSync(join(root, 'specs', 'requirements.json'), 'utf8')) as Catalogue;
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    // Tests Playwright never started (a project they depend on failed, or the run stopped) get no
    // onTestEnd: they count as skipped, with that reason, rather than vanishing into NOT_COVERED.
    for (const test of this.suite?.allTests() ?? []) {
      if (!this.counts(test) || this.records.has(test.id)) continue;
      const why = result.status === 'passed' ? 'did not run' : `did not run (the run ended ${result.status}; a project it depends on may have failed)`;
      this.records.set(test.id, toRecord(test, { status: 'skipped', annotations: [{ type: 'skip', description: why }], errors: [] }));
    }
    const records = [...this.records.values()];
    const requirements = computeVerdicts(catalogue, records);
    // Test-derived parts are redacted string by string; the catalogue's text (findings) is the
    // repository's own and is written as it is.
    const report: ConformanceReport = {
      target: redactValue(this.target),
      startedAt: this.startedAt.toISOString(),
      suite: { version: pkg.version ?? '0.0.0', commit: gitCommit(), seed: process.env.CONFORMANCE_SEED ?? null },
      summary: summarize(requirements),
      requirements: redactValue(requirements),
      findings: catalogue.findings,
      run: {
        status: result.status,
        tests: records.filter((r) => r.outcome !== 'skipped').length,
        passed: records.filter((r) => r.outcome === 'passed').length,
        failed: records.filter((r) => r.outcome === 'failed').length,
        skipped: records.filter((r) => r.outcome === 'skipped').length,
        targetReachable: probe.reachable,
        durationMs: Math.round(result.duration),
      },
    };
    const secrets = [process.env.DESCOPE_MANAGEMENT_KEY, this.managementKey].filter((v): v is string => !!v && v.length >= 4);
    const dir = resolve(process.env.CONFORMANCE_REPORT_DIR || this.options.outputDir || 'conformance-report');
    mkdirSync(dir, { recursive: true });
    // Last line of defence: the registered secrets (the management key) appear nowhere, whatever
    // path a string took. (Only those: the full pattern set would rewrite catalogue text such as
    // "Bearer <Project ID>".)
    const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
    writeFileSync(join(dir, 'conformance.json'), scrub(`${JSON.stringify(report, null, 2)}\n`));
    writeFileSync(join(dir, 'index.html'), scrub(renderHtml(report, catalogue, records)));
  }
}

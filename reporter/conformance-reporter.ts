// A Playwright reporter that turns a conformance run into the conformance report:
// `<CONFORMANCE_REPORT_DIR>/conformance.json` (the format of design.md's interface contract) and a
// self-contained `index.html`. Tests outside the conformance projects are ignored.
//
// The target: the runner process has the same environment as the workers (EMULATOR_URL is set by the
// webServer before onBegin), so it is resolved with fixtures/target.ts's resolveTarget(). The
// profile name: the `name` of the CONFORMANCE_PROFILE file when set, else the `name` the target's
// /emulator/v1/profile answers (asked once, at onBegin, while the embedded emulator still runs),
// else null. That same request tells whether the target can be reached at all.
//
// Sharding: what it learns about the target (already masked) it also writes into
// `config.metadata['conformance' or 'conformance:<shard>/<total>']`, which blob reports carry. Under
// `playwright merge-reports` (where no target runs and the environment is another machine's) the
// reporter finds those entries in the merged config at onBegin and takes the target from them instead
// of probing; `startedAt` is the run's start time, which merge-reports sets to the earliest shard's.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { maskSecret, redact, redactValue, registerSecret } from '../fixtures/redact.ts';
import { resolveTarget } from '../fixtures/target.ts';
import { paths } from '../lib/paths.ts';
import { ANNOTATION, loadCatalogue, standards } from '../specs/catalogue.ts';
import { standardsVerdicts } from './standards.ts';
import { PREFLIGHT_METADATA, type PreflightRecord } from '../fixtures/preflight.ts';
import { renderHtml } from './html.ts';
import type { ConformanceReport, RequirementResult, TestRecord } from './model.ts';
import { computeVerdicts, summarize, toRecord } from './verdicts.ts';
import { observedProfile } from './observed-profile.ts';

export interface ConformanceReporterOptions {
  /** Output directory; CONFORMANCE_REPORT_DIR wins, default `conformance-report`. */
  outputDir?: string;
  /** Projects whose tests count; default: every project whose name starts with `conformance`. */
  projects?: string[];
}

const root = paths.root;

/** The suite's commit, or null outside a git checkout. Asked at onBegin, so onEnd does not wait for git. */
function gitCommit(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: root }, (error, stdout) => resolve(error ? null : stdout.trim() || null));
  });
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

/** What a run learned about its target, as it travels in blob reports (every value already masked). */
interface TargetMetadata {
  target: ConformanceReport['target'];
  targetReachable: boolean | null;
  seed: string | null;
}

const METADATA_KEY = 'conformance';

/** The entries earlier (sharded) runs left in a merged config's metadata, if any. */
function mergedMetadata(metadata: Record<string, unknown>): TargetMetadata[] {
  return Object.entries(metadata)
    .filter(([key, value]) => (key === METADATA_KEY || key.startsWith(`${METADATA_KEY}:`)) && value && typeof value === 'object')
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([, value]) => value as TargetMetadata);
}

export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private readonly records = new Map<string, TestRecord>();
  /** Requests each test sent to the target (its `requests` annotation), by test ID. */
  private readonly requests = new Map<string, number>();
  private startedAt = new Date();
  private probe: Promise<TargetProbe> = Promise.resolve({ reachable: null, profileName: null });
  private commit: Promise<string | null> = Promise.resolve(null);
  private target: ConformanceReport['target'] = { url: null, projectId: null, profile: null };
  /** This run has conformance tests: otherwise (a unit-only run) no report is written at all. */
  private active = false;
  private managementKey: string | undefined;
  private suite: Suite | undefined;
  /** Under merge-reports: what the shards recorded about their target. */
  private merged: TargetMetadata[] = [];
  /** In a live run: the entry this run writes into config.metadata for blob reports. */
  private metadata: TargetMetadata | undefined;
  private config: FullConfig | undefined;

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

  onBegin(config: FullConfig, suite: Suite): void {
    this.startedAt = new Date();
    this.config = config;
    // Only probe when this run has conformance tests: a unit-only run touches no target.
    this.suite = suite;
    // A run stopped by the preflight reports that it did not run (its suite may be empty then).
    this.active = suite.allTests().some((t) => this.counts(t)) || config.metadata?.[PREFLIGHT_METADATA] !== undefined;
    if (!this.active) return;
    this.commit = gitCommit();
    config.metadata ??= {};
    this.merged = mergedMetadata(config.metadata);
    if (this.merged.length > 0) {
      // merge-reports: the shards' own record of their target; nothing is probed from here.
      this.target = { ...this.merged[0]!.target };
      const reachable = this.merged.map((m) => m.targetReachable);
      this.probe = Promise.resolve({ reachable: reachable.includes(false) ? false : reachable.includes(true) ? true : null, profileName: this.target.profile });
      return;
    }
    this.resolveTargetNow();
    if (this.target.url) this.probe = probeTarget(this.target.url);
    // Blob reports serialise config.metadata at the end of the run: this entry travels with them.
    const metadata: TargetMetadata = { target: this.target, targetReachable: null, seed: process.env.CONFORMANCE_SEED ?? null };
    this.metadata = metadata;
    config.metadata[config.shard ? `${METADATA_KEY}:${config.shard.current}/${config.shard.total}` : METADATA_KEY] = metadata;
    void this.probe.then((probe) => {
      metadata.targetReachable = probe.reachable;
      metadata.target = { ...this.target, profile: this.profileName(probe) };
    });
  }

  /** The profile name: the CONFORMANCE_PROFILE file's `name` when set, else what the target answered. */
  private profileName(probe: TargetProbe): string | null {
    let profile = probe.profileName;
    if (this.merged.length === 0 && process.env.CONFORMANCE_PROFILE) {
      try {
        const named = JSON.parse(readFileSync(process.env.CONFORMANCE_PROFILE, 'utf8')) as { name?: unknown };
        profile = typeof named.name === 'string' ? named.name : process.env.CONFORMANCE_PROFILE;
      } catch {
        profile = process.env.CONFORMANCE_PROFILE;
      }
    }
    return profile === null ? null : redact(profile);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.counts(test)) return;
    // The last result wins (retries, when configured, report every attempt).
    this.records.set(test.id, toRecord(test, result));
    const sent = [...test.annotations, ...(result.annotations ?? [])].find((a) => a.type === ANNOTATION.requests);
    if (sent) this.requests.set(test.id, Number(sent.description) || 0);
  }

  async onEnd(result: FullResult): Promise<void> {
    if (!this.active) return;
    if (this.target.url === null && this.merged.length === 0) this.resolveTargetNow();
    const probe = await this.probe;
    this.target.profile = this.profileName(probe);
    if (this.metadata) Object.assign(this.metadata, { target: { ...this.target }, targetReachable: probe.reachable });
    // The run's start (under merge-reports: the earliest shard's), not this reporter's.
    if (result.startTime instanceof Date && !Number.isNaN(result.startTime.getTime())) this.startedAt = result.startTime;

    const catalogue = loadCatalogue();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
    // Tests Playwright never started (a project they depend on failed, or the run stopped) get no
    // onTestEnd: they count as skipped, with that reason, rather than vanishing into NOT_COVERED.
    for (const test of this.suite?.allTests() ?? []) {
      if (!this.counts(test) || this.records.has(test.id)) continue;
      const why = result.status === 'passed' ? 'did not run' : `did not run (the run ended ${result.status}; a project it depends on may have failed)`;
      this.records.set(test.id, toRecord(test, { status: 'skipped', annotations: [{ type: 'skip', description: why }], errors: [] }));
    }
    // The preflight found the configuration wrong (fixtures/global-setup.ts): nothing was checked.
    const preflight = this.config?.metadata?.[PREFLIGHT_METADATA] as PreflightRecord | undefined;
    const records = preflight ? [] : [...this.records.values()];
    const requirements = preflight
      ? catalogue.requirements.map((r): RequirementResult => ({ id: r.id, level: r.level, verdict: 'SKIPPED', reason: `not run: configuration error (${preflight.variable})`, tests: [] }))
      : computeVerdicts(catalogue, records);
    // Test-derived parts are redacted string by string; the catalogue's text (findings) is the
    // repository's own and is written as it is.
    const report: ConformanceReport = {
      target: redactValue(this.target),
      startedAt: this.startedAt.toISOString(),
      suite: { version: pkg.version ?? '0.0.0', commit: await this.commit, seed: this.merged[0]?.seed ?? process.env.CONFORMANCE_SEED ?? null },
      summary: summarize(requirements),
      requirements: redactValue(requirements),
      findings: catalogue.findings,
      standards: redactValue(standardsVerdicts(standards, catalogue, requirements)),
      run: {
        status: result.status,
        tests: records.filter((r) => r.outcome !== 'skipped').length,
        passed: records.filter((r) => r.outcome === 'passed').length,
        failed: records.filter((r) => r.outcome === 'failed').length,
        skipped: records.filter((r) => r.outcome === 'skipped').length,
        targetReachable: probe.reachable,
        durationMs: Math.round(result.duration),
        requests: [...this.requests.values()].reduce((sum, n) => sum + n, 0),
        ...(preflight ? { status: 'configuration-error', configurationError: `fix ${preflight.variable}: ${preflight.reason}` } : {}),
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
    writeFileSync(join(dir, 'index.html'), scrub(renderHtml(report, catalogue)));
    // Only a run that got answers records what the target answered: no stale or empty profile.
    const observed = observedProfile(catalogue, requirements, `observed at ${report.target.url ?? 'an unknown target'} on ${report.startedAt}`);
    const profileFile = join(dir, 'observed-profile.json');
    if (requirements.some((r) => r.observed !== undefined)) writeFileSync(profileFile, scrub(`${JSON.stringify(redactValue(observed.profile), null, 2)}\n`));
    else rmSync(profileFile, { force: true });
  }
}

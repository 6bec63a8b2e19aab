// The verdict logic of the conformance report, as pure functions: Playwright results in (reduced to
// `TestRecord`s), one verdict per catalogue requirement out. No I/O here, so it is unit-tested alone.
import { redact, redactValue } from '../fixtures/redact.ts';

export type Level = 'MUST' | 'SHOULD' | 'OBSERVED';
export type Verdict = 'PASSED' | 'FAILED' | 'WARNING' | 'OBSERVED' | 'SKIPPED' | 'NOT_COVERED';
export const VERDICTS: Verdict[] = ['FAILED', 'WARNING', 'PASSED', 'OBSERVED', 'SKIPPED', 'NOT_COVERED'];

/** Annotation types written by fixtures/requirements.ts (and Playwright's own `skip`). */
const REQUIREMENT = 'requirement';
const OBSERVED = 'observed';
const SKIP = 'skip';

export interface CatalogueRequirement {
  id: string;
  level: Level;
  endpoint?: string;
  statement: string;
  source: { kind: string; ref: string; quote?: string };
  profileKey?: string;
}

export interface CatalogueFinding {
  id: string;
  title: string;
  detail: string;
  sources?: { kind: string; ref: string; quote?: string }[];
}

export interface Catalogue {
  requirements: CatalogueRequirement[];
  findings: CatalogueFinding[];
}

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One conformance test as the report needs it; every string already redacted. */
export interface TestRecord {
  title: string;
  requirementIds: string[];
  outcome: Outcome;
  /** Why it was skipped (the `skip` annotation), when it was. */
  skipReason?: string;
  /** Values recorded with `observe(...)`. */
  observed: { id: string; value: unknown }[];
  /** Error messages of a failed test (redacted, no ANSI colours). */
  errors: string[];
}

export interface RequirementResult {
  id: string;
  level: Level;
  verdict: Verdict;
  observed?: unknown;
  reason?: string;
  tests: string[];
}

/** What Playwright hands a reporter, reduced to what the verdicts read (structurally typed). */
export interface PlaywrightLikeTest {
  titlePath(): string[];
  annotations: { type: string; description?: string }[];
}
export interface PlaywrightLikeResult {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  annotations?: { type: string; description?: string }[];
  errors: { message?: string; value?: string }[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * Reduce a Playwright test and its (last) result to a record. `titlePath()` is
 * ['', project, file, ...describes, title]; the report names a test by file › describes › title.
 */
export function toRecord(test: PlaywrightLikeTest, result: PlaywrightLikeResult): TestRecord {
  const annotations = [...test.annotations, ...(result.annotations ?? [])];
  const seen = new Set<string>();
  const unique = annotations.filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const path = test.titlePath().filter((part) => part !== '');
  const [file = '', ...titles] = path.slice(1);
  const title = redact([file.replace(/^.*[\\/]/, ''), ...titles].join(' › '));
  const requirementIds = [...new Set(unique.filter((a) => a.type === REQUIREMENT && a.description).map((a) => a.description!))];
  const observed: TestRecord['observed'] = [];
  for (const a of unique) {
    if (a.type !== OBSERVED || !a.description) continue;
    try {
      const parsed = JSON.parse(a.description) as { id?: unknown; value?: unknown };
      if (typeof parsed.id === 'string') observed.push({ id: parsed.id, value: redactValue(parsed.value) });
    } catch {
      // A malformed annotation records nothing.
    }
  }
  const outcome: Outcome = result.status === 'passed' ? 'passed' : result.status === 'skipped' || result.status === 'interrupted' ? 'skipped' : 'failed';
  const skip = unique.find((a) => a.type === SKIP);
  const record: TestRecord = {
    title,
    requirementIds,
    outcome,
    observed,
    errors: outcome === 'failed' ? result.errors.map((e) => redact(stripAnsi(e.message ?? e.value ?? 'unknown error'))) : [],
  };
  if (outcome === 'skipped') {
    record.skipReason = redact(result.status === 'interrupted' ? 'the run was interrupted before this test finished' : skip?.description || 'skipped (no reason given)');
  }
  if (outcome === 'failed' && record.errors.length === 0) record.errors.push(`test ${result.status}`);
  return record;
}

/** The verdict one test gives each requirement it covers, by the requirement's level. */
export function testVerdict(level: Level, outcome: Outcome): Verdict {
  if (outcome === 'skipped') return 'SKIPPED';
  if (outcome === 'passed') return level === 'OBSERVED' ? 'OBSERVED' : 'PASSED';
  // Failed: a MUST fails; a SHOULD warns; an OBSERVED value that contradicts the target's profile
  // warns (only CONFORMANCE_STRICT=1 turns that into a failing run).
  return level === 'MUST' ? 'FAILED' : 'WARNING';
}

const RANK: Record<Verdict, number> = { NOT_COVERED: 0, SKIPPED: 1, PASSED: 2, OBSERVED: 2, WARNING: 3, FAILED: 4 };

/** The worse of two verdicts (ties keep the first). */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[b] > RANK[a] ? b : a;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line.trim();
}

/** Distinct values, by JSON equality; one value stays a value, several become an array. */
function collapse(values: unknown[]): unknown {
  const distinct = new Map<string, unknown>();
  for (const v of values) distinct.set(JSON.stringify(v), v);
  const list = [...distinct.values()];
  return list.length === 1 ? list[0] : list;
}

/** One result per catalogue requirement, in catalogue order. */
export function computeVerdicts(catalogue: Pick<Catalogue, 'requirements'>, records: TestRecord[]): RequirementResult[] {
  return catalogue.requirements.map((req) => {
    const tests = records.filter((r) => r.requirementIds.includes(req.id));
    const result: RequirementResult = { id: req.id, level: req.level, verdict: 'NOT_COVERED', tests: tests.map((t) => t.title) };
    if (tests.length === 0) {
      result.reason = 'no test in this run checks it';
      return result;
    }
    let verdict: Verdict = 'NOT_COVERED';
    for (const t of tests) verdict = worse(verdict, testVerdict(req.level, t.outcome));
    result.verdict = verdict;
    const observed = tests.flatMap((t) => t.observed.filter((o) => o.id === req.id).map((o) => o.value));
    if (observed.length > 0) result.observed = collapse(observed);
    const failed = tests.filter((t) => t.outcome === 'failed');
    const skipped = tests.filter((t) => t.outcome === 'skipped');
    if (verdict === 'SKIPPED') {
      result.reason = [...new Set(skipped.map((t) => t.skipReason ?? 'skipped'))].join('; ');
    } else if (verdict === 'FAILED' || verdict === 'WARNING') {
      const what = req.level === 'OBSERVED' ? (failed.some((t) => t.errors.some((e) => /where its profile/.test(e))) ? 'contradicts profile' : 'test failed before the value could be compared') : `${failed.length} of ${tests.length} test(s) failed`;
      result.reason = `${what}: ${firstLine(failed[0]?.errors[0] ?? '')}`;
    } else if (skipped.length > 0) {
      result.reason = `${skipped.length} of ${tests.length} test(s) skipped: ${[...new Set(skipped.map((t) => t.skipReason ?? 'skipped'))].join('; ')}`;
    }
    return result;
  });
}

/** Count per verdict; every verdict appears, zeros included, so consumers need no defaults. */
export function summarize(results: RequirementResult[]): Record<Verdict, number> {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of results) summary[r.verdict] += 1;
  return summary;
}

export interface ExitDecision {
  code: 0 | 1;
  reasons: string[];
}

/**
 * The exit code of `npm run conformance` from a report: non-zero when a MUST is FAILED or no
 * conformance test ran; with `strict`, also on any WARNING (a failed SHOULD, an OBSERVED value that
 * contradicts the profile).
 */
export function decideExit(report: { requirements: RequirementResult[]; run?: { tests?: number } }, strict: boolean): ExitDecision {
  const reasons: string[] = [];
  const ran = report.run?.tests ?? report.requirements.filter((r) => r.tests.length > 0).length;
  if (ran === 0) reasons.push('no conformance test ran');
  for (const r of report.requirements) {
    if (r.verdict === 'FAILED') reasons.push(`FAILED ${r.level} ${r.id}${r.reason ? `: ${r.reason}` : ''}`);
    else if (strict && r.verdict === 'WARNING') reasons.push(`WARNING ${r.level} ${r.id} (CONFORMANCE_STRICT=1)${r.reason ? `: ${r.reason}` : ''}`);
  }
  return { code: reasons.length > 0 ? 1 : 0, reasons };
}

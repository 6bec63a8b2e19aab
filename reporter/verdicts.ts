// The verdict logic of the conformance report, as pure functions: Playwright results in (reduced to
// `TestRecord`s), one verdict per catalogue requirement out. No I/O here, so it is unit-tested alone.
// It reads what tests attach and annotate (specs/catalogue.ts ANNOTATION, EVIDENCE_ATTACHMENT),
// never the text of failure messages.
import { ANNOTATION, EVIDENCE_ATTACHMENT, type Level, type Requirement } from '../specs/catalogue.ts';
import type { Evidence } from '../fixtures/evidence.ts';
import { redact, redactValue } from '../fixtures/redact.ts';
import { VERDICTS, type Outcome, type RequirementResult, type TestRecord, type Verdict } from './model.ts';

/** What Playwright hands a reporter, reduced to what the verdicts read (structurally typed). */
export interface PlaywrightLikeTest {
  titlePath(): string[];
  annotations: { type: string; description?: string }[];
}
export interface PlaywrightLikeResult {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  annotations?: { type: string; description?: string }[];
  errors: { message?: string; value?: string }[];
  attachments?: { name: string; contentType: string; body?: Buffer }[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function unique<T extends { type: string; description?: string }>(annotations: T[]): T[] {
  const seen = new Set<string>();
  return annotations.filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function evidenceOf(result: PlaywrightLikeResult): Evidence[] {
  return (result.attachments ?? []).flatMap((attachment) => {
    if (attachment.name !== EVIDENCE_ATTACHMENT || !attachment.body) return [];
    try {
      return [redactValue(JSON.parse(attachment.body.toString('utf8')) as Evidence)];
    } catch {
      return [];
    }
  });
}

/**
 * Reduce a Playwright test and its (last) result to a record. `titlePath()` is
 * ['', project, file, ...describes, title]; the report names a test by file › describes › title.
 */
export function toRecord(test: PlaywrightLikeTest, result: PlaywrightLikeResult): TestRecord {
  const annotations = unique([...test.annotations, ...(result.annotations ?? [])]);
  const path = test.titlePath().filter((part) => part !== '');
  const [file = '', ...titles] = path.slice(1);
  const title = redact([file.replace(/^.*[\\/]/, ''), ...titles].join(' › '));
  const requirementIds = [...new Set(annotations.filter((a) => a.type === ANNOTATION.requirement && a.description).map((a) => a.description!))];
  const observed: TestRecord['observed'] = [];
  for (const a of annotations) {
    if (a.type !== ANNOTATION.observed || !a.description) continue;
    try {
      const parsed = JSON.parse(a.description) as { id?: unknown; value?: unknown };
      if (typeof parsed.id === 'string') observed.push({ id: parsed.id, value: redactValue(parsed.value) });
    } catch {
      // A malformed annotation records nothing.
    }
  }
  const outcome: Outcome = result.status === 'passed' ? 'passed' : result.status === 'skipped' || result.status === 'interrupted' ? 'skipped' : 'failed';
  const skip = annotations.find((a) => a.type === ANNOTATION.skip);
  const record: TestRecord = {
    title,
    requirementIds,
    outcome,
    observed,
    errors: outcome === 'failed' ? result.errors.map((e) => redact(stripAnsi(e.message ?? e.value ?? 'unknown error'))) : [],
    evidence: outcome === 'failed' ? evidenceOf(result) : [],
  };
  if (outcome === 'skipped') {
    record.skipReason = redact(result.status === 'interrupted' ? 'the run was interrupted before this test finished' : skip?.description || 'skipped (no reason given)');
  }
  if (outcome === 'failed' && record.errors.length === 0) record.errors.push(`test ${result.status}`);
  const inconclusive = annotations.find((a) => a.type === ANNOTATION.inconclusive);
  if (outcome === 'passed' && inconclusive) record.inconclusive = redact(inconclusive.description ?? 'inconclusive');
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

/** A message on one line: its first lines (an expect's message, then what it expected and received), cut at 300 characters. */
function oneLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 5).join(' ');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** One sentence for a piece of evidence: what was expected and what was seen. */
export function describeEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'exchange':
      return `expected ${evidence.expected}; saw ${evidence.exchange.method} ${evidence.exchange.url} → HTTP ${evidence.exchange.status} ${evidence.exchange.body}`;
    case 'transport':
      return `transport error, no answer: ${evidence.method} ${evidence.url}: ${evidence.error}`;
    case 'observed':
      return `the target answered ${JSON.stringify(evidence.observed)} where its profile (${evidence.profileKey}) says ${JSON.stringify(evidence.expected)}`;
    case 'check':
      return `expected ${evidence.expected}; saw ${evidence.seen}`;
  }
}

/** Why a failed test failed: its first evidence, else its first error line. */
function failureReason(test: TestRecord): string {
  const first = test.evidence[0];
  return oneLine(first ? describeEvidence(first) : (test.errors[0] ?? ''));
}

/** Distinct values, by JSON equality; one value stays a value, several become an array. */
function collapse(values: unknown[]): unknown {
  const distinct = new Map<string, unknown>();
  for (const v of values) distinct.set(JSON.stringify(v), v);
  const list = [...distinct.values()];
  return list.length === 1 ? list[0] : list;
}

/**
 * The tests a requirement's verdict rests on: those tagged with it, and failed tests whose evidence
 * names it (a check that holds for every exchange, such as RESPONSES-NO-SECRETS-ECHOED, fails inside
 * tests about something else, and breaks its own requirement there too).
 */
function testsOf(id: string, records: TestRecord[]): TestRecord[] {
  return records.filter((r) => r.requirementIds.includes(id) || (r.outcome === 'failed' && r.evidence.some((e) => 'requirement' in e && e.requirement === id)));
}

/** One result per catalogue requirement, in catalogue order. */
export function computeVerdicts(catalogue: { requirements: Pick<Requirement, 'id' | 'level'>[] }, records: TestRecord[]): RequirementResult[] {
  return catalogue.requirements.map((req) => {
    const tests = testsOf(req.id, records);
    const result: RequirementResult = { id: req.id, level: req.level, verdict: 'NOT_COVERED', tests: tests.map((t) => t.title) };
    if (tests.length === 0) {
      result.reason = 'no test in this run checks it';
      return result;
    }
    let verdict: Verdict = 'NOT_COVERED';
    // A test that passed without enough evidence warns, whatever the level: never a pass.
    for (const t of tests) verdict = worse(verdict, t.inconclusive ? 'WARNING' : testVerdict(req.level, t.outcome));
    result.verdict = verdict;
    const observed = tests.flatMap((t) => t.observed.filter((o) => o.id === req.id).map((o) => o.value));
    if (observed.length > 0) result.observed = collapse(observed);
    const failed = tests.filter((t) => t.outcome === 'failed');
    const skipped = tests.filter((t) => t.outcome === 'skipped');
    const skipReasons = () => [...new Set(skipped.map((t) => t.skipReason ?? 'skipped'))].join('; ');
    if (verdict === 'SKIPPED') {
      result.reason = skipReasons();
    } else if (failed.length === 0 && verdict === 'WARNING') {
      result.reason = `inconclusive: ${tests.find((t) => t.inconclusive)?.inconclusive}`;
      result.inconclusive = true;
    } else if (verdict === 'FAILED' || verdict === 'WARNING') {
      const transport = failed.every((t) => t.evidence.length > 0 && t.evidence.every((e) => e.kind === 'transport'));
      const contradiction = failed.some((t) => t.evidence.some((e) => e.kind === 'observed' && e.requirement === req.id));
      const what = transport
        ? 'transport error (no answer, so no verdict on the behaviour itself)'
        : req.level === 'OBSERVED'
          ? contradiction ? 'contradicts profile' : 'test failed before the value could be compared'
          : `${failed.length} of ${tests.length} test(s) failed`;
      result.reason = `${what}: ${failureReason(failed[0]!)}`;
      result.evidence = failed.map((t) => ({ test: t.title, items: t.evidence, errors: t.errors }));
    } else if (skipped.length > 0) {
      result.reason = `${skipped.length} of ${tests.length} test(s) skipped: ${skipReasons()}`;
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

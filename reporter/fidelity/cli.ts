// `npm run fidelity -- A.json B.json [--baseline FILE] [--strict]`: two conformance reports compared
// requirement by requirement (reporter/fidelity/diff.ts). Writes `<FIDELITY_REPORT_DIR>/fidelity.json`
// and `index.html` (default `fidelity-report/`). Exit 1 on a difference the baseline does not expect
// or a baseline entry that no longer occurs (with --strict also on a requirement not compared, only in
// A or only in B); exit 2 on bad arguments or input. Last line: `fidelity: N passed, N failed`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { redact, redactValue } from '../../fixtures/redact.ts';
import { checkFidelity, reached, validateBaseline, type Baseline, type CheckedEntry, type ReportLike, type Side } from './diff.ts';
import { renderFidelityHtml, type FidelityInputInfo, type FidelityReport } from './html.ts';

const USAGE = `usage: npm run fidelity -- A.json B.json [--baseline FILE] [--strict]

Compares two conformance reports (the conformance.json of two runs, e.g. a live target as A and the
emulator as B) requirement by requirement: the verdicts and the OBSERVED values side by side.
Writes fidelity.json and index.html to $FIDELITY_REPORT_DIR (default fidelity-report/) and prints one
line per requirement that is not the same.

Each requirement is:
  same           the same verdict and the same observed value (or none) in both
  differs        both runs reached a verdict (PASSED, FAILED, WARNING, OBSERVED) and the verdicts
                 differ, and/or both recorded an observed value and the values differ
  not compared   one run SKIPPED it, did not cover it (NOT_COVERED) or could not conclude (a
                 WARNING for want of evidence, e.g. a code sample too small) while the other reached
                 a verdict, or only one recorded an observed value: e.g. a live target without the
                 emulator's control endpoints cannot read an SMS or move the clock; the line gives
                 each side's reason. It says nothing about fidelity.
  only in A/B    in one report's catalogue only (the suite versions differ)
A baseline entry ({"id", "reason", "status"?: differs|not-compared|only-a|only-b, "a"?: {"verdict"?,
"observed"?}, "b"?: {...}}) expects one of them, which then fails nothing; an entry that matches
nothing is stale.

Options:
  --baseline FILE  expected deviations, e.g. fidelity/expected-deviations.json
  --strict         a requirement not compared, only in A or only in B fails the diff too
  -h, --help       this text

Environment:
  FIDELITY_REPORT_DIR  where the report goes (default fidelity-report/)

Exit codes: 0 no unexpected difference; 1 an unexpected difference or a stale baseline entry (with
--strict also a requirement not compared, only in A or only in B); 2 bad arguments or input.`;

function fail(message: string): never {
  console.error(`fidelity: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${what} ${file} is not JSON: ${(error as Error).message}`);
  }
}

function readReport(file: string): ReportLike {
  const value = readJson(file, 'report') as ReportLike;
  if (!value || !Array.isArray(value.requirements) || value.requirements.some((r) => !r || typeof r.id !== 'string' || typeof r.verdict !== 'string')) {
    fail(`${file} is not a conformance report (conformance.json with requirements [{id, verdict, ...}])`);
  }
  return value;
}

function inputInfo(file: string, report: ReportLike): FidelityInputInfo {
  return { file, target: report.target ?? null, startedAt: report.startedAt ?? null, suite: report.suite ?? null };
}

const OPTIONS = { baseline: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
try {
  parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
} catch (error) {
  fail((error as Error).message);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.positionals.length !== 2) fail(`expected two reports, got ${parsed.positionals.length}`);
const [fileA, fileB] = parsed.positionals as [string, string];
const a = readReport(fileA);
const b = readReport(fileB);
let baseline: Baseline | null = null;
const baselineFile = parsed.values.baseline;
if (baselineFile !== undefined) {
  const value = readJson(baselineFile, 'baseline');
  const problems = validateBaseline(value);
  if (problems.length) fail(`baseline ${baselineFile}: ${problems.join('; ')}`);
  baseline = value as Baseline;
}

const strict = parsed.values.strict === true;
const result = checkFidelity(a, b, baseline, { strict });
const report: FidelityReport = redactValue({
  a: inputInfo(fileA, a),
  b: inputInfo(fileB, b),
  baseline: baselineFile ?? null,
  strict,
  summary: result.summary,
  passed: result.passed,
  failed: result.failed,
  requirements: result.requirements,
  stale: result.stale,
});

const dir = resolve(process.env.FIDELITY_REPORT_DIR || 'fidelity-report');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'fidelity.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(dir, 'index.html'), renderFidelityHtml(report));

const show = (value: unknown) => (value === undefined ? 'none' : redact(JSON.stringify(value)));
const cut = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One side of a not-compared requirement: its verdict, its observed value if any, and its reason (why it skipped). */
function notComparedSide(s: Side, other: Side): string {
  // A side that reached a verdict but recorded no value where the other did says so; a skipped side's reason says why.
  const observed = s.observed !== undefined ? ` ${show(s.observed)}` : other.observed !== undefined && reached(s) ? ' (no observed value)' : '';
  const reason = s.reason ? ` (${cut(redact(s.reason.replace(/\s+/g, ' ')))})` : '';
  return `${s.verdict}${observed}${reason}`;
}

function line(d: CheckedEntry): string {
  const mark = d.unexpected ? 'UNEXPECTED ' : d.expected !== null ? 'expected ' : '';
  const baselineNote = d.expected === null ? '' : ` (baseline: ${d.expected})`;
  if (d.status === 'differs') {
    return `fidelity: ${mark}${d.id} differs (${d.fields.join(', ')}): A ${d.a!.verdict} ${show(d.a!.observed)} | B ${d.b!.verdict} ${show(d.b!.observed)}${baselineNote}`;
  }
  if (d.status === 'not-compared') {
    return `fidelity: ${mark}not compared ${d.id}: A ${notComparedSide(d.a!, d.b!)} | B ${notComparedSide(d.b!, d.a!)}${baselineNote}`;
  }
  const only = d.status === 'only-a' ? d.a! : d.b!;
  const name = d.status === 'only-a' ? 'A' : 'B';
  return `fidelity: ${mark}only in ${name} ${d.id}: ${name} ${only.verdict}${only.observed === undefined ? '' : ` ${show(only.observed)}`}${baselineNote}`;
}

// Differences first, then what was not compared, then what only one catalogue has.
for (const status of ['differs', 'not-compared', 'only-a', 'only-b'] as const) {
  for (const d of report.requirements) if (d.status === status) console.log(line(d));
}
for (const entry of report.stale) console.log(`fidelity: STALE baseline entry ${entry.id} no longer occurs (${entry.reason})`);
const s = report.summary;
console.log(
  `fidelity: ${s.same} same, ${s.differs} differ, ${s.notCompared} not compared, ${s.onlyA} only in A, ${s.onlyB} only in B; ${s.expected} expected by the baseline; ${s.unexpected} unexpected${strict ? ' (--strict)' : ''}; report: ${join(dir, 'index.html')}`,
);
console.log(`fidelity: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.failed > 0 ? 1 : 0);

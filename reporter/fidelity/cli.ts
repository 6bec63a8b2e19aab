// `npm run fidelity -- A.json B.json [--baseline FILE]`: two conformance reports compared requirement by
// requirement. Writes `<FIDELITY_REPORT_DIR>/fidelity.json` and `index.html` (default
// `fidelity-report/`). Exit 1 on a difference the baseline does not expect or a baseline entry that no
// longer occurs (without a baseline, on any difference); exit 2 on bad input. Last line:
// `fidelity: N passed, N failed` (requirements that agree; unexpected differences plus stale entries).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { redact, redactValue } from '../../fixtures/redact.ts';
import { checkFidelity, validateBaseline, type Baseline, type ReportLike } from './diff.ts';
import { renderFidelityHtml, type FidelityInputInfo, type FidelityReport } from './html.ts';

const USAGE = 'usage: npm run fidelity -- A.json B.json [--baseline FILE]   (output: $FIDELITY_REPORT_DIR, default fidelity-report/)';

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

let parsed: ReturnType<typeof parseArgs<{ options: { baseline: { type: 'string' }; help: { type: 'boolean'; short: 'h' } }; allowPositionals: true; strict: true }>>;
try {
  parsed = parseArgs({ options: { baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
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

const result = checkFidelity(a, b, baseline);
const report: FidelityReport = redactValue({
  a: inputInfo(fileA, a),
  b: inputInfo(fileB, b),
  baseline: baselineFile ?? null,
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
for (const d of report.requirements) {
  if (d.status === 'same') continue;
  const sides = `A ${d.a ? `${d.a.verdict} ${show(d.a.observed)}` : 'absent'} | B ${d.b ? `${d.b.verdict} ${show(d.b.observed)}` : 'absent'}`;
  const label = d.status === 'differs' ? `differs (${d.fields.join(', ')})` : d.status === 'only-a' ? 'only in A' : 'only in B';
  console.log(`fidelity: ${d.expected === null ? 'UNEXPECTED' : 'expected'} ${d.id} ${label}: ${sides}${d.expected === null ? '' : ` (baseline: ${d.expected})`}`);
}
for (const entry of report.stale) console.log(`fidelity: STALE baseline entry ${entry.id} no longer occurs (${entry.reason})`);
const s = report.summary;
console.log(`fidelity: ${s.same} same, ${s.differs} differ, ${s.onlyA} only in A, ${s.onlyB} only in B; ${s.expected} expected by the baseline; report: ${join(dir, 'index.html')}`);
console.log(`fidelity: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.failed > 0 ? 1 : 0);

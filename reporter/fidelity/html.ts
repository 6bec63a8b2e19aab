// The fidelity report as one self-contained HTML page: inline CSS with a print stylesheet, no
// scripts, no fetches. Every value is redacted, then escaped. No single "fidelity %": the page leads
// with the differences, requirement by requirement, both verdicts and both observed values side by
// side, then what could not be compared (one side skipped it), with each side's reason.
import { escapeHtml, htmlPage, safe } from '../page.ts';
import { reached, whyNotCompared, type BaselineEntry, type CheckedEntry, type FidelityResult, type ReportLike, type Side } from './diff.ts';

export interface FidelityInputInfo {
  file: string;
  target: ReportLike['target'] | null;
  startedAt: string | null;
  suite: ReportLike['suite'] | null;
}

export interface FidelityReport {
  a: FidelityInputInfo;
  b: FidelityInputInfo;
  baseline: string | null;
  /** --strict: a requirement not compared, only in A or only in B fails the diff too (absent in older reports: false). */
  strict?: boolean;
  summary: FidelityResult['summary'];
  passed: number;
  failed: number;
  requirements: CheckedEntry[];
  stale: BaselineEntry[];
}

function pretty(value: unknown): string {
  return value === undefined ? '<span class="none">none</span>' : `<code>${safe(JSON.stringify(value, null, 1).replace(/\n\s*/g, ' '))}</code>`;
}

function sideCell(s: Side | null, d: CheckedEntry): string {
  if (!s) return '<td class="absent" colspan="2">not in this report</td>';
  const unreached = d.status === 'not-compared' && !reached(s);
  const v = `<span class="v${d.fields.includes('verdict') ? ' diff' : ''}${unreached ? ' unreached' : ''}">${safe(s.verdict)}</span>`;
  const reason = s.reason ? `<div class="reason">${safe(s.reason.length > 240 ? `${s.reason.slice(0, 240)}…` : s.reason)}</div>` : '';
  return `<td>${v}${reason}</td><td class="${d.fields.includes('observed') ? 'diff' : ''}">${pretty(s.observed)}</td>`;
}

const STATUS_TEXT: Record<CheckedEntry['status'], string> = { same: 'same', differs: 'differs', 'not-compared': 'not compared', 'only-a': 'only in A', 'only-b': 'only in B' };

function row(d: CheckedEntry, strict: boolean): string {
  const cls = d.status === 'same' ? 'same' : d.unexpected ? 'unexpected' : d.expected !== null ? 'expected' : 'noted';
  const what = d.status === 'differs' ? ` (${d.fields.join(' and ')})` : d.status === 'not-compared' ? `: ${whyNotCompared(d)}` : '';
  const verdictOfRow =
    d.status === 'same'
      ? ''
      : d.expected !== null
        ? `expected: ${safe(d.expected)}`
        : d.unexpected
          ? `<b>unexpected</b>${d.status === 'differs' ? '' : ' (--strict)'}`
          : strict ? '' : 'fails the diff only with --strict';
  return `<tr id="${escapeHtml(d.id)}" class="${cls}" data-status="${escapeHtml(d.status)}">
<td class="id">${escapeHtml(d.id)}<div class="lvl">${safe(d.level ?? '')}</div></td>
<td>${escapeHtml(STATUS_TEXT[d.status])}${escapeHtml(what)}<div class="why">${verdictOfRow}</div></td>
${sideCell(d.a, d)}
${sideCell(d.b, d)}
</tr>`;
}

function table(rows: CheckedEntry[], strict: boolean): string {
  return `<table>
<thead><tr><th rowspan="2">Requirement</th><th rowspan="2">Status</th><th colspan="2">A</th><th colspan="2">B</th></tr>
<tr><th>Verdict</th><th>Observed</th><th>Verdict</th><th>Observed</th></tr></thead>
<tbody>
${rows.map((d) => row(d, strict)).join('\n')}
</tbody>
</table>`;
}

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;margin:0;padding:24px;max-width:1280px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d5dd;padding-bottom:4px}
table.meta{table-layout:fixed;margin:12px 0}
table.meta col.k{width:7em}
table.meta th{text-transform:none;letter-spacing:0;font-size:13px}
table.meta thead th[data-side]{font-size:15px;color:#101828}
table.meta td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
p.setting{margin:4px 0;color:#475467} p.setting code{color:#101828}
.outcome{font-size:18px;font-weight:600;margin:12px 0;padding:8px 12px;border-radius:6px}
.outcome.ok{background:#ecfdf3;color:#067647;border:1px solid #abefc6} .outcome.bad{background:#fef3f2;color:#b42318;border:1px solid #fecdca}
ul.counts{margin:8px 0;padding-left:20px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #eaecf0}
th{background:#f9fafb;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#475467}
td.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}
.lvl,.reason,.why{font-size:12px;color:#475467}
tr.unexpected td{background:#fef3f2} tr.expected td{background:#fffcf5} tr.noted td{background:#f9fafb}
td.diff,.v.diff{outline:2px solid #b42318;outline-offset:-2px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;background:#eaecf0}
.v.unreached{background:#fff;border:1px dashed #98a2b3;color:#475467}
td.absent{color:#667085;font-style:italic}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word}
.none{color:#98a2b3}
details{margin-top:6px} summary{cursor:pointer;font-weight:600}
footer{margin-top:32px;color:#667085;font-size:12px}
@media print{
  body{padding:0;max-width:none;font-size:11px}
  details>summary{display:none} details:not([open])>*{display:block}
  tr{break-inside:avoid}
  tr.unexpected td,tr.expected td,tr.noted td,.outcome,td.diff,.v{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

/** The two reports compared: one row per attribute, A's value in the A column, B's in the B column. */
function metaTable(a: FidelityInputInfo, b: FidelityInputInfo): string {
  const rows: [string, (i: FidelityInputInfo) => string][] = [
    ['file', (i) => i.file],
    ['target', (i) => i.target?.url ?? 'unknown'],
    ['project', (i) => i.target?.projectId ?? 'unknown'],
    ['profile', (i) => i.target?.profile ?? 'none'],
    ['started', (i) => i.startedAt ?? 'unknown'],
    ['suite', (i) => `${i.suite?.version ?? '?'} (commit ${i.suite?.commit ?? 'unknown'}${i.suite?.seed ? `, seed ${i.suite.seed}` : ''})`],
  ];
  return `<table class="meta" aria-label="compared reports">
<colgroup><col class="k"><col><col></colgroup>
<thead><tr><th scope="col">Report</th><th scope="col" data-side="a">A</th><th scope="col" data-side="b">B</th></tr></thead>
<tbody>
${rows.map(([label, value]) => `<tr data-attribute="${label}"><th scope="row">${label}</th><td data-side="a">${safe(value(a))}</td><td data-side="b">${safe(value(b))}</td></tr>`).join('\n')}
</tbody>
</table>`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function renderFidelityHtml(report: FidelityReport): string {
  const s = report.summary;
  const strict = report.strict === true;
  const reqs = report.requirements;
  const unexpected = reqs.filter((d) => d.status === 'differs' && d.expected === null);
  const notCompared = reqs.filter((d) => d.status === 'not-compared' && d.expected === null);
  const onlyOne = reqs.filter((d) => (d.status === 'only-a' || d.status === 'only-b') && d.expected === null);
  const expected = reqs.filter((d) => d.status !== 'same' && d.expected !== null);
  const same = reqs.filter((d) => d.status === 'same');
  const failing = [
    unexpected.length ? plural(unexpected.length, 'unexpected difference', 'unexpected differences') : '',
    strict && notCompared.length ? `${notCompared.length} not compared (--strict)` : '',
    strict && onlyOne.length ? `${onlyOne.length} only in A or only in B (--strict)` : '',
    s.stale ? plural(s.stale, 'stale baseline entry', 'stale baseline entries') : '',
  ].filter(Boolean);
  const notes = [
    notCompared.length ? `${notCompared.length} not compared: one side did not check them` : '',
    onlyOne.length ? `${onlyOne.length} only in A or only in B` : '',
    expected.length ? `${expected.length} expected, from the baseline` : '',
  ].filter(Boolean);
  const headline =
    report.failed === 0
      ? `<div class="outcome ok">No unexpected difference${notes.length ? ` (${notes.join('; ')})` : ''}</div>`
      : `<div class="outcome bad">${failing.join(', ')}</div>`;
  const staleHtml = report.stale.length
    ? `<h2>Stale baseline entries (${report.stale.length})</h2><p>These expected deviations no longer occur: remove them from the baseline, or find out why the targets now agree.</p><ul>${report.stale
        .map((e) => `<li><code>${safe(e.id)}</code>: ${safe(e.reason)} <code>${safe({ ...e, id: undefined, reason: undefined })}</code></li>`)
        .join('')}</ul>`
    : '';
  const onlyOneHtml = onlyOne.length
    ? `<h2>Only in A or only in B (${onlyOne.length})</h2>
<p>The two reports come from different catalogue versions of the suite: these requirements exist in one of them only. They fail the diff only with <code>--strict</code>${strict ? ' (on)' : ''}.</p>
${table(onlyOne, strict)}`
    : '';
  return htmlPage(`Fidelity report: ${safe(report.a.target?.url ?? report.a.file)} vs ${safe(report.b.target?.url ?? report.b.file)}`, CSS, `<header>
<h1>Descope SMS OTP fidelity report</h1>
${headline}
${metaTable(report.a, report.b)}
<p class="setting">Baseline: <code>${safe(report.baseline ?? 'none')}</code>${report.baseline ? '' : ' (no deviation is expected)'} · Mode: ${strict ? '<code>--strict</code> (a requirement not compared, only in A or only in B fails too)' : 'default (only differences fail; <code>--strict</code> also fails what was not compared)'}</p>
<ul class="counts" aria-label="requirements per status">
<li>${plural(s.same, 'requirement', 'requirements')} the same in both</li>
<li>${s.differs} differ (both sides checked them): ${unexpected.length} unexpected, ${s.differs - unexpected.length} expected by the baseline</li>
<li>${s.notCompared} not compared (one side skipped or did not cover them, or recorded no observed value)${strict ? '' : ': they do not fail the diff'}</li>
<li>${s.onlyA} only in A, ${s.onlyB} only in B</li>
<li>${plural(s.stale, 'stale baseline entry', 'stale baseline entries')}</li>
</ul>
</header>
<main>
<h2>Unexpected differences (${unexpected.length})</h2>
<p>Both runs checked these and found different things: a different verdict, a different observed value, or both.</p>
${unexpected.length ? table(unexpected, strict) : '<p>None.</p>'}
${staleHtml}
<h2>Not compared (${notCompared.length})</h2>
<p>One side could not check these: it skipped them (with its reason, e.g. a live target without the emulator's control endpoints cannot read an SMS or move the clock), did not cover them, or recorded no observed value where the other did. They say nothing about fidelity either way, and fail the diff only with <code>--strict</code>${strict ? ' (on: they fail it)' : ''}.</p>
${notCompared.length ? table(notCompared, strict) : '<p>None.</p>'}
${onlyOneHtml}
<h2>Expected differences (${expected.length})</h2>
${expected.length ? table(expected, strict) : '<p>None.</p>'}
<h2>The same in both (${same.length})</h2>
<details><summary>${plural(same.length, 'requirement', 'requirements')}</summary>${same.length ? table(same, strict) : '<p>None.</p>'}</details>
</main>
<footer>Written by reporter/fidelity/cli.ts. A and B are the reports in the order given. Secrets, codes, JWTs and phone numbers are redacted.</footer>`);
}

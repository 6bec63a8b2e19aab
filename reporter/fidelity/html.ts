// The fidelity report as one self-contained HTML page: inline CSS with a print stylesheet, no
// scripts, no fetches. Every value is redacted, then escaped. No single "fidelity %": the page leads
// with the differences, requirement by requirement, both verdicts and both observed values side by side.
import { escapeHtml, htmlPage, safe } from '../page.ts';
import type { BaselineEntry, CheckedEntry, FidelityResult, ReportLike, Side } from './diff.ts';

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
  summary: FidelityResult['summary'];
  passed: number;
  failed: number;
  requirements: CheckedEntry[];
  stale: BaselineEntry[];
}

function pretty(value: unknown): string {
  return value === undefined ? '<span class="none">none</span>' : `<code>${safe(JSON.stringify(value, null, 1).replace(/\n\s*/g, ' '))}</code>`;
}

function sideCell(s: Side | null, highlight: CheckedEntry['fields']): string {
  if (!s) return '<td class="absent" colspan="2">not in this report</td>';
  const v = `<span class="v${highlight.includes('verdict') ? ' diff' : ''}">${safe(s.verdict)}</span>`;
  const reason = s.reason ? `<div class="reason">${safe(s.reason.length > 240 ? `${s.reason.slice(0, 240)}…` : s.reason)}</div>` : '';
  return `<td>${v}${reason}</td><td class="${highlight.includes('observed') ? 'diff' : ''}">${pretty(s.observed)}</td>`;
}

const STATUS_TEXT: Record<CheckedEntry['status'], string> = { same: 'same', differs: 'differs', 'only-a': 'only in A', 'only-b': 'only in B' };

function row(d: CheckedEntry): string {
  const cls = d.status === 'same' ? 'same' : d.expected === null ? 'unexpected' : 'expected';
  const what = d.status === 'differs' ? ` (${d.fields.join(' and ')})` : '';
  const verdictOfRow = d.status === 'same' ? '' : d.expected === null ? '<b>unexpected</b>' : `expected: ${safe(d.expected)}`;
  return `<tr id="${escapeHtml(d.id)}" class="${cls}" data-status="${escapeHtml(d.status)}">
<td class="id">${escapeHtml(d.id)}<div class="lvl">${safe(d.level ?? '')}</div></td>
<td>${escapeHtml(STATUS_TEXT[d.status])}${escapeHtml(what)}<div class="why">${verdictOfRow}</div></td>
${sideCell(d.a, d.fields)}
${sideCell(d.b, d.fields)}
</tr>`;
}

function table(rows: CheckedEntry[]): string {
  return `<table>
<thead><tr><th rowspan="2">Requirement</th><th rowspan="2">Status</th><th colspan="2">A</th><th colspan="2">B</th></tr>
<tr><th>Verdict</th><th>Observed</th><th>Verdict</th><th>Observed</th></tr></thead>
<tbody>
${rows.map(row).join('\n')}
</tbody>
</table>`;
}

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;margin:0;padding:24px;max-width:1280px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d5dd;padding-bottom:4px}
.meta{display:grid;grid-template-columns:max-content 1fr 1fr;gap:2px 16px;margin:12px 0}
.meta div{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all} .meta .k{font-family:inherit;color:#475467}
.outcome{font-size:18px;font-weight:600;margin:12px 0;padding:8px 12px;border-radius:6px}
.outcome.ok{background:#ecfdf3;color:#067647;border:1px solid #abefc6} .outcome.bad{background:#fef3f2;color:#b42318;border:1px solid #fecdca}
ul.counts{margin:8px 0;padding-left:20px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #eaecf0}
th{background:#f9fafb;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#475467}
td.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}
.lvl,.reason,.why{font-size:12px;color:#475467}
tr.unexpected td{background:#fef3f2} tr.expected td{background:#fffcf5}
td.diff,.v.diff{outline:2px solid #b42318;outline-offset:-2px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;background:#eaecf0}
td.absent{color:#667085;font-style:italic}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word}
.none{color:#98a2b3}
details{margin-top:6px} summary{cursor:pointer;font-weight:600}
footer{margin-top:32px;color:#667085;font-size:12px}
@media print{
  body{padding:0;max-width:none;font-size:11px}
  details>summary{display:none} details:not([open])>*{display:block}
  tr{break-inside:avoid}
  tr.unexpected td,tr.expected td,.outcome,td.diff,.v{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

function info(label: string, i: FidelityInputInfo): string {
  const t = i.target ?? {};
  return `<div class="k">${label}</div><div>${safe(i.file)}<br>target ${safe(t.url ?? 'unknown')} · project ${safe(t.projectId ?? 'unknown')} · profile ${safe(t.profile ?? 'none')}<br>started ${safe(i.startedAt ?? 'unknown')} · suite ${safe(i.suite?.version ?? '?')} (commit ${safe(i.suite?.commit ?? 'unknown')})</div>`;
}

export function renderFidelityHtml(report: FidelityReport): string {
  const s = report.summary;
  const differences = report.requirements.filter((d) => d.status !== 'same');
  const unexpected = differences.filter((d) => d.expected === null);
  const expected = differences.filter((d) => d.expected !== null);
  const same = report.requirements.filter((d) => d.status === 'same');
  const headline =
    report.failed === 0
      ? `<div class="outcome ok">No unexpected difference${expected.length ? ` (${expected.length} expected, from the baseline)` : ''}</div>`
      : `<div class="outcome bad">${s.unexpected} unexpected difference${s.unexpected === 1 ? '' : 's'}${s.stale ? `, ${s.stale} stale baseline entr${s.stale === 1 ? 'y' : 'ies'}` : ''}</div>`;
  const staleHtml = report.stale.length
    ? `<h2>Stale baseline entries (${report.stale.length})</h2><p>These expected deviations no longer occur: remove them from the baseline, or find out why the targets now agree.</p><ul>${report.stale
        .map((e) => `<li><code>${safe(e.id)}</code>: ${safe(e.reason)} <code>${safe({ ...e, id: undefined, reason: undefined })}</code></li>`)
        .join('')}</ul>`
    : '';
  return htmlPage(`Fidelity report: ${safe(report.a.target?.url ?? report.a.file)} vs ${safe(report.b.target?.url ?? report.b.file)}`, CSS, `<header>
<h1>Descope SMS OTP fidelity report</h1>
${headline}
<div class="meta">${info('A', report.a)}${info('B', report.b)}<div class="k">Baseline</div><div>${safe(report.baseline ?? 'none (every difference is unexpected)')}</div></div>
<ul class="counts" aria-label="requirements per status">
<li>${s.same} requirement${s.same === 1 ? '' : 's'} the same in both</li>
<li>${s.differs} differ${s.onlyA ? `, ${s.onlyA} only in A` : ''}${s.onlyB ? `, ${s.onlyB} only in B` : ''}: ${s.unexpected} unexpected, ${s.expected} expected by the baseline</li>
<li>${s.stale} stale baseline entr${s.stale === 1 ? 'y' : 'ies'}</li>
</ul>
</header>
<main>
<h2>Unexpected differences (${unexpected.length})</h2>
${unexpected.length ? table(unexpected) : '<p>None.</p>'}
${staleHtml}
<h2>Expected differences (${expected.length})</h2>
${expected.length ? table(expected) : '<p>None.</p>'}
<h2>The same in both (${same.length})</h2>
<details><summary>${same.length} requirement${same.length === 1 ? '' : 's'}</summary>${same.length ? table(same) : '<p>None.</p>'}</details>
</main>
<footer>Written by reporter/fidelity/cli.ts. A and B are the reports in the order given. Secrets, codes, JWTs and phone numbers are redacted.</footer>`);
}

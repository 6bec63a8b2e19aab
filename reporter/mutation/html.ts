// The mutation report as one self-contained HTML page: which faults the suite caught, and how.
import { escapeHtml, htmlPage } from '../page.ts';
import type { MutationReport } from './run.ts';

export function renderMutationHtml(report: MutationReport): string {
  const killed = report.faults.filter((f) => f.killed).length;
  const rows = report.faults
    .map((f) => `<tr class="${f.killed ? 'killed' : 'survived'}"><td><code>${escapeHtml(f.name)}</code></td><td>${escapeHtml(f.description)}</td>`
      + `<td>${f.killed ? 'killed' : 'SURVIVED'}</td><td>${f.killedBy.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ') || escapeHtml(f.error ?? '')}</td>`
      + `<td class="num">${f.seconds.toFixed(1)}</td></tr>`)
    .join('\n');
  const baseline = report.baseline.problems.length
    ? `<p class="bad">The suite is red against the fault-free emulator:</p><ul>${report.baseline.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '<p>The fault-free emulator passes: no MUST failed, no warning.</p>';
  return htmlPage('Mutation report', `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.survived td{background:#fde2e1}tr.killed td:nth-child(3){color:#17612e;font-weight:600}.num{text-align:right}.bad{color:#a40000;font-weight:600}
code{font-size:.92em}@media print{body{margin:0}}
`, `
<h1>Mutation report</h1>
<p><strong>${killed} of ${report.faults.length}</strong> faults killed${report.faults.length - killed ? `, <span class="bad">${report.faults.length - killed} survived</span>` : ''};
wall time ${report.wallSeconds.toFixed(0)} s; ${escapeHtml(report.startedAt)}; suite arguments: <code>${escapeHtml(report.playwrightArgs.join(' ') || '(whole suite)')}</code>.</p>
${baseline}
<p>A fault is killed when the conformance run against an emulator with that fault on has a requirement that is FAILED or WARNING which the fault-free run did not have.</p>
<table><thead><tr><th>fault</th><th>what it breaks</th><th>outcome</th><th>caught by</th><th>s</th></tr></thead><tbody>
${rows}
</tbody></table>`);
}

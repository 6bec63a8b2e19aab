// The mutation report as one self-contained HTML page: which faults the suite caught, and how;
// faults caught only by requirements they do not declare; requirements no fault breaks.
import { escapeHtml, htmlPage } from '../page.ts';
import type { FaultOutcome, MutationReport } from './model.ts';

const ids = (list: string[]) => list.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ');

function row(f: FaultOutcome): string {
  const outcome = !f.killed ? 'SURVIVED' : f.killedOnlyByUnrelated ? 'killed, not by what it declares' : 'killed';
  const cls = !f.killed ? 'survived' : f.killedOnlyByUnrelated ? 'unrelated' : 'killed';
  return `<tr class="${cls}"><td><code>${escapeHtml(f.name)}</code></td><td>${escapeHtml(f.description)}</td><td>${ids(f.breaks)}</td>`
    + `<td>${escapeHtml(outcome)}</td><td>${ids(f.killedBy) || escapeHtml(f.error ?? '')}</td></tr>`;
}

export function renderMutationHtml(report: MutationReport): string {
  const killed = report.faults.filter((f) => f.killed).length;
  const unrelated = report.faults.filter((f) => f.killedOnlyByUnrelated).length;
  const baseline = report.baseline.problems.length
    ? `<p class="bad">The suite is red against the fault-free emulator:</p><ul>${report.baseline.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '<p>The fault-free emulator passes: no MUST failed, no warning.</p>';
  const shards = report.shards?.length ? `; shards ${report.shards.map((s) => `${s.current}/${s.total}`).join(', ')}` : '';
  return htmlPage('Mutation report', `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;max-width:1400px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.survived td{background:#fde2e1}tr.unrelated td{background:#fff4e5}tr.killed td:nth-child(4){color:#17612e;font-weight:600}.bad{color:#a40000;font-weight:600}
code{font-size:.92em}@media print{body{margin:0}}
`, `
<h1>Mutation report</h1>
<p><strong>${killed} of ${report.faults.length}</strong> faults killed${report.faults.length - killed ? `, <span class="bad">${report.faults.length - killed} survived</span>` : ''}${unrelated ? `, <span class="bad">${unrelated} caught only by requirements they do not declare</span>` : ''};
wall time ${report.wallSeconds.toFixed(0)} s; ${escapeHtml(report.startedAt)}${escapeHtml(shards)}; suite arguments: <code>${escapeHtml(report.playwrightArgs.join(' ') || '(whole suite)')}</code>.</p>
${baseline}
<p>A fault is killed when the conformance run against an emulator project with that fault on has a requirement that is FAILED or WARNING which the fault-free run did not have. Each fault declares the requirements it breaks; one caught only through others points at a weak check or a wrong declaration.</p>
<table><thead><tr><th>fault</th><th>what it breaks</th><th>declared</th><th>outcome</th><th>caught by</th></tr></thead><tbody>
${report.faults.map(row).join('\n')}
</tbody></table>
<h2>Requirements no fault breaks (${report.requirementsNoFaultBreaks.length})</h2>
<p>The mutation run cannot vouch for the checks of these: no fault in emulator/faults.ts declares it breaks them.</p>
<p>${ids(report.requirementsNoFaultBreaks) || 'None.'}</p>`);
}

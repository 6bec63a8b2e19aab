// The flake report as one self-contained HTML page: each requirement whose verdict or observed value
// changed between runs, with every run's verdict and evidence side by side; then the stable ones.
import { describeEvidence } from '../verdicts.ts';
import { escapeHtml, htmlPage, safe } from '../page.ts';
import type { FlakeReport } from './run.ts';
import type { RunVerdict } from './compare.ts';

function runCell(run: RunVerdict): string {
  const evidence = (run.evidence ?? [])
    .map((failing) => `<div><b>${safe(failing.test)}</b>${(failing.items.length ? failing.items.map(describeEvidence) : failing.errors).map((e) => `<pre>${safe(e)}</pre>`).join('')}</div>`)
    .join('');
  const observed = run.observed === undefined ? '' : `<div>observed <code>${safe(run.observed)}</code></div>`;
  return `<td><span class="v v-${escapeHtml(run.verdict)}">${escapeHtml(run.verdict)}</span>${observed}${run.reason ? `<div class="why">${safe(run.reason)}</div>` : ''}${evidence}</td>`;
}

export function renderFlakesHtml(report: FlakeReport): string {
  const changed = report.requirements.filter((r) => r.changed);
  const header = `<tr><th>Requirement</th>${Array.from({ length: report.runs }, (_, i) => `<th>Run ${i + 1}</th>`).join('')}</tr>`;
  const rows = changed.map((r) => `<tr id="${escapeHtml(r.id)}"><td><code>${escapeHtml(r.id)}</code><div class="why">${escapeHtml(r.level)}; changed: ${escapeHtml(r.what.join(', '))}</div></td>${r.runs.map(runCell).join('')}</tr>`).join('\n');
  const stable = report.requirements.filter((r) => !r.changed).map((r) => `<li><code>${escapeHtml(r.id)}</code> ${escapeHtml(r.runs[0]?.verdict ?? '')}</li>`).join('');
  return htmlPage('Flake check', `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#101828;max-width:1400px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #d0d5dd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
pre{white-space:pre-wrap;font-size:12px;background:#f2f4f7;padding:4px;margin:4px 0}.why{font-size:12px;color:#475467}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;color:#fff;background:#667085}
.v-FAILED{background:#b42318}.v-WARNING{background:#b54708}.v-PASSED{background:#067647}.v-OBSERVED{background:#175cd3}
.bad{color:#b42318;font-weight:600}.ok{color:#067647;font-weight:600}ul.stable{columns:3;font-size:12px}
`, `
<h1>Flake check</h1>
<p>${report.runs} runs against <code>${safe(report.target)}</code>, ${escapeHtml(report.startedAt)}, ${report.wallSeconds.toFixed(0)} s; suite arguments <code>${escapeHtml(report.playwrightArgs.join(' ') || '(whole suite)')}</code>.</p>
<p class="${changed.length ? 'bad' : 'ok'}">${changed.length ? `${changed.length} requirement${changed.length === 1 ? '' : 's'} changed between runs: the gate is not yet trustworthy.` : 'No verdict and no observed value changed between runs.'}</p>
${changed.length ? `<h2>Changed</h2><table><thead>${header}</thead><tbody>${rows}</tbody></table>` : ''}
<h2>Stable (${report.requirements.length - changed.length})</h2><ul class="stable">${stable}</ul>`);
}

// The conformance report as one self-contained HTML page: inline CSS (with a print stylesheet), no
// scripts, no fetches. It leads with what failed, each with its evidence, then the full table.
// Every value is escaped; every string from a test result is already redacted and is redacted
// again here, so nothing the page shows can carry a key, a JWT, a code or a phone.
import { sourceUrl, type Catalogue, type Requirement, type Source } from '../specs/catalogue.ts';
import type { Evidence, ExchangeEvidence } from '../fixtures/evidence.ts';
import { VERDICTS, type ConformanceReport, type RequirementResult, type StandardResult, type Verdict } from './model.ts';
import { escapeHtml, htmlPage, safe } from './page.ts';
import { describeEvidence } from './verdicts.ts';

export { escapeHtml };

function sampleBody(path: string): string | undefined {
  if (/\/otp\/verify\/sms$/.test(path)) return '{"loginId": "$LOGIN_ID", "code": "$CODE"}';
  if (/\/otp\/signin\/sms$/.test(path)) return '{"loginId": "$LOGIN_ID"}';
  if (/\/mgmt\/tests\/generate\/otp$/.test(path)) return '{"loginId": "$LOGIN_ID", "deliveryMethod": "sms"}';
  if (/\/mgmt\/user\/(create\/test|delete)$/.test(path)) return '{"loginId": "$LOGIN_ID"}';
  return undefined;
}

/**
 * A copy-paste reproduction of an exchange. Credentials are always the placeholders
 * $DESCOPE_PROJECT_ID / $DESCOPE_MANAGEMENT_KEY; the body is a template with $LOGIN_ID / $CODE (the
 * real values are the test's and never leave it).
 */
export function curlFor(exchange: Pick<ExchangeEvidence, 'method' | 'url'>): string | null {
  let url: URL;
  try {
    url = new URL(exchange.url);
  } catch {
    return null;
  }
  const path = url.pathname;
  const management = /\/mgmt\//.test(path);
  const control = path.startsWith('/emulator/');
  const lines = [`curl -sS -X ${exchange.method} '${url.origin}${path}${url.search}'`];
  // --oauth2-bearer sends `Authorization: Bearer …`, and keeps the placeholder out of redact()'s way.
  if (!control) lines.push(`  --oauth2-bearer "$DESCOPE_PROJECT_ID${management ? ':$DESCOPE_MANAGEMENT_KEY' : ''}"`);
  const body = exchange.method === 'GET' ? undefined : sampleBody(path) ?? '{}';
  if (body !== undefined) {
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d '${body}'`);
  }
  return lines.join(' \\\n');
}

const COLOURS: Record<Verdict, { bg: string; fg: string }> = {
  FAILED: { bg: '#b42318', fg: '#ffffff' },
  WARNING: { bg: '#b54708', fg: '#ffffff' },
  PASSED: { bg: '#067647', fg: '#ffffff' },
  OBSERVED: { bg: '#175cd3', fg: '#ffffff' },
  SKIPPED: { bg: '#667085', fg: '#ffffff' },
  NOT_COVERED: { bg: '#e4e7ec', fg: '#344054' },
};

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#101828;margin:0;padding:24px;max-width:1280px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d5dd;padding-bottom:4px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
.meta dt{color:#475467} .meta dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.outcome{font-size:18px;font-weight:600;margin:12px 0;padding:8px 12px;border-radius:6px}
.outcome.ok{background:#ecfdf3;color:#067647;border:1px solid #abefc6} .outcome.bad{background:#fef3f2;color:#b42318;border:1px solid #fecdca}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 16px;padding:0;list-style:none}
.counts li{padding:6px 12px;border-radius:6px;font-weight:600}
.counts b{font-size:18px;margin-right:6px}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;white-space:nowrap}
${VERDICTS.map((v) => `.v-${v},.counts .c-${v}{background:${COLOURS[v].bg};color:${COLOURS[v].fg}}`).join('\n')}
.failure{margin:10px 0;padding:10px 14px;border:1px solid #fecdca;border-left:4px solid #b42318;border-radius:6px;background:#fffbfa}
.failure.warning{border-color:#fedf89;border-left-color:#b54708;background:#fffcf5}
.failure h3{margin:0 0 4px;font-size:14px} .failure h3 a{color:inherit}
.failure .why{margin:4px 0}
table{border-collapse:collapse;width:100%;table-layout:fixed}
table.requirements th:nth-child(1){width:16%} table.requirements th:nth-child(2){width:30%} table.requirements th:nth-child(3){width:7%}
table.requirements th:nth-child(4){width:9%} table.requirements th:nth-child(5){width:12%} table.requirements th:nth-child(6){width:13%}
table.standards th:nth-child(1){width:10%} table.standards th:nth-child(2){width:32%} table.standards th:nth-child(3){width:14%}
td{overflow-wrap:anywhere}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #eaecf0}
th{background:#f9fafb;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#475467}
td.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
tr.failed td{background:#fffbfa} tr.warning td{background:#fffcf5}
blockquote{margin:4px 0 0;padding:2px 8px;border-left:3px solid #d0d5dd;color:#475467;font-style:italic}
.src{font-size:12px;color:#475467} .src a{color:#175cd3}
ul.tests{margin:0;padding-left:16px;font-size:12px}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f2f4f7;padding:8px;border-radius:4px;white-space:pre-wrap;word-break:break-word;margin:4px 0}
.evidence h4{margin:8px 0 2px;font-size:12px}
.finding{margin:8px 0;padding:8px 12px;border:1px solid #eaecf0;border-radius:6px}
.finding h3{margin:0 0 4px;font-size:14px}
footer{margin-top:32px;color:#667085;font-size:12px}
@media print{
  body{padding:0;max-width:none;font-size:11px}
  tr,.failure,.finding{break-inside:avoid}
  .v,.counts li,.outcome{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  pre{white-space:pre-wrap;border:1px solid #d0d5dd}
  a{color:inherit;text-decoration:none}
}`;

function verdictBadge(v: Verdict): string {
  return `<span class="v v-${v}">${escapeHtml(v.replace('_', ' '))}</span>`;
}

function sourceLine(source: Source): string {
  const url = sourceUrl(source);
  const where = /^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : escapeHtml(url);
  const quote = source.quote ? `<blockquote>${escapeHtml(source.quote)}</blockquote>` : '';
  return `<div class="src">${escapeHtml(source.kind)}: ${where}</div>${quote}`;
}

function sourcesCell(req: Requirement | undefined): string {
  return req ? req.sources.map(sourceLine).join('') : '';
}

function evidenceItem(item: Evidence): string {
  const text = `<pre>${safe(describeEvidence(item))}</pre>`;
  if (item.kind !== 'exchange') return text;
  const curl = curlFor(item.exchange);
  return `${text}${curl ? `<h4>Reproduce</h4><pre>${safe(curl)}</pre>` : ''}`;
}

/** The evidence of a FAILED or WARNING requirement: per failing test, what its checks attached. */
function evidenceBlock(result: RequirementResult): string {
  return (result.evidence ?? [])
    .map((failing) => {
      // A check that attached evidence says it all; otherwise the test's own error message is shown.
      const shown = failing.items.length ? failing.items.map(evidenceItem).join('') : failing.errors.map((e) => `<pre>${safe(e)}</pre>`).join('');
      return `<div class="evidence"><h4>${safe(failing.test)}</h4>${shown}</div>`;
    })
    .join('');
}

const STANDARD_COLOURS: Record<StandardResult['verdict'], string> = {
  PASSED: COLOURS.PASSED.bg, FAILED: COLOURS.FAILED.bg, WARNING: COLOURS.WARNING.bg, NOT_TESTABLE: '#475467', NOT_APPLICABLE: '#98a2b3',
};

/** OWASP ASVS and NIST SP 800-63B items: a verdict each, the requirements behind it, or why it cannot be checked. */
function standardsSection(items: StandardResult[] | undefined): string {
  if (!items?.length) return '';
  const rows = items
    .map((item) => `<tr id="std-${escapeHtml(item.id)}" data-verdict="${escapeHtml(item.verdict)}">
<td class="id">${escapeHtml(item.number)}</td><td>${escapeHtml(item.title)}<div class="src">${escapeHtml(item.id)}</div></td>
<td><span class="v" style="background:${STANDARD_COLOURS[item.verdict]};color:#fff">${escapeHtml(item.verdict.replace('_', ' '))}</span></td>
<td>${item.requirements.map((id) => `<a href="#${escapeHtml(id)}"><code>${escapeHtml(id)}</code></a>`).join(' ')}${item.reason ? `<div class="src">${safe(item.reason)}</div>` : ''}</td>
</tr>`)
    .join('\n');
  return `<section id="standards" aria-label="security standards"><h2>Security standards: OWASP ASVS 4.0 V2.7 and V2.2.1, NIST SP 800-63B §5.1.3.2</h2>
<p class="src">Each item by its number and a short title of ours; the verdict comes from the requirements that are evidence for it. An item that cannot be checked from outside says why.</p>
<table class="standards"><thead><tr><th>Item</th><th>Title</th><th>Verdict</th><th>Requirements and reason</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** What failed, first: each FAILED or WARNING requirement with its statement, reason and evidence. */
function failuresSection(report: ConformanceReport, byId: Map<string, Requirement>): string {
  const red = report.requirements.filter((r) => r.verdict === 'FAILED' || r.verdict === 'WARNING');
  if (red.length === 0) return '';
  const items = red
    .sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'FAILED' ? -1 : 1))
    .map((r) => `<article class="failure${r.verdict === 'WARNING' ? ' warning' : ''}" data-verdict="${escapeHtml(r.verdict)}">
<h3>${verdictBadge(r.verdict)} <a href="#${escapeHtml(r.id)}">${escapeHtml(r.id)}</a> <span class="src">${escapeHtml(r.level)}</span></h3>
<div>${escapeHtml(byId.get(r.id)?.statement ?? '')}</div>
${r.reason ? `<div class="why"><b>Why:</b> ${safe(r.reason)}</div>` : ''}
${evidenceBlock(r)}
</article>`)
    .join('\n');
  return `<section id="failures"><h2>What failed (${red.length})</h2>\n${items}\n</section>`;
}

function headline(report: ConformanceReport): string {
  const s = report.summary;
  if (report.run?.configurationError) return `<div class="outcome bad">Not run: configuration error. ${safe(report.run.configurationError)}</div>`;
  const ran = report.run?.tests ?? report.requirements.filter((r) => r.tests.length > 0).length;
  if (ran === 0) return `<div class="outcome bad">No conformance test ran.</div>`;
  const mustFailed = s.FAILED;
  if (mustFailed > 0) return `<div class="outcome bad">${mustFailed} requirement${mustFailed === 1 ? '' : 's'} FAILED${s.WARNING ? `, ${s.WARNING} warning${s.WARNING === 1 ? '' : 's'}` : ''}</div>`;
  return `<div class="outcome ok">No MUST requirement failed${s.WARNING ? ` (${s.WARNING} warning${s.WARNING === 1 ? '' : 's'})` : ''}</div>`;
}

export function renderHtml(report: ConformanceReport, catalogue: Pick<Catalogue, 'requirements' | 'findings' | 'pages'>): string {
  const byId = new Map(catalogue.requirements.map((r) => [r.id, r]));
  const s = report.summary;
  const counts = VERDICTS.map((v) => `<li class="c-${v}"><b>${s[v] ?? 0}</b>${escapeHtml(v.replace('_', ' '))}</li>`).join('');
  const rows = report.requirements
    .map((r) => {
      const req = byId.get(r.id);
      const cls = r.verdict === 'FAILED' ? 'failed' : r.verdict === 'WARNING' ? 'warning' : '';
      const observed = r.observed === undefined ? '' : `<code>${safe(r.observed)}</code>`;
      const tests = r.tests.length ? `<ul class="tests">${r.tests.map((t) => `<li>${safe(t)}</li>`).join('')}</ul>` : '';
      const reason = `${r.reason ? safe(r.reason) : ''}${r.evidence?.length ? ' <a href="#failures">(evidence above)</a>' : ''}`;
      return `<tr id="${escapeHtml(r.id)}" class="${cls}" data-verdict="${escapeHtml(r.verdict)}">
<td class="id">${escapeHtml(r.id)}</td>
<td>${escapeHtml(req?.statement ?? '')}${req?.endpoint ? `<div class="src">${escapeHtml(req.endpoint)}</div>` : ''}${sourcesCell(req)}</td>
<td>${escapeHtml(r.level)}</td>
<td>${verdictBadge(r.verdict)}</td>
<td>${observed}</td>
<td>${reason}</td>
<td>${tests}</td>
</tr>`;
    })
    .join('\n');
  const findings = report.findings
    .map((f) => `<div class="finding" id="${escapeHtml(f.id)}"><h3>${escapeHtml(f.title)} <code>${escapeHtml(f.id)}</code></h3><p>${escapeHtml(f.detail)}</p>${f.sources.map(sourceLine).join('')}</div>`)
    .join('\n');
  const t = report.target;
  const run = report.run;
  return htmlPage(`Conformance report: ${safe(t.url ?? 'unknown target')}`, CSS, `<header>
<h1>Descope SMS OTP conformance report</h1>
${headline(report)}
<dl class="meta">
<dt>Target</dt><dd>${safe(t.url ?? 'unknown')}</dd>
<dt>Project ID</dt><dd>${safe(t.projectId ?? 'unknown')}</dd>
<dt>Profile</dt><dd>${safe(t.profile ?? 'none')}</dd>
<dt>Started</dt><dd>${safe(report.startedAt)}</dd>
<dt>Suite</dt><dd>${safe(report.suite.version)} (commit ${safe(report.suite.commit ?? 'unknown')})</dd>
<dt>Seed</dt><dd>${safe(report.suite.seed ?? 'unknown')} (replay with CONFORMANCE_SEED=${safe(report.suite.seed ?? '')})</dd>
${run ? `<dt>Tests</dt><dd>${run.tests} run: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped (${(run.durationMs / 1000).toFixed(1)} s)${run.requests !== undefined ? `; ${run.requests} requests sent to the target` : ''}</dd>` : ''}
</dl>
<ul class="counts" aria-label="requirements per verdict">${counts}</ul>
</header>
<main>
${failuresSection(report, byId)}
${standardsSection(report.standards)}
<h2>Requirements (${report.requirements.length})</h2>
<table class="requirements">
<thead><tr><th>ID</th><th>Statement and sources</th><th>Level</th><th>Verdict</th><th>Observed</th><th>Reason</th><th>Tests</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Documentation findings (${report.findings.length})</h2>
${findings || '<p>None.</p>'}
</main>
<footer>Written by reporter/conformance-reporter.ts. Secrets, codes, JWTs and phone numbers are redacted; reproductions use $DESCOPE_PROJECT_ID and $DESCOPE_MANAGEMENT_KEY placeholders.</footer>`);
}

// What every report page shares: escaping, redaction on the way in, and the page frame (one
// self-contained file: inline CSS, no scripts, no fetches, readable offline and printable).
import { redact } from '../fixtures/redact.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Redact, then escape: the only way a test-derived string reaches a page. */
export function safe(value: unknown): string {
  return escapeHtml(redact(typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)));
}

/** A whole page; `title` is already escaped, `body` is trusted markup built with the two above. */
export function htmlPage(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

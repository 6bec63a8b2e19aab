// specs/requirements.json, the requirement catalogue: valid against specs/requirements.schema.json,
// and consistent with what it points at (the reference pages, the facts and design files, the
// OpenAPI document, the default profile).
// CONTRACT_CATALOGUE=/path/to/other.json checks another catalogue file (used to try these checks on
// deliberately broken copies).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { ajv, describeError, projectRoot } from '../../../specs/contract.ts';
import { isKnownEndpoint } from '../../../specs/openapi.ts';

interface Source { kind: 'doc' | 'sdk' | 'design'; ref: string; quote?: string }
interface Requirement {
  id: string; level: 'MUST' | 'SHOULD' | 'OBSERVED'; endpoint: string; statement: string;
  source: Source; profileKey?: string; note?: string;
}
interface Finding { id: string; title: string; detail: string; sources: Source[] }
interface Catalogue { requirements: Requirement[]; findings: Finding[] }

const cataloguePath = process.env.CONTRACT_CATALOGUE ?? join(projectRoot, 'specs', 'requirements.json');
const sharedDir = join(projectRoot, '..', 'shared');
const docsDir = join(sharedDir, 'docs');
const profilePath = join(projectRoot, 'fixtures', 'profiles', 'emulator-default.json');
const ID = /^[A-Z0-9]+(-[A-Z0-9]+)+$/;

const checkCatalogue = ajv.compile(JSON.parse(readFileSync(join(projectRoot, 'specs', 'requirements.schema.json'), 'utf8')));
const present = existsSync(cataloguePath);
const catalogue: Catalogue = present ? JSON.parse(readFileSync(cataloguePath, 'utf8')) : { requirements: [], findings: [] };
const requirements = Array.isArray(catalogue.requirements) ? catalogue.requirements : [];
const findings = Array.isArray(catalogue.findings) ? catalogue.findings : [];
const allSources: Array<{ owner: string; source: Source }> = [
  ...requirements.map((r) => ({ owner: r.id, source: r.source })),
  ...findings.flatMap((f) => (f.sources ?? []).map((source) => ({ owner: f.id, source }))),
].filter(({ source }) => source && typeof source === 'object');

/** Whitespace-normalised text; `\<` and `\>` (escapes left by the pages' extraction) read as `<`, `>`. */
const normalise = (text: string) => text.replace(/\\([<>])/g, '$1').replace(/\s+/g, ' ').trim();

/** The file a source names: a page under shared/docs/ for doc, shared/<file> for sdk and design. */
function sourceFile(source: Source): string {
  const file = source.ref.split('#')[0]!;
  return source.kind === 'doc' ? join(docsDir, file) : join(sharedDir, file);
}

const textCache = new Map<string, string>();
function textOf(file: string): string | undefined {
  if (!textCache.has(file)) textCache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
  return textCache.get(file) || undefined;
}

test.describe('the requirement catalogue', () => {
  test.skip(!present, `${cataloguePath} is not written yet`);

  test('is valid against specs/requirements.schema.json', () => {
    const ok = checkCatalogue(catalogue);
    expect((checkCatalogue.errors ?? []).map((e) => describeError(e, catalogue))).toEqual([]);
    expect(ok).toBe(true);
  });

  test('has requirements of every level', () => {
    const levels = new Set(requirements.map((r) => r.level));
    expect([...levels].sort()).toEqual(['MUST', 'OBSERVED', 'SHOULD']);
  });

  test('requirement and finding IDs are unique and of the form WORD-WORD…', () => {
    const ids = [...requirements.map((r) => r.id), ...findings.map((f) => f.id)];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicates').toEqual([]);
    expect(ids.filter((id) => typeof id !== 'string' || !ID.test(id)), `not ${ID}`).toEqual([]);
  });

  test('every requirement has a level and a source with a kind and a ref', () => {
    const missing = requirements
      .filter((r) => !['MUST', 'SHOULD', 'OBSERVED'].includes(r.level) || !r.source?.kind || !r.source?.ref)
      .map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test('every doc source quotes its page verbatim (whitespace aside)', () => {
    const docSources = allSources.filter(({ source }) => source.kind === 'doc');
    expect(docSources.length).toBeGreaterThan(0);
    const problems = docSources.flatMap(({ owner, source }) => {
      const page = textOf(sourceFile(source));
      if (!page) return [`${owner}: no page ${source.ref} under shared/docs/`];
      if (!source.quote) return [`${owner}: doc source ${source.ref} has no quote`];
      return normalise(page).includes(normalise(source.quote)) ? [] : [`${owner}: not in ${source.ref}: "${source.quote}"`];
    });
    expect(problems).toEqual([]);
  });

  test('every sdk and design source names a heading of its file, and quotes it verbatim when it quotes', () => {
    const problems = allSources
      .filter(({ source }) => source.kind !== 'doc')
      .flatMap(({ owner, source }) => {
        const text = textOf(sourceFile(source));
        if (!text) return [`${owner}: no file ${source.ref.split('#')[0]} in shared/`];
        const anchor = source.ref.split('#').slice(1).join('#');
        const headings = text.split('\n').filter((l) => /^#+ /.test(l)).map((l) => l.replace(/^#+ /, '').trim());
        const bad: string[] = [];
        if (anchor && !headings.includes(anchor)) bad.push(`${owner}: no heading "${anchor}" in ${source.ref.split('#')[0]}`);
        if (source.quote && !normalise(text).includes(normalise(source.quote))) bad.push(`${owner}: not in ${source.ref}: "${source.quote}"`);
        return bad;
      });
    expect(problems).toEqual([]);
  });

  test('every endpoint is an operation of specs/openapi.json, or *', () => {
    const unknown = requirements.filter((r) => r.endpoint !== '*' && !isKnownEndpoint(r.endpoint)).map((r) => `${r.id}: ${r.endpoint}`);
    expect(unknown).toEqual([]);
  });

  test('every OBSERVED requirement has a profileKey that resolves in the default profile; no other has one', () => {
    const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Record<string, unknown>;
    const problems = requirements.flatMap((r) => {
      if (r.level !== 'OBSERVED') return r.profileKey === undefined ? [] : [`${r.id}: ${r.level} with a profileKey`];
      if (!r.profileKey) return [`${r.id}: OBSERVED without a profileKey`];
      const value = r.profileKey
        .split('.')
        .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), profile);
      return value === undefined ? [`${r.id}: ${r.profileKey} is not in ${profilePath.slice(projectRoot.length + 1)}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('has findings, among them the sign-in contradiction: "empty response object" vs. maskedPhone', () => {
    expect(findings.length).toBeGreaterThan(0);
    const contradiction = findings.filter((f) =>
      (f.sources ?? []).some((s) => s.kind === 'doc' && s.ref === 'otp-signin-sms.txt' && /empty response object/.test(s.quote ?? '')) &&
      /maskedPhone/.test(`${f.title} ${f.detail}`));
    expect(contradiction.map((f) => f.id), 'a finding quoting the prose and naming maskedPhone').toHaveLength(1);
  });
});

// specs/requirements.json, the requirement catalogue: valid against specs/requirements.schema.json,
// and consistent with what it points at (its pages, docs/decisions.md, the OpenAPI document, the
// default profile). It reads nothing outside the repository, except the copies of the reference pages
// in CATALOGUE_SOURCES_DIR when that is set (the verbatim-quote check; skipped with its reason when not;
// a relative directory is taken from the repository root).
// CONTRACT_CATALOGUE=/path/to/other.json checks another catalogue file (used to try these checks on
// deliberately broken copies).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { CATALOGUE_FILE, standards, type Catalogue, type Source } from '../../../specs/catalogue.ts';
import { describeError, sharedAjv } from '../../../specs/contract.ts';
import { paths } from '../../../lib/paths.ts';
import { isKnownEndpoint } from '../../../specs/openapi.ts';

const cataloguePath = process.env.CONTRACT_CATALOGUE ?? CATALOGUE_FILE;
const sourcesDir = process.env.CATALOGUE_SOURCES_DIR ? resolve(paths.root, process.env.CATALOGUE_SOURCES_DIR) : undefined;
const decisionsPath = join(paths.docs, 'decisions.md');
const profilePath = join(paths.profiles, 'emulator-default.json');
const ID = /^[A-Z0-9]+(-[A-Z0-9]+)+$/;
/** An official SDK's file on GitHub, at a commit (never a branch, so the link cannot rot). */
const SDK_URL = /^https:\/\/github\.com\/descope\/[A-Za-z0-9._-]+\/blob\/[0-9a-f]{40}\/[^#\s]+(#L[0-9]+(-L[0-9]+)?)?$/;

const checkCatalogue = sharedAjv().compile(JSON.parse(readFileSync(join(paths.specs, 'requirements.schema.json'), 'utf8')));
const present = existsSync(cataloguePath);
const catalogue: Catalogue = present ? JSON.parse(readFileSync(cataloguePath, 'utf8')) : { pages: {}, requirements: [], findings: [] };
const pages = catalogue.pages && typeof catalogue.pages === 'object' ? catalogue.pages : {};
const requirements = Array.isArray(catalogue.requirements) ? catalogue.requirements : [];
const findings = Array.isArray(catalogue.findings) ? catalogue.findings : [];
const allSources: Array<{ owner: string; source: Source }> = [...requirements, ...findings]
  .flatMap((entry) => (Array.isArray(entry.sources) ? entry.sources : []).map((source) => ({ owner: entry.id, source })))
  .filter(({ source }) => source && typeof source === 'object');
const sourcesOf = <K extends Source['kind']>(kind: K) =>
  allSources.filter((s): s is { owner: string; source: Extract<Source, { kind: K }> } => s.source.kind === kind);

/** Whitespace-normalised text; `\<` and `\>` (escapes left by the pages' extraction) read as `<`, `>`. */
const normalise = (text: string) => text.replace(/\\([<>])/g, '$1').replace(/\s+/g, ' ').trim();

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

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

  test('every requirement and finding has at least one source', () => {
    const bare = [...requirements, ...findings].filter((e) => !Array.isArray(e.sources) || e.sources.length === 0).map((e) => e.id);
    expect(bare).toEqual([]);
  });

  test('every doc source names a page of `pages`', () => {
    const docs = sourcesOf('doc');
    expect(docs.length).toBeGreaterThan(0);
    const unknown = docs.filter(({ source }) => !Object.hasOwn(pages, source.page)).map(({ owner, source }) => `${owner}: no page "${source.page}"`);
    expect(unknown).toEqual([]);
  });

  test('every doc source quotes its page verbatim (whitespace aside), where the page has a copy', () => {
    test.skip(!sourcesDir, `CATALOGUE_SOURCES_DIR is not set: the verbatim-quote check needs copies of the reference pages (.ci/run sets it where the machine has them)`);
    const dir = sourcesDir!;
    const checked = sourcesOf('doc').filter(({ source }) => pages[source.page]?.copy);
    expect(checked.length, 'doc sources on pages with a copy').toBeGreaterThan(0);
    const copies = new Map(checked.map(({ source }) => [pages[source.page]!.copy!, source.page]));
    const missing = [...copies].filter(([copy]) => !existsSync(join(dir, copy))).map(([copy, page]) => `the copy ${copy} of page "${page}" is not in ${dir}`);
    expect(missing).toEqual([]);
    const texts = new Map([...copies.keys()].map((copy) => [copy, normalise(readFileSync(join(dir, copy), 'utf8'))]));
    const problems = checked
      .filter(({ source }) => !texts.get(pages[source.page]!.copy!)!.includes(normalise(source.quote ?? '')))
      .map(({ owner, source }) => `${owner}: not in ${pages[source.page]!.copy}: "${source.quote}"`);
    expect(problems).toEqual([]);
  });

  test('every decision source names a heading of docs/decisions.md, and quotes it verbatim when it quotes', () => {
    const decisions = sourcesOf('decision');
    expect(decisions.length).toBeGreaterThan(0);
    expect(existsSync(decisionsPath), 'docs/decisions.md').toBe(true);
    const text = readFileSync(decisionsPath, 'utf8');
    const anchors = new Set([...text.matchAll(/^#{1,6} +(.+)$/gm)].map((m) => slug(m[1]!)));
    const problems = decisions.flatMap(({ owner, source }) => {
      const anchor = String(source.ref).split('#')[1] ?? '';
      const bad: string[] = [];
      if (!anchors.has(anchor)) bad.push(`${owner}: no heading #${anchor} in docs/decisions.md`);
      if (source.quote !== undefined && !normalise(text).includes(normalise(source.quote))) bad.push(`${owner}: not in docs/decisions.md: "${source.quote}"`);
      return bad;
    });
    expect(problems).toEqual([]);
  });

  test('every sdk source is a file of a github.com/descope repository at a pinned commit', () => {
    const sdks = sourcesOf('sdk');
    expect(sdks.length).toBeGreaterThan(0);
    const unpinned = sdks.filter(({ source }) => !SDK_URL.test(String(source.url))).map(({ owner, source }) => `${owner}: ${source.url}`);
    expect(unpinned).toEqual([]);
  });

  test('every standards item a requirement names is in specs/standards.json; every item is testable, or says why not', () => {
    const items = new Map(standards.items.map((item) => [item.id, item]));
    expect(items.size, 'item IDs are unique').toBe(standards.items.length);
    const unknown = requirements.flatMap((r) => (r.standards ?? []).filter((id) => !items.has(id)).map((id) => `${r.id}: ${id}`));
    expect(unknown).toEqual([]);
    const named = new Set(requirements.flatMap((r) => r.standards ?? []));
    const problems = standards.items.flatMap((item) => {
      const untestable = item.notTestable ?? item.notApplicable;
      if (untestable && named.has(item.id)) return [`${item.id} says it cannot be checked, yet requirements name it`];
      if (!untestable && !named.has(item.id)) return [`${item.id}: no requirement is evidence for it, and it does not say why it cannot be checked`];
      if (!standards.standards.some((s) => s.id === item.standard)) return [`${item.id}: unknown standard ${item.standard}`];
      return [];
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
      return value === undefined ? [`${r.id}: ${r.profileKey} is not in ${profilePath.slice(paths.root.length + 1)}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('has findings, among them the sign-in contradiction: "empty response object" vs. maskedPhone', () => {
    expect(findings.length).toBeGreaterThan(0);
    const contradiction = findings.filter((f) =>
      (f.sources ?? []).some((s) => s.kind === 'doc' && s.page === 'signin' && /empty response object/.test(s.quote ?? '')) &&
      /maskedPhone/.test(`${f.title} ${f.detail}`));
    expect(contradiction.map((f) => f.id), 'a finding quoting the sign-in page\'s prose and naming maskedPhone').toHaveLength(1);
  });
});

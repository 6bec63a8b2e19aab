// The requirement catalogue (specs/requirements.json) as code: its types, the one place it is read,
// and the names by which tests, reporters and checks refer to its entries. Every layer imports
// this module; none parses the JSON file itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../lib/paths.ts';

export type Level = 'MUST' | 'SHOULD' | 'OBSERVED';

/** A reference page of Descope's documentation, by its public URL. */
export interface Page {
  url: string;
  title: string;
  /** The file name of a copy of the page, looked up in CATALOGUE_SOURCES_DIR by the verbatim-quote check. */
  copy?: string;
}

/**
 * Where a statement comes from: a reference page (`doc`, quoted verbatim), an official SDK's public
 * source (`sdk`, by URL), or a decision of this project (`decision`, a heading of docs/decisions.md).
 */
export type Source =
  | { kind: 'doc'; page: string; quote: string }
  | { kind: 'sdk'; url: string; quote?: string; note?: string }
  | { kind: 'decision'; ref: string; quote?: string };

/** What a closed connection (no HTTP answer at all) means for a requirement. */
export type ConnectionClosed = 'refusal' | 'failure';

export interface Requirement {
  id: string;
  level: Level;
  endpoint: string;
  statement: string;
  /** At least one; the first is the primary source. */
  sources: Source[];
  /** OBSERVED only: where its value lives in a profile (fixtures/profiles/*.json). */
  profileKey?: string;
  note?: string;
  /** Default 'failure': the test fails and the report says a transport error, with its evidence. */
  connectionClosed?: ConnectionClosed;
  /** Items of public standards (ASVS, NIST 800-63B) this requirement is evidence for. */
  standards?: string[];
}

export interface Finding {
  id: string;
  title: string;
  detail: string;
  sources: Source[];
}

export interface Catalogue {
  pages: Record<string, Page>;
  requirements: Requirement[];
  findings: Finding[];
}

/** An item of a public standard (specs/standards.json): a number and a short title of our own, never its text. */
export interface StandardItem {
  id: string;
  standard: string;
  number: string;
  title: string;
  /** Why the item cannot be checked from outside a service; such an item has no requirements behind it. */
  notTestable?: string;
  /** Why the item does not apply to a sign-in API. */
  notApplicable?: string;
  /** What the requirements behind it do and do not show. */
  note?: string;
}

export interface Standards {
  standards: { id: string; title: string; url: string }[];
  items: StandardItem[];
}

export const CATALOGUE_FILE = join(paths.specs, 'requirements.json');
export const STANDARDS_FILE = join(paths.specs, 'standards.json');

export const standards: Standards = JSON.parse(readFileSync(STANDARDS_FILE, 'utf8')) as Standards;

export function loadCatalogue(file = CATALOGUE_FILE): Catalogue {
  return JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
}

export const catalogue: Catalogue = loadCatalogue();
const byId = new Map(catalogue.requirements.map((r) => [r.id, r]));

/** The requirement with this ID; an unknown ID is a mistake in the caller and throws. */
export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`Unknown requirement ID ${id}: add it to specs/requirements.json first`);
  return found;
}

/** The public address of a source, for reports and readers. */
export function sourceUrl(source: Source): string {
  if (source.kind === 'doc') return catalogue.pages[source.page]?.url ?? source.page;
  if (source.kind === 'sdk') return source.url;
  return source.ref;
}

/**
 * How tests speak to reporters: annotation types and the evidence attachment. A test names the
 * requirements it checks (`requirement`), the OBSERVED values it saw (`observed`, JSON {id, value}),
 * how many requests it sent (`requests`); each failed check attaches its evidence as JSON.
 */
export const ANNOTATION = {
  requirement: 'requirement',
  observed: 'observed',
  requests: 'requests',
  skip: 'skip',
  /** A test that passed without enough evidence to conclude (a small sample): a WARNING, never a pass. */
  inconclusive: 'inconclusive',
} as const;

export const EVIDENCE_ATTACHMENT = 'conformance-evidence';

// The fidelity diff, as pure functions: two conformance reports (conformance.json) in, one entry per
// requirement out — same, differs, not compared, only in A, only in B — with both verdicts and both
// OBSERVED values side by side, then checked against a baseline of expected deviations. No I/O here.
//
// Two requirements are the same when their verdicts are equal and their OBSERVED values are equal
// (as JSON, whatever the order of object keys). They differ only where both runs found something out
// and found different things: both reached a verdict (PASSED, FAILED, WARNING, OBSERVED) and the
// verdicts differ, and/or both recorded an observed value and the values differ. Anything else — one
// run SKIPPED or did not cover a requirement the other checked (a live target without the emulator's
// control endpoints cannot read an SMS or move the clock), or only one run recorded an observed
// value, or one run could not conclude (a WARNING for want of evidence, such as a live target's code
// sample too small for the randomness test) — is not compared: it says nothing about fidelity, and
// each side keeps its reason so the report can say why. Unexpected differences (and stale baseline entries) fail the diff; a
// requirement not compared, only in A or only in B fails it only with `strict`. A deviation that is
// understood goes into the baseline, with its reason.

export interface SideRequirement {
  id: string;
  level?: string;
  verdict: string;
  observed?: unknown;
  reason?: string;
  inconclusive?: boolean;
  tests?: string[];
}

/** The parts of conformance.json the diff reads (structurally typed, so older reports still load). */
export interface ReportLike {
  target?: { url?: string | null; projectId?: string | null; profile?: string | null };
  startedAt?: string;
  suite?: { version?: string; commit?: string | null; seed?: string | null };
  requirements: SideRequirement[];
}

export type Status = 'same' | 'differs' | 'not-compared' | 'only-a' | 'only-b';

/** Every status, in the order reports list them (what fails first). */
export const STATUSES: Status[] = ['differs', 'not-compared', 'only-a', 'only-b', 'same'];

/** Verdicts that say what the target did; SKIPPED and NOT_COVERED say only that nothing was checked. */
export const REACHED_VERDICTS = ['PASSED', 'FAILED', 'WARNING', 'OBSERVED'] as const;

/**
 * Whether a run reached a verdict on the requirement (checked it and concluded), rather than
 * skipping it, not covering it, or warning only that its evidence was too little to conclude.
 */
export function reached(side: Pick<Side, 'verdict' | 'inconclusive'>): boolean {
  return (REACHED_VERDICTS as readonly string[]).includes(side.verdict) && !side.inconclusive;
}

/** One side of a requirement, as the diff shows it. */
export interface Side {
  verdict: string;
  observed?: unknown;
  reason?: string;
  inconclusive?: boolean;
}

export interface DiffEntry {
  id: string;
  level: string | null;
  status: Status;
  /** What differs when status is `differs`: the verdict, the observed value, or both (both sides reached them). */
  fields: ('verdict' | 'observed')[];
  a: Side | null;
  b: Side | null;
}

/** A baseline entry: a deviation seen on a real target, with why it is accepted. */
export interface BaselineEntry {
  id: string;
  reason: string;
  /** Optional: the status it is expected to have (`differs`, `not-compared`, `only-a`, `only-b`). */
  status?: Exclude<Status, 'same'>;
  /** Optional: what side A (the first report) is expected to show; only the fields given are compared. */
  a?: { verdict?: string; observed?: unknown };
  /** Optional: what side B (the second report) is expected to show. */
  b?: { verdict?: string; observed?: unknown };
  [extra: string]: unknown;
}

export interface Baseline {
  deviations: BaselineEntry[];
}

export interface CheckedEntry extends DiffEntry {
  /** For an entry that is not `same`: the reason of the baseline entry that expects it, or null. */
  expected: string | null;
  /**
   * Whether it fails the diff: a `differs` no baseline entry expects; with `strict`, also a
   * `not-compared`, `only-a` or `only-b` no baseline entry expects.
   */
  unexpected: boolean;
}

export interface FidelitySummary {
  same: number;
  differs: number;
  notCompared: number;
  onlyA: number;
  onlyB: number;
  /** Entries (of any status but `same`) a baseline entry expects. */
  expected: number;
  /** Entries that fail the diff (see CheckedEntry.unexpected). */
  unexpected: number;
  stale: number;
}

export interface FidelityOptions {
  /** A requirement not compared, only in A or only in B fails the diff too (unless the baseline expects it). */
  strict?: boolean;
}

export interface FidelityResult {
  requirements: CheckedEntry[];
  /** Baseline entries that match no entry of this comparison (other than `same`). */
  stale: BaselineEntry[];
  summary: FidelitySummary;
  strict: boolean;
  /** `fidelity: N passed, N failed`: requirements that are the same; unexpected entries plus stale baseline entries. */
  passed: number;
  failed: number;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}

export function sameValue(x: unknown, y: unknown): boolean {
  return canonical(x) === canonical(y);
}

function side(r: SideRequirement): Side {
  const out: Side = { verdict: r.verdict };
  if (r.observed !== undefined) out.observed = r.observed;
  if (r.reason !== undefined) out.reason = r.reason;
  if (r.inconclusive) out.inconclusive = true;
  return out;
}

/**
 * Why a `not-compared` entry could not be compared, in a few words: which side reached no verdict,
 * or which side alone recorded an observed value. Empty for every other status.
 */
export function whyNotCompared(d: Pick<DiffEntry, 'status' | 'a' | 'b'>): string {
  if (d.status !== 'not-compared' || !d.a || !d.b) return '';
  const unreached = (['A', 'B'] as const).filter((name) => !reached((name === 'A' ? d.a : d.b)!));
  if (unreached.length === 2) return `neither run reached a verdict (A ${d.a.verdict}, B ${d.b.verdict})`;
  if (unreached.length === 1) {
    const name = unreached[0]!;
    const s = name === 'A' ? d.a : d.b;
    return `${name} ${s.inconclusive ? 'could not conclude' : 'did not check it'} (${s.verdict})`;
  }
  return d.a.observed !== undefined ? 'only A recorded an observed value' : 'only B recorded an observed value';
}

/** Per requirement, in A's order, then the requirements only B has, in B's order. */
export function diffReports(a: ReportLike, b: ReportLike): DiffEntry[] {
  const bById = new Map(b.requirements.map((r) => [r.id, r]));
  const aIds = new Set(a.requirements.map((r) => r.id));
  const entries: DiffEntry[] = [];
  for (const ra of a.requirements) {
    const rb = bById.get(ra.id);
    if (!rb) {
      entries.push({ id: ra.id, level: ra.level ?? null, status: 'only-a', fields: [], a: side(ra), b: null });
      continue;
    }
    const verdictsEqual = ra.verdict === rb.verdict;
    const observedEqual = sameValue(ra.observed, rb.observed);
    // Only what both sides found out can differ; the rest is not compared.
    const fields: DiffEntry['fields'] = [];
    if (!verdictsEqual && reached(ra) && reached(rb)) fields.push('verdict');
    if (!observedEqual && ra.observed !== undefined && rb.observed !== undefined) fields.push('observed');
    const status: Status = verdictsEqual && observedEqual ? 'same' : fields.length ? 'differs' : 'not-compared';
    entries.push({ id: ra.id, level: ra.level ?? rb.level ?? null, status, fields, a: side(ra), b: side(rb) });
  }
  for (const rb of b.requirements) {
    if (!aIds.has(rb.id)) entries.push({ id: rb.id, level: rb.level ?? null, status: 'only-b', fields: [], a: null, b: side(rb) });
  }
  return entries;
}

function sideMatches(expected: BaselineEntry['a'], actual: Side | null): boolean {
  if (expected === undefined) return true;
  if (actual === null) return false;
  if (expected.verdict !== undefined && expected.verdict !== actual.verdict) return false;
  if ('observed' in expected && !sameValue(expected.observed, actual.observed)) return false;
  return true;
}

/** Whether a baseline entry expects this difference (same id, and every field it names agrees). */
export function entryMatches(entry: BaselineEntry, diff: DiffEntry): boolean {
  if (diff.status === 'same' || entry.id !== diff.id) return false;
  if (entry.status !== undefined && entry.status !== diff.status) return false;
  return sideMatches(entry.a, diff.a) && sideMatches(entry.b, diff.b);
}

/** Problems in a baseline file's content; empty when it is usable. */
export function validateBaseline(value: unknown): string[] {
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || !Array.isArray((value as Baseline).deviations)) return ['a baseline is an object {"deviations": [...]}'];
  (value as Baseline).deviations.forEach((entry, i) => {
    const where = `deviations[${i}]`;
    if (!entry || typeof entry !== 'object') return void problems.push(`${where} is not an object`);
    if (typeof entry.id !== 'string' || entry.id === '') problems.push(`${where} has no "id"`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') problems.push(`${where} (${String(entry.id)}) has no "reason": every expected deviation says why`);
    if (entry.status !== undefined && !['differs', 'not-compared', 'only-a', 'only-b'].includes(entry.status)) problems.push(`${where} has an unknown "status" ${JSON.stringify(entry.status)}`);
    for (const key of ['a', 'b'] as const) {
      const s = entry[key];
      if (s !== undefined && (typeof s !== 'object' || s === null || Array.isArray(s))) problems.push(`${where}.${key} must be an object {verdict?, observed?}`);
    }
  });
  return problems;
}

/**
 * The diff checked against a baseline (none: nothing is expected). Fails on an unexpected `differs`
 * and on a stale baseline entry; with `strict`, also on an unexpected `not-compared`, `only-a` or `only-b`.
 */
export function checkFidelity(a: ReportLike, b: ReportLike, baseline: Baseline | null, { strict = false }: FidelityOptions = {}): FidelityResult {
  const entries = diffReports(a, b);
  const deviations = baseline?.deviations ?? [];
  const used = new Set<number>();
  const requirements: CheckedEntry[] = entries.map((d) => {
    if (d.status === 'same') return { ...d, expected: null, unexpected: false };
    const index = deviations.findIndex((entry) => entryMatches(entry, d));
    if (index >= 0) used.add(index);
    const expected = index >= 0 ? deviations[index]!.reason : null;
    return { ...d, expected, unexpected: expected === null && (d.status === 'differs' || strict) };
  });
  // An entry is in use when it matches any entry (two baseline entries may describe the same one).
  deviations.forEach((entry, i) => {
    if (requirements.some((d) => entryMatches(entry, d))) used.add(i);
  });
  const stale = deviations.filter((_, i) => !used.has(i));
  const count = (status: Status) => requirements.filter((d) => d.status === status).length;
  const unexpected = requirements.filter((d) => d.unexpected).length;
  const summary: FidelitySummary = {
    same: count('same'),
    differs: count('differs'),
    notCompared: count('not-compared'),
    onlyA: count('only-a'),
    onlyB: count('only-b'),
    expected: requirements.filter((d) => d.expected !== null).length,
    unexpected,
    stale: stale.length,
  };
  return { requirements, stale, summary, strict, passed: summary.same, failed: unexpected + stale.length };
}

// The fidelity diff, as pure functions: two conformance reports (conformance.json) in, one entry per
// requirement out — same, differs, only in A, only in B — with both verdicts and both OBSERVED values
// side by side, then checked against a baseline of expected deviations. No I/O here.
//
// Two requirements agree when their verdicts are equal and their OBSERVED values are equal (as JSON,
// whatever the order of object keys). Every other outcome is a difference, including a requirement
// that one run SKIPPED or did not cover while the other checked it: the diff hides nothing, and a
// difference that is understood goes into the baseline, with its reason.

export interface SideRequirement {
  id: string;
  level?: string;
  verdict: string;
  observed?: unknown;
  reason?: string;
  tests?: string[];
}

/** The parts of conformance.json the diff reads (structurally typed, so older reports still load). */
export interface ReportLike {
  target?: { url?: string | null; projectId?: string | null; profile?: string | null };
  startedAt?: string;
  suite?: { version?: string; commit?: string | null; seed?: string | null };
  requirements: SideRequirement[];
}

export type Status = 'same' | 'differs' | 'only-a' | 'only-b';

/** One side of a requirement, as the diff shows it. */
export interface Side {
  verdict: string;
  observed?: unknown;
  reason?: string;
}

export interface DiffEntry {
  id: string;
  level: string | null;
  status: Status;
  /** What differs when status is `differs`: the verdict, the observed value, or both. */
  fields: ('verdict' | 'observed')[];
  a: Side | null;
  b: Side | null;
}

/** A baseline entry: a deviation seen on a real target, with why it is accepted. */
export interface BaselineEntry {
  id: string;
  reason: string;
  /** Optional: the status it is expected to have (`differs`, `only-a`, `only-b`). */
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
  /** For a difference: the reason of the baseline entry that expects it, or null when unexpected. */
  expected: string | null;
}

export interface FidelityResult {
  requirements: CheckedEntry[];
  /** Baseline entries that match no difference of this comparison. */
  stale: BaselineEntry[];
  summary: { same: number; differs: number; onlyA: number; onlyB: number; expected: number; unexpected: number; stale: number };
  /** `fidelity: N passed, N failed`: agreeing requirements; unexpected differences plus stale entries. */
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
  return out;
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
    const fields: DiffEntry['fields'] = [];
    if (ra.verdict !== rb.verdict) fields.push('verdict');
    if (!sameValue(ra.observed, rb.observed)) fields.push('observed');
    entries.push({ id: ra.id, level: ra.level ?? rb.level ?? null, status: fields.length ? 'differs' : 'same', fields, a: side(ra), b: side(rb) });
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
    if (entry.status !== undefined && !['differs', 'only-a', 'only-b'].includes(entry.status)) problems.push(`${where} has an unknown "status" ${JSON.stringify(entry.status)}`);
    for (const key of ['a', 'b'] as const) {
      const s = entry[key];
      if (s !== undefined && (typeof s !== 'object' || s === null || Array.isArray(s))) problems.push(`${where}.${key} must be an object {verdict?, observed?}`);
    }
  });
  return problems;
}

/** The diff checked against a baseline (none: every difference is unexpected). */
export function checkFidelity(a: ReportLike, b: ReportLike, baseline: Baseline | null): FidelityResult {
  const entries = diffReports(a, b);
  const deviations = baseline?.deviations ?? [];
  const used = new Set<number>();
  const requirements: CheckedEntry[] = entries.map((d) => {
    if (d.status === 'same') return { ...d, expected: null };
    const index = deviations.findIndex((entry) => entryMatches(entry, d));
    if (index >= 0) used.add(index);
    return { ...d, expected: index >= 0 ? deviations[index]!.reason : null };
  });
  // An entry is in use when it matches any difference (two entries may describe the same one).
  deviations.forEach((entry, i) => {
    if (requirements.some((d) => entryMatches(entry, d))) used.add(i);
  });
  const stale = deviations.filter((_, i) => !used.has(i));
  const count = (status: Status) => requirements.filter((d) => d.status === status).length;
  const differences = requirements.filter((d) => d.status !== 'same');
  const unexpected = differences.filter((d) => d.expected === null).length;
  const summary = {
    same: count('same'),
    differs: count('differs'),
    onlyA: count('only-a'),
    onlyB: count('only-b'),
    expected: differences.length - unexpected,
    unexpected,
    stale: stale.length,
  };
  return { requirements, stale, summary, passed: summary.same, failed: unexpected + stale.length };
}

// Which requirements' verdicts (or observed values) changed between runs of the suite against the
// same target: pure functions over conformance reports, so the rule is tested on its own.
import type { ConformanceReport, RequirementResult, Verdict } from '../model.ts';

/** One run's result for one requirement, with its evidence when it was red. */
export interface RunVerdict {
  run: number;
  verdict: Verdict;
  observed?: unknown;
  reason?: string;
  evidence?: RequirementResult['evidence'];
}

export interface RequirementStability {
  id: string;
  level: string;
  /** The verdict (or the observed value) was not the same in every run. */
  changed: boolean;
  /** What changed: 'verdict', 'observed', or both. */
  what: ('verdict' | 'observed')[];
  runs: RunVerdict[];
}

export interface FlakeResult {
  runs: number;
  requirements: RequirementStability[];
  changed: number;
}

const same = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size <= 1;

export function compareRuns(reports: ConformanceReport[]): FlakeResult {
  const ids = [...new Set(reports.flatMap((report) => report.requirements.map((r) => r.id)))];
  const requirements = ids.map((id): RequirementStability => {
    const runs = reports.map((report, index): RunVerdict => {
      const result = report.requirements.find((r) => r.id === id);
      if (!result) return { run: index + 1, verdict: 'NOT_COVERED', reason: 'not in this run' };
      return {
        run: index + 1,
        verdict: result.verdict,
        ...(result.observed !== undefined ? { observed: result.observed } : {}),
        ...(result.reason ? { reason: result.reason } : {}),
        ...(result.evidence ? { evidence: result.evidence } : {}),
      };
    });
    const what: RequirementStability['what'] = [];
    if (!same(runs.map((r) => r.verdict))) what.push('verdict');
    // Only values the runs recorded are compared: a run that could not observe one says nothing.
    const observed = runs.filter((r) => r.observed !== undefined).map((r) => r.observed);
    if (!same(observed)) what.push('observed');
    const level = reports.flatMap((report) => report.requirements.filter((r) => r.id === id).map((r) => r.level))[0] ?? '';
    return { id, level, changed: what.length > 0, what, runs };
  });
  return { runs: reports.length, requirements, changed: requirements.filter((r) => r.changed).length };
}

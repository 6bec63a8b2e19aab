// Whether a conformance run against a faulty target caught the fault: a requirement is FAILED or
// WARNING (a failed SHOULD, or an OBSERVED value contradicting the profile) in the faulty run and
// was not in the fault-free one. Pure functions, so the rule is tested on its own.
import type { RequirementResult } from '../model.ts';

const CAUGHT = new Set(['FAILED', 'WARNING']);

export interface FaultOutcome {
  name: string;
  description: string;
  killed: boolean;
  /** Requirement IDs that went red against this fault (and were not red without it). */
  killedBy: string[];
  /** Why there is no verdict, when the run itself broke (no report, a timeout). */
  error?: string;
  seconds: number;
}

/** The requirement IDs that caught the fault: red now, not red in the baseline. */
export function killingRequirements(baseline: RequirementResult[], faulty: RequirementResult[]): string[] {
  const redBefore = new Set(baseline.filter((r) => CAUGHT.has(r.verdict)).map((r) => r.id));
  return faulty.filter((r) => CAUGHT.has(r.verdict) && !redBefore.has(r.id)).map((r) => r.id);
}

/** Requirements that are red against the fault-free emulator: the suite itself is then broken. */
export function baselineProblems(baseline: RequirementResult[]): string[] {
  return baseline.filter((r) => CAUGHT.has(r.verdict)).map((r) => `${r.id} is ${r.verdict} without any fault${r.reason ? `: ${r.reason}` : ''}`);
}

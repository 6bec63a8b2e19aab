// Whether a conformance run against a faulty target caught the fault: a requirement is FAILED or
// WARNING (a failed SHOULD, or an OBSERVED value contradicting the profile) in the faulty run and
// was not in the fault-free one. Pure functions, so the rules are tested on their own.
import type { RequirementResult } from '../model.ts';
import type { FaultOutcome } from './model.ts';

const CAUGHT = new Set(['FAILED', 'WARNING']);

/** The requirement IDs that caught the fault: red now, not red in the baseline. */
export function killingRequirements(baseline: RequirementResult[], faulty: RequirementResult[]): string[] {
  const redBefore = new Set(baseline.filter((r) => CAUGHT.has(r.verdict)).map((r) => r.id));
  return faulty.filter((r) => CAUGHT.has(r.verdict) && !redBefore.has(r.id)).map((r) => r.id);
}

/** Requirements that are red against the fault-free emulator: the suite itself is then broken. */
export function baselineProblems(baseline: RequirementResult[]): string[] {
  return baseline.filter((r) => CAUGHT.has(r.verdict)).map((r) => `${r.id} is ${r.verdict} without any fault${r.reason ? `: ${r.reason}` : ''}`);
}

/** One fault's outcome from its run's verdicts. */
export function faultOutcome(fault: { name: string; description: string; breaks: readonly string[] }, baseline: RequirementResult[], faulty: RequirementResult[]): FaultOutcome {
  const killedBy = killingRequirements(baseline, faulty);
  const breaks = [...fault.breaks];
  return {
    name: fault.name,
    description: fault.description,
    breaks,
    killed: killedBy.length > 0,
    killedBy,
    killedOnlyByUnrelated: killedBy.length > 0 && !killedBy.some((id) => breaks.includes(id)),
  };
}

/** Catalogue requirements that no fault declares it breaks: the mutation run cannot vouch for their checks. */
export function unbrokenRequirements(requirementIds: string[], faults: readonly { breaks: readonly string[] }[]): string[] {
  const broken = new Set(faults.flatMap((fault) => fault.breaks));
  return requirementIds.filter((id) => !broken.has(id));
}

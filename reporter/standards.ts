// Each item of the security standards (specs/standards.json) from the verdicts of the requirements
// that are evidence for it: FAILED or WARNING when one of them is, PASSED when those checked all
// passed, NOT_TESTABLE when the item cannot be checked from outside (or none of its requirements was
// checked in this run), NOT_APPLICABLE when it does not concern a sign-in API. Pure functions.
import type { Requirement, Standards } from '../specs/catalogue.ts';
import type { RequirementResult, StandardResult } from './model.ts';

export function standardsVerdicts(standards: Standards, catalogue: { requirements: Pick<Requirement, 'id' | 'standards'>[] }, results: RequirementResult[]): StandardResult[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return standards.items.map((item): StandardResult => {
    const base = { id: item.id, standard: item.standard, number: item.number, title: item.title };
    if (item.notApplicable) return { ...base, verdict: 'NOT_APPLICABLE', requirements: [], reason: item.notApplicable };
    if (item.notTestable) return { ...base, verdict: 'NOT_TESTABLE', requirements: [], reason: item.notTestable };
    const requirements = catalogue.requirements.filter((r) => r.standards?.includes(item.id)).map((r) => r.id);
    const verdicts = requirements.map((id) => ({ id, result: byId.get(id) }));
    const red = (verdict: string) => verdicts.filter((v) => v.result?.verdict === verdict).map((v) => v.id);
    const checked = verdicts.filter((v) => v.result && ['PASSED', 'OBSERVED', 'FAILED', 'WARNING'].includes(v.result.verdict));
    const unchecked = verdicts.filter((v) => !checked.includes(v)).map((v) => `${v.id}: ${v.result?.reason ?? 'not in this report'}`);
    const note = [item.note, unchecked.length && checked.length ? `not checked in this run: ${unchecked.join('; ')}` : ''].filter(Boolean).join('; ');
    if (red('FAILED').length) return { ...base, verdict: 'FAILED', requirements, reason: `FAILED: ${red('FAILED').join(', ')}${note ? `; ${note}` : ''}` };
    if (red('WARNING').length) return { ...base, verdict: 'WARNING', requirements, reason: `WARNING: ${red('WARNING').join(', ')}${note ? `; ${note}` : ''}` };
    if (checked.length === 0) return { ...base, verdict: 'NOT_TESTABLE', requirements, reason: `none of its requirements was checked in this run: ${unchecked.join('; ')}` };
    return { ...base, verdict: 'PASSED', requirements, ...(note ? { reason: note } : {}) };
  });
}

// The profile a run observed: every OBSERVED requirement's value, placed at its profileKey. Against
// a target without a profile (staging on its first run) this record becomes its profile for the next
// run: copy it to fixtures/profiles/ and set CONFORMANCE_PROFILE. Values seen differently by two
// tests are left out (and named), since a profile holds one value per key.
import type { Catalogue } from '../specs/catalogue.ts';
import type { RequirementResult } from './model.ts';

export interface ObservedProfile {
  profile: Record<string, unknown>;
  /** Requirement IDs whose tests saw more than one value. */
  ambiguous: string[];
}

function setAtPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

export function observedProfile(catalogue: Pick<Catalogue, 'requirements'>, results: RequirementResult[], name: string): ObservedProfile {
  const profile: Record<string, unknown> = { name };
  const ambiguous: string[] = [];
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const req of catalogue.requirements) {
    const result = byId.get(req.id);
    if (req.level !== 'OBSERVED' || !req.profileKey || result?.observed === undefined) continue;
    // A single observed value that is itself an array would be ambiguous here; none of the
    // profile's values is an array, so an array always means several tests saw different values.
    if (Array.isArray(result.observed)) ambiguous.push(req.id);
    else setAtPath(profile, req.profileKey, result.observed);
  }
  return { profile, ambiguous };
}

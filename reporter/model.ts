// The conformance report as data: what conformance.json holds, what the HTML page and the other
// tools (exit code, fidelity, mutation, flakes) read. No logic here.
import type { Finding, Level } from '../specs/catalogue.ts';
import type { Evidence } from '../fixtures/evidence.ts';

export type Verdict = 'PASSED' | 'FAILED' | 'WARNING' | 'OBSERVED' | 'SKIPPED' | 'NOT_COVERED';
/** Worst first: the order reports list them in. */
export const VERDICTS: Verdict[] = ['FAILED', 'WARNING', 'PASSED', 'OBSERVED', 'SKIPPED', 'NOT_COVERED'];

export type Outcome = 'passed' | 'failed' | 'skipped';

/** One conformance test as the report needs it; every string already redacted. */
export interface TestRecord {
  title: string;
  requirementIds: string[];
  outcome: Outcome;
  /** Why it was skipped (the `skip` annotation), when it was. */
  skipReason?: string;
  /** Why a test that passed could not conclude (the `inconclusive` annotation): it warns. */
  inconclusive?: string;
  /** Values recorded with `observe(...)`. */
  observed: { id: string; value: unknown }[];
  /** Error messages of a failed test (redacted, no ANSI colours), as Playwright reported them. */
  errors: string[];
  /** What the failed checks attached (fixtures/evidence.ts). */
  evidence: Evidence[];
}

export interface RequirementResult {
  id: string;
  level: Level;
  verdict: Verdict;
  observed?: unknown;
  reason?: string;
  /** Set on a WARNING that is only for want of evidence (a sample too small): no verdict on the behaviour. */
  inconclusive?: true;
  tests: string[];
  /** The evidence of the failing tests, for FAILED and WARNING requirements. */
  evidence?: { test: string; items: Evidence[]; errors: string[] }[];
}

export interface RunSummary {
  /** Playwright's status, or 'configuration-error' when the preflight stopped the run. */
  status: string;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  targetReachable: boolean | null;
  durationMs: number;
  requests?: number;
  /** Why nothing was run, when the preflight found the configuration wrong. */
  configurationError?: string;
}

/** An item of a security standard, as the report shows it (reporter/standards.ts). */
export interface StandardResult {
  id: string;
  standard: string;
  number: string;
  title: string;
  verdict: 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_TESTABLE' | 'NOT_APPLICABLE';
  /** The requirements that are evidence for it. */
  requirements: string[];
  reason?: string;
}

export interface ConformanceReport {
  target: { url: string | null; projectId: string | null; profile: string | null };
  startedAt: string;
  suite: { version: string; commit: string | null; seed: string | null };
  summary: Record<Verdict, number>;
  requirements: RequirementResult[];
  findings: Finding[];
  /** OWASP ASVS and NIST SP 800-63B items, from the requirements behind each. */
  standards?: StandardResult[];
  run?: RunSummary;
}

// The mutation report as data (mutation.json): which faults the suite caught, by which
// requirements, and where the suite or the fault registry has holes.
export interface FaultOutcome {
  name: string;
  description: string;
  /** The requirements the fault declares it breaks (emulator/faults.ts). */
  breaks: string[];
  killed: boolean;
  /** Requirement IDs that went red against this fault (and were not red without it). */
  killedBy: string[];
  /** Killed, but by none of the requirements it declares: the registry or the suite is off. */
  killedOnlyByUnrelated: boolean;
  /** Why there is no verdict, when the run itself broke. */
  error?: string;
}

export interface MutationReport {
  startedAt: string;
  wallSeconds: number;
  playwrightArgs: string[];
  /** This run's shard of the faults (`--shard i/n`), or null for all of them; merged reports list every shard. */
  shards: { current: number; total: number }[] | null;
  baseline: { problems: string[] };
  faults: FaultOutcome[];
  /** Requirements of the catalogue that no infidelity fault declares it breaks. */
  requirementsNoFaultBreaks: string[];
}

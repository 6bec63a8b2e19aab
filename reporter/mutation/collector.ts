// The mutation run's Playwright reporter: the verdicts of each Playwright project (the baseline and
// one per fault, each against its own emulator project) computed as the conformance report computes
// them, written to `<outputDir>/<project>.json`. Everything else (kills, the page) is run.ts's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { catalogue } from '../../specs/catalogue.ts';
import type { TestRecord } from '../model.ts';
import { computeVerdicts, toRecord } from '../verdicts.ts';

export default class MutationCollector implements Reporter {
  private readonly records = new Map<string, Map<string, TestRecord>>();

  constructor(private readonly options: { outputDir: string }) {}

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? '';
    if (!this.records.has(project)) this.records.set(project, new Map());
    this.records.get(project)!.set(test.id, toRecord(test, result));
  }

  onEnd(): void {
    mkdirSync(this.options.outputDir, { recursive: true });
    for (const [project, records] of this.records) {
      const requirements = computeVerdicts(catalogue, [...records.values()]);
      writeFileSync(join(this.options.outputDir, `${encodeURIComponent(project)}.json`), `${JSON.stringify({ project, requirements })}\n`);
    }
  }
}

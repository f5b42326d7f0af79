/**
 * The order vitest hands test files to its workers: its own (the slowest first by the last run's
 * durations, the largest first on a first run), except that the files running the real CLI go
 * first, the image test before them. Each of those takes seconds in child processes (and waits for
 * the suite's build, test/helpers/build.ts, while in-process files, most under a second, run
 * beside it), so started last one of them would leave the other workers idle at the end of the run.
 */
import * as fs from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

function rank(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  if (/\blayOutImage\(/.test(text)) {
    return 0;
  }
  return /\b(runCollect|runCli|sampleCollect)\(|'j1-integration'/.test(text) ? 1 : 2;
}

export class CliFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const ranks = new Map(sorted.map((spec) => [spec, rank(spec.moduleId)]));
    // Array.prototype.sort is stable: vitest's order holds within each rank.
    return [...sorted].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  }
}

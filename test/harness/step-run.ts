/**
 * The in-process block every step's test opens with, written once: the step run once for the
 * enclosing describe (on a harness of its own unless given one), and a test that it succeeded and
 * matches its metadata (`expectStepMetadata`, the SDK's toMatchStepMetadata).
 *
 *   describe('fetch-bots, in-process with its dependencies (test/harness)', () => {
 *     const run = useStepRun(BOTS_STEP);
 *     it('relates each bot to its user', () => { expect(run.between(…)).toHaveLength(1); });
 *   });
 */
import { beforeAll, expect, it } from 'vitest';
import {
  expectStepMetadata,
  useStepHarness,
  type ExecuteOptions,
  type StepHarness,
  type StepRun,
} from './index';

export interface StepRunOptions {
  /** The harness to run on (a describe's shared stand-in); a new one by default. */
  harness?: StepHarness;
  /** Configuration and faults for the run (see `executeStep`). */
  execute?: ExecuteOptions;
  /** Relationship types the step declares that the cluster under test cannot produce. */
  notWrittenHere?: readonly string[];
  /** The metadata test's title, where the run is not the default one. */
  title?: string;
}

/**
 * Runs `stepId` before the describe's tests and checks it; returns the run, readable in the tests
 * (reading it before the run has happened throws).
 */
export function useStepRun(stepId: string, options: StepRunOptions = {}): StepRun {
  const harness = options.harness ?? useStepHarness();
  let run: StepRun | undefined;

  beforeAll(async () => {
    run = await harness.executeStep(stepId, options.execute);
  });

  it(options.title ?? 'runs with its dependencies and matches its metadata', () => {
    expect(run!.statuses[stepId]).toBe('success');
    expectStepMetadata(run!, { notWrittenHere: options.notWrittenHere });
  });

  return new Proxy({} as StepRun, {
    get(_target, property) {
      if (!run) {
        throw new Error(`${stepId} is read before its beforeAll ran.`);
      }
      return run[property as keyof StepRun];
    },
  });
}

/** The resource types the run asked ListResources for, in order. */
export function listedResourceTypes(run: StepRun): unknown[] {
  return run.calls
    .filter((call) => call.method === 'AuthService/ListResources')
    .map((call) => (call.request as { resourceType?: unknown }).resourceType);
}

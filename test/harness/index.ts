/**
 * Runs the integration's steps in-process, as the SDK's `executeStepWithDependencies` does, against
 * the Teleport stand-in (real certificates minted per file, real mutual TLS through the ALPN-routing
 * proxy). Each execution goes the way the runtime goes: loadExecutionConfig (the SDK calls it),
 * validateInvocation, getStepStartStates (a disabled step is skipped), then the step's dependencies
 * and the step, each one's failure recorded. Every execution is checked as `j1-integration collect`
 * checks a run: every graph object against its class's schema, no relationship with an end outside
 * the run's entities.
 *
 *   const harness = useStepHarness();            // one stand-in for the file (or the describe)
 *   const run = await harness.executeStep(Steps.USERS, { config: { ingestLocks: false } });
 *   expectStepMetadata(run);                     // toMatchStepMetadata
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type {
  Entity,
  IntegrationInvocationConfig,
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
  Relationship,
  RelationshipMapping,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { buildStepDependencyGraph } from '@jupiterone/integration-sdk-runtime';
import { invocationConfig } from '../../src';
import type { IntegrationConfig } from '../../src/config';
import { sessionOf, type TeleportSession } from '../../src/session';
import { danglingRelationships, describeEnds } from '../helpers/collect';
import {
  startTeleportStandIn,
  type FaultRule,
  type StandInOptions,
  type TeleportStandIn,
} from '../../standin';
import { sampleOrganisation } from '../../standin/data/sample-org';

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

// Loaded after test/setup/sdk-testing.ts has pointed the package's Jest internal at its stub.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkTesting = require('@jupiterone/integration-sdk-testing') as {
  executeStepWithDependencies(config: {
    stepId: string;
    invocationConfig: IntegrationInvocationConfig;
    instanceConfig: IntegrationConfig;
  }): Promise<{
    collectedEntities: Entity[];
    collectedRelationships: Relationship[];
    collectedData: Record<string, unknown>;
    encounteredTypes: string[];
    encounteredEntityKeys: Set<string>;
  }>;
  toMatchGraphObjectSchema(
    received: Entity[],
    params: { _class: string[]; _type: string },
  ): MatcherResult;
  toMatchDirectRelationshipSchema(
    received: Relationship[],
    params: { _class: string; _type: string },
  ): MatcherResult;
};

type Step = IntegrationStep<IntegrationConfig>;
export type StepStatus = 'success' | 'failure' | 'disabled';

export interface PublishedEvent {
  name: string;
  description: string;
  level?: string;
}

export interface ExecuteOptions {
  /** Instance configuration to add or override (feature switches, concurrency, …). */
  config?: Partial<IntegrationConfig>;
  /**
   * Stand-in fault rules in force for this execution only. Steps they make fail are recorded in
   * `statuses` and `errors`; without faults, any failed step fails the execution.
   */
  faults?: FaultRule[];
}

export interface StepRun {
  stepId: string;
  /** What the step itself added (as `executeStepWithDependencies` returns it). */
  collectedEntities: Entity[];
  collectedRelationships: Relationship[];
  /** What the steps handed on (`jobState.setData`): read it through src/steps/job-data.ts. */
  data: Record<string, unknown>;
  /** The whole run's graph: the dependencies' objects and the step's. */
  graph: { entities: Entity[]; relationships: Relationship[] };
  startStates: StepStartStates;
  /** Every step the execution reached (dependencies and the step), in order. */
  statuses: Record<string, StepStatus>;
  errors: Record<string, Error>;
  /**
   * The types JupiterOne would mark partial, as the runtime decides them: those declared by the
   * failed steps and by the steps that ran after one of their dependencies failed.
   */
  partialTypes: string[];
  /** Events the steps published (warnings such as MissingPermission included). */
  events: PublishedEvent[];
  /** The RPCs the stand-in received during this execution. */
  calls: TeleportStandIn['auth']['calls'];
  /** The run's objects of one type (entities or relationships). */
  ofType(type: string): (Entity | Relationship)[];
  /** The entity of that type and name; fails the test when there is none. */
  entity(type: string, name: string): Entity;
  /** The relationships of that type between two keys. */
  between(type: string, fromKey: string, toKey: string): Relationship[];
  /** The mapped relationships of that type: source key and target filter, by source key. */
  mapped(type: string): { source: string; target: Record<string, unknown> }[];
}

export interface StepHarness {
  /** The running stand-in (available once the file's beforeAll has run). */
  readonly standIn: TeleportStandIn;
  /** The instance configuration every execution starts from. */
  readonly instanceConfig: IntegrationConfig;
  executeStep(stepId: string, options?: ExecuteOptions): Promise<StepRun>;
}

const steps = invocationConfig.integrationSteps as Step[];

/**
 * Starts the stand-in (the sample organisation in acme.teleport.sh unless told otherwise) before
 * the enclosing file's or describe's tests, writes an identity file for it, and stops both after.
 */
export function useStepHarness(options: StandInOptions = {}): StepHarness {
  let standIn: TeleportStandIn | undefined;
  let scratch: string | undefined;
  let instanceConfig: IntegrationConfig | undefined;

  beforeAll(async () => {
    standIn = await startTeleportStandIn({
      clusterName: 'acme.teleport.sh',
      data: sampleOrganisation(new Date()),
      ...options,
    });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-steps-'));
    const identityFilePath = path.join(scratch, 'identity');
    fs.writeFileSync(
      identityFilePath,
      (await standIn.issueIdentity({ algorithm: 'ecdsa' })).identityFile,
    );
    instanceConfig = { proxyAddress: standIn.proxyAddress, identityFilePath };
  });

  afterAll(async () => {
    await standIn?.close();
    if (scratch) {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) {
      throw new Error('The step harness is used before its beforeAll ran.');
    }
    return value;
  };

  return {
    get standIn() {
      return started(standIn);
    },
    get instanceConfig() {
      return started(instanceConfig);
    },
    executeStep: (stepId, executeOptions = {}) =>
      execute(started(standIn), started(instanceConfig), stepId, executeOptions),
  };
}

async function execute(
  standIn: TeleportStandIn,
  baseConfig: IntegrationConfig,
  stepId: string,
  options: ExecuteOptions,
): Promise<StepRun> {
  const faults = options.faults ?? [];
  const firstCall = standIn.auth.calls.length;
  standIn.auth.faults.push(...faults);

  const statuses: Record<string, StepStatus> = {};
  const errors: Record<string, Error> = {};
  const events: PublishedEvent[] = [];
  const jobStates = new Set<
    JobState & { collectedEntities: Entity[]; collectedRelationships: Relationship[] }
  >();
  const heardLoggers = new WeakSet<object>();
  let session: TeleportSession | undefined;
  let prepared: Promise<StepStartStates> | undefined;

  // As the runtime does before any step: validate the invocation, then decide the start states.
  const prepare = (context: IntegrationStepExecutionContext<IntegrationConfig>) => {
    prepared ??= (async () => {
      await invocationConfig.validateInvocation!(context);
      return invocationConfig.getStepStartStates!(context);
    })();
    return prepared;
  };

  const instrumented = (step: Step): Step => ({
    ...step,
    executionHandler: async (context) => {
      session ??= sessionOf(context);
      if (!heardLoggers.has(context.logger)) {
        heardLoggers.add(context.logger);
        (context.logger as unknown as EventEmitter).on('event', (event: PublishedEvent) =>
          events.push(event),
        );
      }
      jobStates.add(context.jobState as never);
      const startStates = await prepare(context);
      // As the SDK's runtime: a disabled step stays in its dependency graph, so every step that
      // depends on it, directly or not, never runs either.
      const disabled = (id: string): boolean =>
        startStates[id]?.disabled === true ||
        (steps.find((candidate) => candidate.id === id)?.dependsOn ?? []).some(disabled);
      if (disabled(step.id)) {
        statuses[step.id] = 'disabled';
        return;
      }
      try {
        await step.executionHandler(context);
        statuses[step.id] = 'success';
      } catch (error) {
        statuses[step.id] = 'failure';
        errors[step.id] = error as Error;
        if (faults.length === 0) {
          throw error;
        }
      }
    },
  });

  try {
    const result = await sdkTesting.executeStepWithDependencies({
      stepId,
      invocationConfig: {
        ...invocationConfig,
        integrationSteps: steps.map(instrumented),
      } as IntegrationInvocationConfig,
      instanceConfig: { ...baseConfig, ...options.config } as IntegrationConfig,
    });
    const graph = {
      entities: [...jobStates].flatMap((jobState) => jobState.collectedEntities),
      relationships: [...jobStates].flatMap((jobState) => jobState.collectedRelationships),
    };
    checkGraph(graph);
    const ofType = (type: string) =>
      [...graph.entities, ...graph.relationships].filter((object) => object._type === type);
    return {
      stepId,
      collectedEntities: result.collectedEntities,
      collectedRelationships: result.collectedRelationships,
      data: result.collectedData,
      graph,
      startStates: await prepared!,
      statuses,
      errors,
      partialTypes: partialTypesOf(statuses),
      events,
      calls: standIn.auth.calls.slice(firstCall),
      ofType,
      entity(type, name) {
        const found = graph.entities.find(
          (candidate) => candidate._type === type && candidate.name === name,
        );
        expect(found, `${type} ${name}`).toBeDefined();
        return found!;
      },
      between: (type, fromKey, toKey) =>
        graph.relationships.filter(
          (relationship) =>
            relationship._type === type &&
            relationship._fromEntityKey === fromKey &&
            relationship._toEntityKey === toKey,
        ),
      mapped: (type) =>
        graph.relationships
          .filter((relationship) => relationship._type === type && relationship._mapping)
          .map((relationship) => {
            const mapping = relationship._mapping as RelationshipMapping;
            return { source: mapping.sourceEntityKey, target: { ...mapping.targetEntity } };
          })
          .sort((a, b) => a.source.localeCompare(b.source)),
    };
  } finally {
    for (const fault of faults) {
      standIn.auth.faults.splice(standIn.auth.faults.indexOf(fault), 1);
    }
    session?.close();
  }
}

const dependencies = buildStepDependencyGraph(steps);

function partialTypesOf(statuses: Record<string, StepStatus>): string[] {
  const partial = steps.filter(
    (step) =>
      statuses[step.id] === 'failure' ||
      (statuses[step.id] === 'success' &&
        dependencies.dependenciesOf(step.id).some((id) => statuses[id] === 'failure')),
  );
  return [
    ...new Set(
      partial.flatMap((step) => [...step.entities, ...step.relationships].map((o) => o._type)),
    ),
  ];
}

/**
 * What `j1-integration collect` checks on every run: each object against its class's schema (the
 * CLI's schema validation) and no relationship with an end outside the run's entities.
 */
function checkGraph(graph: { entities: Entity[]; relationships: Relationship[] }): void {
  for (const step of steps) {
    for (const metadata of step.entities) {
      const objects = graph.entities.filter((entity) => entity._type === metadata._type);
      const result = sdkTesting.toMatchGraphObjectSchema(objects, {
        _class: metadata._class as string[],
        _type: metadata._type,
      });
      if (objects.length > 0 && !result.pass) {
        throw new Error(`${metadata._type} does not match its schema: ${result.message()}`);
      }
    }
    for (const metadata of step.relationships) {
      const objects = graph.relationships.filter((object) => object._type === metadata._type);
      const result = sdkTesting.toMatchDirectRelationshipSchema(objects, metadata);
      if (objects.length > 0 && !result.pass) {
        throw new Error(`${metadata._type} does not match its schema: ${result.message()}`);
      }
    }
  }
  const dangling = danglingRelationships(graph);
  if (dangling.length > 0) {
    throw new Error(
      `The run added ${dangling.length} relationship(s) with an end that is not in the graph (or a mapping JupiterOne could not resolve safely), for example:\n` +
        dangling.slice(0, 5).map(describeEnds).join('\n'),
    );
  }
  const undeclared = undeclaredMappedRelationships(graph);
  if (undeclared.length > 0) {
    throw new Error(
      `Mapped relationships that no step declares as written:\n${undeclared.join('\n')}`,
    );
  }
}

/**
 * Mapped relationships whose `_type` no step declares in `mappedRelationships`, or whose class,
 * source type, target type or direction differ from that declaration (the SDK's matchers do not
 * look at mapped relationships).
 */
export function undeclaredMappedRelationships(graph: {
  entities: Entity[];
  relationships: Relationship[];
}): string[] {
  const typeOf = new Map(graph.entities.map((entity) => [entity._key, entity._type]));
  const declared = new Map(
    steps.flatMap((step) => step.mappedRelationships ?? []).map((m) => [m._type, m]),
  );
  const problems: string[] = [];
  for (const relationship of graph.relationships) {
    const mapping = relationship._mapping as RelationshipMapping | undefined;
    if (!mapping) {
      continue;
    }
    const metadata = declared.get(relationship._type);
    const found = {
      _class: relationship._class,
      sourceType: typeOf.get(mapping.sourceEntityKey),
      targetType: mapping.targetEntity._type,
      direction: mapping.relationshipDirection,
    };
    const expected = metadata && {
      _class: metadata._class,
      sourceType: metadata.sourceType,
      targetType: metadata.targetType,
      direction: metadata.direction,
    };
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      problems.push(`${relationship._type}: ${JSON.stringify(found)}`);
    }
  }
  return problems;
}

/**
 * The SDK's `toMatchStepMetadata`: the step's types, classes and schemas, at least one of each.
 * `notWrittenHere` names relationship types the step declares that the cluster under test cannot
 * produce (none of its users reaches a resource, say); they must then be absent. The SDK's matcher
 * refuses steps that declare mapped relationships, so those are checked apart: at least one of each
 * declared type, each as declared (`undeclaredMappedRelationships`), and the rest of the step goes
 * through the SDK's matcher without them.
 */
export function expectStepMetadata(
  run: StepRun,
  options: { notWrittenHere?: readonly string[] } = {},
): void {
  const absent = new Set(options.notWrittenHere ?? []);
  for (const type of absent) {
    expect(run.ofType(type), type).toEqual([]);
  }
  const isMapped = (relationship: Relationship) => relationship._mapping !== undefined;
  const step = steps.find((candidate) => candidate.id === run.stepId)!;
  const mapped = run.collectedRelationships.filter(isMapped);
  expect(
    [...new Set(mapped.map((relationship) => relationship._type))].sort(),
    `${run.stepId}: a mapped relationship of every declared type`,
  ).toEqual((step.mappedRelationships ?? []).map((metadata) => metadata._type).sort());
  expect(undeclaredMappedRelationships(run.graph)).toEqual([]);
  const declared = invocationConfig.integrationSteps.map(
    ({ mappedRelationships: _mapped, ...rest }) =>
      rest.id === run.stepId
        ? { ...rest, relationships: rest.relationships.filter((r) => !absent.has(r._type)) }
        : rest,
  );
  (
    expect({
      ...run,
      collectedRelationships: run.collectedRelationships.filter((r) => !isMapped(r)),
    }) as unknown as { toMatchStepMetadata(config: unknown): void }
  ).toMatchStepMetadata({
    stepId: run.stepId,
    invocationConfig: { ...invocationConfig, integrationSteps: declared },
  });
}

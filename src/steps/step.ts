/**
 * How a step is declared. Each step says, beside what the SDK needs, what Teleport must allow it
 * (for MissingPermission warnings and the reader role in the docs), the configuration switch that
 * turns it off, and the Enterprise service it needs; the registry (./index.ts) derives every table
 * from these declarations. A step for a resource the cluster's account HAS is one call of
 * `defineAccountResourceStep`.
 */
import type {
  Entity,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import { isSwitchedOn, type IntegrationConfig } from '../config';
import type { Resource as AccessResource, ResourceKind } from '../evaluators/access';
import { sessionOf } from '../session';
import type { Each, ListingSpec, TeleportClient } from '../teleport';
import { cloudMappedRelationships, type CloudTarget } from './cloud-targets';
import { ResourceEntities, ResourceSteps, Steps, WrittenBy, accountHas } from './constants';
import { keys } from './graph-values';
import { jobData } from './job-data';
import { addAccountEntity, addRelationshipBetweenKnown, addRelationshipOnce } from './job-state';
import { listServed, type ServedRecord, type Served } from './served';
import { runTeleportStep, type Permission } from './step-errors';

export type { Permission } from './step-errors';

export type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;

/** An Enterprise service a step needs; where the cluster lacks it, the step is disabled. */
export type RequiredService = 'accessLists' | 'deviceTrust';

export interface TeleportStep extends IntegrationStep<IntegrationConfig> {
  permission: Permission;
  /** The instance configuration field that switches the step off (on unless set to false). */
  featureSwitch?: `ingest${string}`;
  /** Whether the feature is on when its switch is unset (on unless said otherwise). */
  featureSwitchDefault?: boolean;
  /**
   * Switched off, the step still runs and lists nothing, instead of being disabled: steps that
   * build on every resource kind (effective roles' standing access) depend on it, and the runtime
   * never runs a step whose dependency is disabled.
   */
  switchedOffListsNothing?: boolean;
  requiresService?: RequiredService;
}

export interface StepDeclaration extends Omit<TeleportStep, 'executionHandler'> {
  /** The step's work; a Teleport refusal or failure becomes the JupiterOne outcome (step-errors). */
  run: (context: StepContext) => Promise<void>;
}

export function defineStep(declaration: StepDeclaration): TeleportStep {
  const { run, ...step } = declaration;
  return {
    ...step,
    executionHandler: (context) =>
      runTeleportStep(step.id, step.permission, context.logger, () => run(context)),
  };
}

export interface AccountResourceDeclaration<Item, Kept = unknown>
  extends Omit<StepDeclaration, 'run' | 'entities' | 'relationships'> {
  /** The account HAS each entity (`teleport_account_has_<type>`). */
  entity: StepEntityMetadata;
  /**
   * The other relationships `relate` writes, each only where both its ends are in the graph: the
   * step runs after the steps that write their other ends (`WrittenBy`).
   */
  relationships?: StepRelationshipMetadata[];
  /** What the log line calls the items (`bots`, `locks`, …). */
  noun: string;
  list: (client: TeleportClient, each: Each<Item>) => Promise<unknown>;
  /** Which items the graph holds (all when absent): the others are listed and left out. */
  keep?: (item: Item, at: ConversionContext) => boolean;
  convert: (item: Item, at: ConversionContext) => Entity;
  relate?: (item: Item, at: ConversionContext) => (Relationship | undefined)[];
  /**
   * The mapped relationships from each entity to the cloud resources `cloudTargets` finds, one
   * declared per target type (JupiterOne resolves the targets; see cloud-targets.ts).
   */
  mappedRelationships?: StepMappedRelationshipMetadata[];
  cloudTargets?: (item: Item) => CloudTarget[];
  /** What later steps need of the items, kept in the job (see job-data.ts). */
  handOver?: HandOver<Item, Kept>;
}

/** What a converter may need besides the item: the run's clock and the cluster's name. */
export interface ConversionContext {
  now: number;
  clusterName: string;
}

export interface HandOver<Item, Kept = unknown> {
  pick: (item: Item) => Kept;
  store: (jobState: StepContext['jobState'], kept: Kept[]) => Promise<void>;
}

/** The steps that write a relationship's ends, other than the step's own entity. */
function writersOf(relationship: StepRelationshipMetadata, own: StepEntityMetadata): string[] {
  return [relationship.sourceType, relationship.targetType]
    .filter((type) => type !== own._type)
    .map((type) => {
      const writer = WrittenBy[type];
      if (!writer) {
        throw new Error(`No step is known to write ${type}: add it to WrittenBy (constants.ts).`);
      }
      return writer;
    });
}

/**
 * A step that lists one kind of resource and writes an entity per item, which the cluster's account
 * HAS, with the item's other relationships where both ends are in the graph (a bot's user may have
 * been created after the user listing; a lock may name a deleted role), and its mapped
 * relationships to the cloud resources it is.
 */
export function defineAccountResourceStep<Item, Kept = unknown>(
  declaration: AccountResourceDeclaration<Item, Kept>,
): TeleportStep {
  const {
    entity,
    relationships = [],
    noun,
    list,
    keep,
    convert,
    relate,
    mappedRelationships = [],
    cloudTargets,
    handOver,
    ...step
  } = declaration;
  const accountHasEntity = accountHas(entity);
  return defineStep({
    ...step,
    entities: [entity],
    relationships: [accountHasEntity, ...relationships],
    ...(mappedRelationships.length > 0 ? { mappedRelationships } : {}),
    dependsOn: [
      ...new Set([
        Steps.ACCOUNT,
        ...relationships.flatMap((relationship) => writersOf(relationship, entity)),
        ...(step.dependsOn ?? []),
      ]),
    ],
    async run(context) {
      const { jobState, logger } = context;
      if (
        step.switchedOffListsNothing &&
        step.featureSwitch &&
        !isSwitchedOn(context.instance.config[step.featureSwitch], step.featureSwitchDefault)
      ) {
        logger.info({ featureSwitch: step.featureSwitch }, `Not listing ${noun}: switched off.`);
        return;
      }
      const session = sessionOf(context);
      const at = { now: Date.now(), clusterName: session.validated.identity.clusterName };
      const accountKey = keys.account(at.clusterName);
      const kept: Kept[] = [];
      let count = 0;
      const source = await list(await session.client(logger), async (item) => {
        if (keep && !keep(item, at)) {
          return;
        }
        const entity = convert(item, at);
        if (!(await addAccountEntity(jobState, accountKey, entity, accountHasEntity))) {
          return; // seen before (a page repeated after a retry)
        }
        count += 1;
        if (handOver) {
          kept.push(handOver.pick(item));
        }
        for (const relationship of relate?.(item, at) ?? []) {
          if (relationship) {
            await addRelationshipBetweenKnown(jobState, relationship);
          }
        }
        const targets = cloudTargets?.(item) ?? [];
        for (const mapped of cloudMappedRelationships(mappedRelationships, entity._key, targets)) {
          await addRelationshipOnce(jobState, mapped);
        }
      });
      await handOver?.store(jobState, kept);
      logger.info({ [noun]: count, source: source ?? undefined }, `Fetched ${noun}`);
    },
  });
}

interface ResourceKindBase<Item>
  extends Omit<
    AccountResourceDeclaration<Item>,
    'id' | 'entity' | 'permission' | 'switchedOffListsNothing' | 'list' | 'handOver'
  > {
  /** The kind roles grant access to: its step id, entity and account relationship are shared. */
  kind: ResourceKind;
  /** What access evaluation matches of each: its name, its labels as Teleport matches them, facts. */
  access: (item: Item) => Omit<AccessResource, 'kind'>;
}

/**
 * What the reader role must allow for a ListResources listing (lib/auth/auth_with_roles.go
 * `ListResources`): `list` on node (kept so for backward compatibility), `list` and `read` on every
 * other kind. Teleport returns only the resources the caller's own roles reach, so the reader role
 * also carries `<kind>_labels: '*': '*'`.
 */
function listResourcesPermission(listing: ListingSpec): Permission {
  const resourceType = String(listing.fixed?.resourceType);
  return {
    resources: [resourceType],
    verbs: resourceType === 'node' ? ['list'] : ['list', 'read'],
  };
}

/**
 * A step for one kind of resource Teleport protects, listed with ListResources: an account
 * resource whose step id, entity and relationship to the account are the kind's (constants.ts),
 * whose permission is ListResources' for its resource type, and whose resources are handed on for
 * access evaluation. Switched off, it runs and lists nothing: the steps that evaluate access depend
 * on every kind's step. With `served`, the records are agents' (one per agent and resource), and
 * each resource is converted once with the agents serving it.
 */
export function defineResourceKindStep<Item>(
  declaration: ResourceKindBase<Item> & { listing: ListingSpec<Item> },
): TeleportStep;
export function defineResourceKindStep<Listed, Resource>(
  declaration: ResourceKindBase<Served<Resource>> & {
    listing: ListingSpec<Listed>;
    served: (record: Listed) => ServedRecord<Resource>;
    /** The resource's name, when it is not `metadata.name`. */
    nameOf?: (resource: Resource) => string | undefined;
  },
): TeleportStep;
export function defineResourceKindStep(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads type the items
  declaration: ResourceKindBase<any> & {
    listing: ListingSpec;
    served?: (record: unknown) => ServedRecord<unknown>;
    nameOf?: (resource: unknown) => string | undefined;
  },
): TeleportStep {
  const { kind, access, listing, served, nameOf, ...step } = declaration;
  return defineAccountResourceStep<unknown, AccessResource>({
    ...step,
    id: ResourceSteps[kind],
    entity: ResourceEntities[kind],
    permission: listResourcesPermission(listing),
    switchedOffListsNothing: true,
    list: (client, each) =>
      served ? listServed(client, listing, served, each, nameOf) : client.list(listing, each),
    handOver: {
      pick: (item) => ({ kind, ...access(item) }),
      store: (jobState, resources) => jobData.setResources(jobState, kind, resources),
    },
  });
}

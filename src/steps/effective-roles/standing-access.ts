/**
 * Standing access in the effective-roles step: with every user's effective roles and traits known,
 * what each reaches among the listed resources (src/evaluators/access/standing.ts), counted on the
 * login states and on one `teleport_resource_access` per resource, and spelled out per user for
 * the resources `exactAccessLabels` selects.
 */
import {
  AccessEvaluator,
  ResourceCatalog,
  StandingAccessEvaluator,
  type Resource,
  type ResourceKind,
  type Role,
  type UserRoles,
  type UserStanding,
} from '../../evaluators/access';
import { isSwitchedOn } from '../../config';
import { sessionOf } from '../../session';
import { jobData } from '../job-data';
import { addEntityOnce, addRelationshipBetweenKnown } from '../job-state';
import type { StepContext } from '../step';
import {
  createResourceAccessEntity,
  createResourceHasAccessRelationship,
  createStandingAccessRelationship,
} from './converters';

/** The most exact answers one run writes; beyond it they are counted, with a warning. */
export const MAX_EXACT_ACCESS = 50_000;

export interface StandingAccessRun {
  evaluator: StandingAccessEvaluator;
  catalog: ResourceCatalog;
  kinds: ResourceKind[];
  selected: ReadonlySet<number>;
  roles: ReadonlyMap<string, Role>;
}

/**
 * Ready to evaluate standing access user by user, or undefined where it is switched off or cannot
 * be told (the roles, or no kind of resource, were listed).
 */
export async function startStandingAccess(
  context: StepContext,
): Promise<StandingAccessRun | undefined> {
  const { jobState, logger, instance } = context;
  if (!isSwitchedOn(instance.config.ingestAccessPaths)) {
    return undefined;
  }
  const roles = await jobData.accessRoles(jobState);
  const byKind = await jobData.resourcesByKind(jobState);
  if (!roles || byKind.size === 0) {
    logger.info(
      { rolesListed: roles !== undefined, kindsListed: [...byKind.keys()] },
      'Standing access not computed: the roles or the resources were not listed.',
    );
    return undefined;
  }
  const catalog = new ResourceCatalog([...byKind.values()].flat());
  const labels = sessionOf(context).validated.exactAccessLabels;
  const selected = new Set<number>();
  if (labels) {
    // The setting is a label selector as a role writes one, matched as Teleport matches roles.
    const chooser = new AccessEvaluator(
      [{ name: 'exactAccessLabels', version: 'v7', allow: selectorFor(labels) }],
      {},
    );
    for (const { result, positions } of chooser.resultClasses(catalog, { onlyReached: true })) {
      if (result.grantedBy.length > 0) positions.forEach((position) => selected.add(position));
    }
  }
  return {
    evaluator: new StandingAccessEvaluator(catalog, { selected, maxExact: MAX_EXACT_ACCESS }),
    catalog,
    kinds: [...byKind.keys()],
    selected,
    roles: new Map(roles.map((role) => [role.name, role])),
  };
}

/** A user's standing access, counted in; role names the cluster lacks are left out. */
export function standingOf(
  run: StandingAccessRun,
  user: { name: string; roles: readonly string[]; traits: UserRoles['traits'] },
): UserStanding {
  return run.evaluator.add({
    name: user.name,
    roles: user.roles.flatMap((name) => run.roles.get(name) ?? []),
    traits: user.traits,
  });
}

function selectorFor(labels: Record<string, string[]>): Role['allow'] {
  return {
    node_labels: labels,
    kubernetes_labels: labels,
    db_labels: labels,
    app_labels: labels,
    windows_desktop_labels: labels,
  };
}

/** One access summary per resource, and the exact answers (capped, with a warning). */
export async function writeStandingAccess(
  context: StepContext,
  { evaluator, catalog, selected }: StandingAccessRun,
): Promise<void> {
  const { jobState, logger } = context;
  const access = evaluator.result();
  logger.info(
    {
      evaluations: access.evaluations,
      resources: catalog.resources.length,
      selectedResources: selected.size,
      exactAnswers: access.exactTotal,
      partitions: [...catalog.byKind.values()].reduce(
        (sum, kind) => sum + kind.partitionsComputed,
        0,
      ),
    },
    'Computed standing access',
  );
  for (const [position, resource] of catalog.resources.entries()) {
    const entity = createResourceAccessEntity(resource.kind, resource.name, {
      reaching: access.usersReaching[position] ?? 0,
      unevaluated: access.usersUnevaluated[position] ?? 0,
      spelledOut: selected.has(position),
    });
    if (await addEntityOnce(jobState, entity)) {
      await addRelationshipBetweenKnown(
        jobState,
        createResourceHasAccessRelationship(resource.kind, resource.name),
      );
    }
  }
  for (const row of access.exact) {
    const resource = catalog.resources[row.position] as Resource;
    await addRelationshipBetweenKnown(
      jobState,
      createStandingAccessRelationship(
        resource.kind,
        resource.name,
        row.user,
        row.principals,
        row.grantedBy,
      ),
    );
  }
  if (access.exactTotal > access.exact.length) {
    logger.warn(
      { written: access.exact.length, total: access.exactTotal, cap: MAX_EXACT_ACCESS },
      'More exact access answers than the cap: the first ones are written, the rest are not. The counts on login states and resource access summaries include them all; narrow exactAccessLabels to see every answer.',
    );
  }
}

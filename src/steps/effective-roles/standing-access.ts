/**
 * Standing access in the effective-roles step: with every user's effective roles and traits known,
 * what each reaches among the listed resources (src/evaluators/access/standing.ts), counted on the
 * login states and on one `teleport_resource_access` per resource, and spelled out per user for
 * the resources `exactAccessLabels` selects.
 */
import {
  AccessEvaluator,
  groupUsers,
  ResourceCatalog,
  summarizeStandingAccess,
  type Resource,
  type ResourceKind,
  type Role,
  type StandingAccess,
  type UserRoles,
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

export interface StandingAccessResult {
  access: StandingAccess;
  catalog: ResourceCatalog;
  kinds: ResourceKind[];
  selected: ReadonlySet<number>;
}

/** The users' effective roles as the evaluator reads them; unknown role names are left out. */
export function usersWithRoles(
  users: readonly { name: string; roles: readonly string[]; traits: UserRoles['traits'] }[],
  roles: readonly Role[],
): UserRoles[] {
  const byName = new Map(roles.map((role) => [role.name, role]));
  return users.map((user) => ({
    name: user.name,
    roles: user.roles.flatMap((name) => byName.get(name) ?? []),
    traits: user.traits,
  }));
}

/**
 * Standing access of `users` (those who can log in, with their effective roles and traits), or
 * undefined where it is switched off or cannot be told (roles or no resource kind listed).
 */
export async function evaluateStandingAccess(
  context: StepContext,
  users: readonly { name: string; roles: readonly string[]; traits: UserRoles['traits'] }[],
): Promise<StandingAccessResult | undefined> {
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
  const resources: Resource[] = [...byKind.values()].flat();
  const catalog = new ResourceCatalog(resources);
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
  const groups = groupUsers(usersWithRoles(users, roles));
  const access = summarizeStandingAccess(catalog, groups, {
    selected,
    maxExact: MAX_EXACT_ACCESS,
  });
  logger.info(
    {
      users: users.length,
      groups: access.groups,
      resources: resources.length,
      selectedResources: selected.size,
      exactAnswers: access.exactTotal,
    },
    'Computed standing access',
  );
  return { access, catalog, kinds: [...byKind.keys()], selected };
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
  { access, catalog, selected }: StandingAccessResult,
): Promise<void> {
  const { jobState, logger } = context;
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

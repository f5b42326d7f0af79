import type { Entity } from '@jupiterone/integration-sdk-core';
import { isSwitchedOn } from '../../config';
import {
  lockInForce,
  LoginStateEvaluator,
  type AccessRequestFacts,
  type LockFacts,
  type LoginState,
} from '../../evaluators/login-state';
import { sessionOf } from '../../session';
import { GrpcStatus, isRpcCode, type TeleportClient, type UserLoginState } from '../../teleport';
import { createKeyRelationship, keys } from '../graph-values';
import {
  Entities,
  Relationships,
  ResourceSteps,
  StandingAccessRelationships,
  Steps,
} from '../constants';
import {
  accessRequestFactsOf,
  accessRequestGrantOf,
  jobData,
  lockFactsOf,
  type AccessRequestGrant,
} from '../job-data';
import { addEntityOnce, addRelationshipBetweenKnown, addRelationshipOnce } from '../job-state';
import { defineStep, type StepContext } from '../step';
import {
  createEffectiveRoleRelationship,
  createLoginStateEntity,
  standingAccessProperties,
} from './converters';
import { evaluateStandingAccess, writeStandingAccess } from './standing-access';

type Context = StepContext;

/**
 * What another step hands on, or, when that step is off or has not handed it on (yet), read here;
 * a failure to read is a warning (`consequence` says what it changes), never a failure.
 */
async function collectedOrRead<Item, Facts>(
  context: Context,
  collected: Facts[] | undefined,
  read: (each: (item: Item) => void) => Promise<unknown>,
  factsOf: (item: Item) => Facts,
  what: { noun: string; resource: string; consequence: string },
): Promise<Facts[] | undefined> {
  if (collected) {
    return collected;
  }
  try {
    const facts: Facts[] = [];
    await read((item) => void facts.push(factsOf(item)));
    return facts;
  } catch (error) {
    context.logger.warn(
      { error: (error as Error).message },
      `Could not read ${what.noun}: ${what.consequence}. Grant list and read on ${what.resource} to fix this.`,
    );
    return undefined;
  }
}

/** Locks from the lock step, or read here: a locked user gets no list grants and no request. */
async function locksFor(
  context: Context,
  client: TeleportClient,
): Promise<LockFacts[] | undefined> {
  return collectedOrRead(
    context,
    await jobData.lockFacts(context.jobState),
    (each) => client.locks.iterate(each),
    lockFactsOf,
    {
      noun: 'locks',
      resource: 'lock',
      consequence:
        'effective roles take no user to be locked, so a locked user may be shown with the roles of its access lists',
    },
  );
}

/**
 * Access requests from the access request step, or read here; none when the user switched access
 * requests off.
 */
async function requestsFor(
  context: Context,
  client: TeleportClient,
): Promise<AccessRequestFacts[] | undefined> {
  const collected = await jobData.accessRequestFacts(context.jobState);
  if (!collected && !isSwitchedOn(context.instance.config.ingestAccessRequests)) {
    return undefined;
  }
  return collectedOrRead(
    context,
    collected,
    (each) => client.accessRequests.iterate(each),
    accessRequestFactsOf,
    {
      noun: 'access requests',
      resource: 'access_request',
      consequence: 'effective roles show no role held through an approved request',
    },
  );
}

/** Teleport's stored login states by user, or undefined when the cluster or the role has none. */
async function storedLoginStates(
  context: Context,
  client: TeleportClient,
): Promise<Map<string, UserLoginState> | undefined> {
  try {
    const states = await client.userLoginStates.getAll();
    return new Map(states.map((state) => [state.header?.metadata?.name ?? '', state]));
  } catch (error) {
    const reason = isRpcCode(error, GrpcStatus.UNIMPLEMENTED)
      ? 'the cluster has no user login state service'
      : isRpcCode(error, GrpcStatus.PERMISSION_DENIED)
        ? 'the integration may not read them (grant list and read on user_login_state)'
        : (error as Error).message;
    context.logger.info(
      { reason },
      `Not comparing effective roles with Teleport's stored login states: ${reason}`,
    );
    return undefined;
  }
}

async function buildEffectiveRoles(context: Context): Promise<void> {
  const { jobState, logger } = context;
  const users = await jobData.userFacts(jobState);
  if (!users) {
    logger.warn('Effective roles skipped: the users could not be listed.');
    return;
  }
  const summaries = await jobData.accessListSummaries(jobState);
  const members = await jobData.memberFacts(jobState);
  const listsKnown = (await jobData.accessListsComplete(jobState)) && members !== undefined;
  if (!listsKnown) {
    logger.warn(
      'Access lists or their members could not be listed in full: effective roles show direct roles only, and no login state is written.',
    );
  }
  const session = sessionOf(context);
  const client = await session.client(logger);
  const roleNames = await jobData.roleNames(jobState);
  const locks = await locksFor(context, client);
  const accessRequests = await requestsFor(context, client);
  const now = Date.now();
  const evaluator = new LoginStateEvaluator({
    accessLists: listsKnown ? summaries : [],
    members: listsKnown ? (members ?? []) : [],
    locks,
    accessRequests,
    roleNames,
    now,
  });
  // An in-force lock on a role locks every identity holding it, whatever else the lock names
  // (lib/services/lock.go `LockTargetsFromTLSIdentity`, api/types/lock.go `LockTarget.Match`).
  const lockedRoles = new Set(
    (locks ?? []).flatMap((lock) =>
      lock.targetRole && lockInForce(lock, now) ? [lock.targetRole] : [],
    ),
  );
  // The users are those the users step added; with every role known, a grant to one of them needs
  // no look-up of its ends (this runs up to a million times on a large cluster).
  const addGrant = roleNames ? addRelationshipOnce : addRelationshipBetweenKnown;
  const stored = listsKnown ? await storedLoginStates(context, client) : undefined;
  const titles = new Map(summaries.map((summary) => [summary.name, summary.title]));
  const counts = {
    direct: 0,
    accessList: 0,
    accessRequest: 0,
    loginFails: 0,
    locked: 0,
    differsFromTeleport: 0,
  };
  const requestGrants: AccessRequestGrant[] = [];
  // Login states wait for standing access, which needs every user's effective roles first.
  const loginStates: { user: string; entity: Entity }[] = [];
  const canLogIn: { name: string; roles: string[]; traits: LoginState['traits'] }[] = [];

  for (const user of users) {
    const state = evaluator.evaluate(user);
    // A login Teleport refuses grants nothing (generator.go `postProcess`).
    const grants = state.loginFails ? [] : state.grants;
    for (const grant of grants) {
      // Only roles the cluster has: the evaluator already left out lists that name others.
      if (await addGrant(jobState, createEffectiveRoleRelationship(user.name, grant, titles))) {
        counts[grant.via] += 1;
      }
      if (grant.via === 'accessRequest') {
        requestGrants.push(accessRequestGrantOf(user.name, grant));
      }
    }
    counts.loginFails += state.loginFails ? 1 : 0;
    counts.locked += state.lockedBy.length > 0 ? 1 : 0;
    if (!listsKnown) {
      continue;
    }
    const entity = createLoginStateEntity(
      state,
      user.roles,
      user.traits,
      stored?.get(user.name),
      stored !== undefined,
    );
    counts.differsFromTeleport += entity.matchesTeleport === false ? 1 : 0;
    loginStates.push({ user: user.name, entity });
    // A refused login or a lock leaves the user no standing access: a lock on the user or on one
    // of the roles it holds stops every interaction.
    if (
      !state.loginFails &&
      state.lockedBy.length === 0 &&
      !state.roles.some((role) => lockedRoles.has(role))
    ) {
      canLogIn.push({ name: user.name, roles: state.roles, traits: state.traits });
    }
  }
  if (accessRequests) {
    await jobData.setAccessRequestGrants(jobState, requestGrants);
  }
  logger.info(counts, 'Built effective roles');
  if (!listsKnown) {
    return;
  }
  const standing = await evaluateStandingAccess(context, canLogIn);
  canLogIn.length = 0;
  for (const { user, entity } of loginStates) {
    Object.assign(
      entity,
      standingAccessProperties(standing?.access.users.get(user), standing?.kinds ?? []),
    );
    if (await addEntityOnce(jobState, entity)) {
      await addRelationshipBetweenKnown(
        jobState,
        createKeyRelationship(
          Relationships.USER_HAS_LOGIN_STATE,
          keys.user(user),
          keys.userLoginState(user),
        ),
      );
    }
  }
  if (standing) {
    await writeStandingAccess(context, standing);
  }
}

export const effectiveRoleSteps = [
  defineStep({
    id: Steps.EFFECTIVE_ROLES,
    name: 'Build effective roles and standing access of users',
    entities: [Entities.USER_LOGIN_STATE, Entities.RESOURCE_ACCESS],
    relationships: [
      Relationships.USER_HAS_ROLE,
      Relationships.USER_HAS_LOGIN_STATE,
      ...Object.values(StandingAccessRelationships.hasResourceAccess),
      ...Object.values(StandingAccessRelationships.allowsUser),
    ],
    dependsOn: [
      Steps.ROLES,
      Steps.USERS,
      Steps.ACCESS_LISTS,
      Steps.ACCESS_LIST_MEMBERS,
      Steps.ACCESS_LIST_OWNERS,
      // Every resource listing: each runs even when switched off (listing nothing), so standing
      // access can wait for all of them.
      ...Object.values(ResourceSteps),
      // Not the locks or access request steps: a user may switch them off, and the runtime never
      // runs a step whose dependency is disabled. This step reads the locks and the requests
      // itself when those steps have not handed them on (yet).
    ],
    // Computed from what the other steps collected. It also reads the login states Teleport
    // stored, to compare, and the locks and access requests when their steps are off; without
    // these it says so and goes on (so a refusal never fails it).
    permission: {
      resources: ['user_login_state', 'lock', 'access_request'],
      verbs: ['list', 'read'],
    },
    featureSwitch: 'ingestEffectiveAccess',
    // Builds on the access list steps; without them it has nothing beyond direct roles.
    requiresService: 'accessLists',
    run: buildEffectiveRoles,
  }),
];

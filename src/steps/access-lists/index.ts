import { meetsRequirements, type MemberFacts, type UserFacts } from '../../evaluators/login-state';
import { sessionOf } from '../../session';
import { forEachConcurrent } from '../../teleport/concurrency';
import { Entities, Relationships, Steps, accountHas } from '../constants';
import { keys, nameOfKey } from '../graph-values';
import { roleInGraph, ensureUserEntity, jobData, type AccessListSummary } from '../job-data';
import { addAccountEntity, addRelationshipBetweenKnown, addRelationshipOnce } from '../job-state';
import { defineStep, type StepContext } from '../step';
import {
  accessListFactsOf,
  memberFactsOf,
  createAccessListEntity,
  createAccessListGrantRelationships,
  createAccessListMemberRelationship,
  createAccessListOwnerRelationship,
  isListMembership,
} from './converters';

type Context = StepContext;

async function fetchAccessLists(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  const now = Date.now();
  const roleNames = await jobData.roleNames(jobState);
  const summaries: AccessListSummary[] = [];
  let complete = false;
  try {
    await (
      await session.client(context.logger)
    ).accessLists.iterate(async (list) => {
      const entity = createAccessListEntity(list, now, roleNames);
      if (
        !(await addAccountEntity(jobState, accountKey, entity, accountHas(Entities.ACCESS_LIST)))
      ) {
        return;
      }
      summaries.push({
        ...accessListFactsOf(list),
        title: entity.displayName as string,
        specOwners: list.spec?.owners ?? [],
      });
      for (const grant of createAccessListGrantRelationships(list)) {
        if (
          await roleInGraph(jobState, nameOfKey(String(grant._toEntityKey), Entities.ROLE._type))
        ) {
          await addRelationshipOnce(jobState, grant);
        }
      }
    });
    complete = true;
    context.logger.info({ accessLists: summaries.length }, 'Fetched access lists');
  } finally {
    // What was listed before a failure still serves the later steps; `complete` says whether it
    // is every list.
    await jobData.setAccessListSummaries(jobState, summaries, complete);
  }
}

async function fetchAccessListMembers(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  const now = Date.now();
  const lists = new Map(
    (await jobData.accessListSummaries(jobState)).map((summary) => [summary.name, summary]),
  );
  const users = new Map(
    ((await jobData.userFacts(jobState)) ?? []).map((user): [string, UserFacts] => [
      user.name,
      user,
    ]),
  );
  const facts: MemberFacts[] = [];
  let members = 0;
  {
    const source = await (
      await session.client(context.logger)
    ).accessLists.iterateMembers(
      async () => [...lists.keys()],
      async (member) => {
        const fact = memberFactsOf(member);
        const list = lists.get(fact.list);
        const user = fact.kind === 'user' ? users.get(fact.name) : undefined;
        // Kept for the whole collection: hold the one copy of each name the list summaries and
        // user facts already hold, not a decoded copy per membership.
        facts.push({ ...fact, list: list?.name ?? fact.list, name: user?.name ?? fact.name });
        const relationship = createAccessListMemberRelationship(
          member,
          now,
          list && user ? meetsRequirements(user, list.membershipRequires) : undefined,
        );
        // Both ends must be in the graph: the list (its listing may have failed) and the member.
        if (fact.kind === 'user' && !(await ensureUserEntity(jobState, fact.name))) {
          return;
        }
        if (await addRelationshipBetweenKnown(jobState, relationship)) {
          members += 1;
        }
      },
    );
    await jobData.setMemberFacts(jobState, facts);
    context.logger.info({ members, source }, 'Fetched access list members');
  }
}

/**
 * Owners as the list's spec names them (users, and lists whose members own it), plus the users
 * GetAccessListOwners adds for lists owned by lists: upstream flattens an owner list into its
 * nested user members (lib/accesslists/hierarchy.go `GetOwnersFor`) and does not return the list
 * itself, so the list-to-list ownership comes from the spec alone.
 */
async function fetchAccessListOwners(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  {
    const client = await session.client(context.logger);
    const summaries = await jobData.accessListSummaries(jobState);
    await forEachConcurrent(summaries, session.perListConcurrency, async (summary) => {
      const specOwners = new Map(
        summary.specOwners.map((owner) => [`${owner.membershipKind}|${owner.name}`, owner]),
      );
      const owners = [...specOwners.values()];
      const ownedByList = summary.owners.some((owner) => owner.kind === 'list');
      for (const owner of ownedByList ? await client.accessLists.getOwners(summary.name) : []) {
        if (isListMembership(owner.membershipKind)) {
          continue; // not returned by upstream; the spec's entry already covers it
        }
        if (!specOwners.has(`${owner.membershipKind}|${owner.name}`)) {
          owners.push(owner);
        }
      }
      for (const owner of owners) {
        const inherited = !specOwners.has(`${owner.membershipKind}|${owner.name}`);
        if (!isListMembership(owner.membershipKind)) {
          if (!(await ensureUserEntity(jobState, owner.name ?? ''))) {
            continue;
          }
        }
        await addRelationshipBetweenKnown(
          jobState,
          createAccessListOwnerRelationship(summary.name, owner, inherited),
        );
      }
    });
  }
}

/** Access lists are Enterprise: these steps are disabled where the service is absent. */
const ACCESS_LIST_READ = { resources: ['access_list'], verbs: ['list', 'read'] };

export const accessListSteps = [
  defineStep({
    id: Steps.ACCESS_LISTS,
    name: 'Fetch access lists',
    entities: [Entities.ACCESS_LIST],
    relationships: [accountHas(Entities.ACCESS_LIST), Relationships.ACCESS_LIST_ASSIGNED_ROLE],
    // After the roles: a role the cluster lacks is not in the graph, and gets no relationship.
    dependsOn: [Steps.ACCOUNT, Steps.ROLES],
    permission: ACCESS_LIST_READ,
    requiresService: 'accessLists',
    run: fetchAccessLists,
  }),
  defineStep({
    id: Steps.ACCESS_LIST_MEMBERS,
    name: 'Fetch access list members',
    // Users that a membership names but the cluster no longer has are added as `missing: true`.
    entities: [Entities.USER],
    relationships: [Relationships.ACCESS_LIST_HAS_USER, Relationships.ACCESS_LIST_HAS_LIST],
    dependsOn: [Steps.ACCESS_LISTS, Steps.USERS],
    permission: { resources: ['access_list', 'access_list_member'], verbs: ['list', 'read'] },
    requiresService: 'accessLists',
    run: fetchAccessListMembers,
  }),
  defineStep({
    id: Steps.ACCESS_LIST_OWNERS,
    name: 'Fetch access list owners',
    entities: [Entities.USER],
    relationships: [Relationships.USER_MANAGES_ACCESS_LIST, Relationships.ACCESS_LIST_MANAGES_LIST],
    dependsOn: [Steps.ACCESS_LISTS, Steps.USERS],
    permission: ACCESS_LIST_READ,
    requiresService: 'accessLists',
    run: fetchAccessListOwners,
  }),
];

import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
} from '@jupiterone/integration-sdk-core';
import type { IntegrationConfig } from '../../config';
import { sessionOf } from '../../session';
import { forEachConcurrent } from '../../teleport/concurrency';
import type { AccessListOwner } from '../../teleport';
import { Entities, Relationships, Steps } from '../constants';
import { keys } from '../graph-values';
import { addAccountEntity, addRelationshipOnce } from '../job-state';
import { runTeleportStep } from '../step-errors';
import { ensureUserEntity } from '../users';
import {
  accessListName,
  createAccessListEntity,
  createAccessListGrantRelationships,
  createAccessListMemberRelationship,
  createAccessListOwnerRelationship,
  isListMembership,
} from './converters';

/** What later steps need of each list, kept in the job rather than re-fetched. */
export interface AccessListSummary {
  name: string;
  title: string;
  owners: AccessListOwner[];
}

const ACCESS_LIST_SUMMARIES = 'access-lists:summaries';

export async function accessListSummaries(jobState: JobState): Promise<AccessListSummary[]> {
  return (await jobState.getData<AccessListSummary[]>(ACCESS_LIST_SUMMARIES)) ?? [];
}

async function accessListNames(jobState: JobState): Promise<string[]> {
  return (await accessListSummaries(jobState)).map((summary) => summary.name);
}

type Context = IntegrationStepExecutionContext<IntegrationConfig>;

async function fetchAccessLists(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  const now = Date.now();
  const summaries: AccessListSummary[] = [];
  await runTeleportStep(Steps.ACCESS_LISTS, context.logger, async () => {
    await (
      await session.client(context.logger)
    ).iterateAccessLists(async (list) => {
      const entity = createAccessListEntity(list, now);
      if (
        !(await addAccountEntity(
          jobState,
          accountKey,
          entity,
          Relationships.ACCOUNT_HAS_ACCESS_LIST,
        ))
      ) {
        return;
      }
      summaries.push({
        name: accessListName(list),
        title: entity.displayName as string,
        owners: list.spec?.owners ?? [],
      });
      for (const grant of createAccessListGrantRelationships(list)) {
        await addRelationshipOnce(jobState, grant);
      }
    });
    await jobState.setData(ACCESS_LIST_SUMMARIES, summaries);
    context.logger.info({ accessLists: summaries.length }, 'Fetched access lists');
  });
}

async function fetchAccessListMembers(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  const now = Date.now();
  let members = 0;
  await runTeleportStep(Steps.ACCESS_LIST_MEMBERS, context.logger, async () => {
    const source = await (
      await session.client(context.logger)
    ).iterateAccessListMembers(
      () => accessListNames(jobState),
      async (member) => {
        if (!isListMembership(member.spec?.membershipKind)) {
          await ensureUserEntity(
            jobState,
            member.spec?.name ?? member.header?.metadata?.name ?? '',
          );
        }
        if (await addRelationshipOnce(jobState, createAccessListMemberRelationship(member, now))) {
          members += 1;
        }
      },
    );
    context.logger.info({ members, source }, 'Fetched access list members');
  });
}

async function fetchAccessListOwners(context: Context): Promise<void> {
  const session = sessionOf(context);
  const { jobState } = context;
  await runTeleportStep(Steps.ACCESS_LIST_OWNERS, context.logger, async () => {
    const client = await session.client(context.logger);
    // Only an owner that is itself a list adds owners beyond the spec: Teleport is asked for those
    // (a few lists at a time); the others are answered from the spec the list step kept.
    await forEachConcurrent(
      await accessListSummaries(jobState),
      session.perListConcurrency,
      async (summary) => {
        const direct = new Set(summary.owners.map((owner) => owner.name ?? ''));
        const owners = summary.owners.some((owner) => isListMembership(owner.membershipKind))
          ? await client.getAccessListOwners(summary.name)
          : summary.owners;
        for (const owner of owners) {
          if (!isListMembership(owner.membershipKind)) {
            await ensureUserEntity(jobState, owner.name ?? '');
          }
          await addRelationshipOnce(
            jobState,
            createAccessListOwnerRelationship(summary.name, owner, !direct.has(owner.name ?? '')),
          );
        }
      },
    );
  });
}

export const accessListSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.ACCESS_LISTS,
    name: 'Fetch access lists',
    entities: [Entities.ACCESS_LIST],
    relationships: [Relationships.ACCOUNT_HAS_ACCESS_LIST, Relationships.ACCESS_LIST_ASSIGNED_ROLE],
    // Relationships to roles are keyed by role name, so this need not wait for the roles step.
    dependsOn: [Steps.ACCOUNT],
    executionHandler: fetchAccessLists,
  },
  {
    id: Steps.ACCESS_LIST_MEMBERS,
    name: 'Fetch access list members',
    // Users that a membership names but the cluster no longer has are added as `missing: true`.
    entities: [Entities.USER],
    relationships: [Relationships.ACCESS_LIST_HAS_USER, Relationships.ACCESS_LIST_HAS_LIST],
    dependsOn: [Steps.ACCESS_LISTS, Steps.USERS],
    executionHandler: fetchAccessListMembers,
  },
  {
    id: Steps.ACCESS_LIST_OWNERS,
    name: 'Fetch access list owners',
    entities: [Entities.USER],
    relationships: [Relationships.USER_MANAGES_ACCESS_LIST, Relationships.ACCESS_LIST_MANAGES_LIST],
    dependsOn: [Steps.ACCESS_LISTS, Steps.USERS],
    executionHandler: fetchAccessListOwners,
  },
];

import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type {
  AccessList,
  AccessListMember,
  AccessListOwner,
  IneligibleStatus,
  MembershipKind,
  Trait,
} from '../../teleport';
import { Entities, Relationships } from '../constants';
import { reviewDayOfMonth, reviewFrequencyMonths } from '../review-schedule';
import {
  createKeyRelationship,
  definedOnly,
  enumValue,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  traitPairs,
  unknownEnum,
} from '../graph-values';
import type { AccessListFacts, MemberFacts, Traits } from '../../evaluators/login-state';

export function accessListName(list: AccessList): string {
  return list.header?.metadata?.name ?? '';
}

/** `eligible`, `expired`, `missing_requirements`, `user_not_exist`, or `unspecified`. */
export function eligibilityOf(status: IneligibleStatus | undefined): string {
  return enumValue(status, 'INELIGIBLE_STATUS_', 'unspecified')!;
}

function traitsOf(traits: Trait[] | undefined): Traits {
  const result: Traits = {};
  for (const trait of traits ?? []) {
    const key = trait.key ?? '';
    result[key] = [...(result[key] ?? []), ...(trait.values ?? [])];
  }
  return result;
}

/** What effective roles need of a list: its grants, requirements and owners. */
export function accessListFactsOf(list: AccessList): AccessListFacts {
  const spec = list.spec;
  return {
    name: accessListName(list),
    grants: { roles: [...(spec?.grants?.roles ?? [])], traits: traitsOf(spec?.grants?.traits) },
    ownerGrants: {
      roles: [...(spec?.ownerGrants?.roles ?? [])],
      traits: traitsOf(spec?.ownerGrants?.traits),
    },
    membershipRequires: {
      roles: [...(spec?.membershipRequires?.roles ?? [])],
      traits: traitsOf(spec?.membershipRequires?.traits),
    },
    ownershipRequires: {
      roles: [...(spec?.ownershipRequires?.roles ?? [])],
      traits: traitsOf(spec?.ownershipRequires?.traits),
    },
    owners: (spec?.owners ?? []).map((owner) => ({
      name: owner.name ?? '',
      kind: isListMembership(owner.membershipKind) ? 'list' : 'user',
    })),
  };
}

/** A membership as effective roles need it. */
export function memberFactsOf(member: AccessListMember): MemberFacts {
  const spec = member.spec ?? {};
  return {
    list: spec.accessList ?? '',
    name: nonEmptyString(spec.name) ?? member.header?.metadata?.name ?? '',
    kind: isListMembership(spec.membershipKind) ? 'list' : 'user',
    expiresOn: toEpochMillis(spec.expires),
  };
}

/**
 * `roleNames`: the roles the cluster has, when known. A list whose member (or owner) grants name a
 * missing role grants its members (owners) nothing at all (lib/auth/userloginstate/generator.go
 * `handleAccessListMembership`), so the missing ones are shown.
 */
export function createAccessListEntity(
  list: AccessList,
  now: number = Date.now(),
  roleNames?: ReadonlySet<string>,
): Entity {
  const missing = (roles: string[] | undefined): string[] | undefined =>
    roleNames === undefined ? undefined : nonEmpty((roles ?? []).filter((r) => !roleNames.has(r)));
  const name = accessListName(list);
  const spec = list.spec;
  const title = nonEmptyString(spec?.title) ?? name;
  const nextAuditOn = toEpochMillis(spec?.audit?.nextAuditDate);
  const owners = spec?.owners ?? [];
  return createIntegrationEntity({
    entityData: {
      source: list,
      assign: {
        _key: keys.accessList(name),
        _type: Entities.ACCESS_LIST._type,
        _class: Entities.ACCESS_LIST._class,
        name,
        displayName: title,
        title,
        auditOverdue: nextAuditOn !== undefined && nextAuditOn < now,
        ...definedOnly({
          description: nonEmptyString(spec?.description),
          type: nonEmptyString(spec?.type),
          membershipRequiresRoles: nonEmpty(spec?.membershipRequires?.roles),
          membershipRequiresTraits: nonEmpty(traitPairs(spec?.membershipRequires?.traits)),
          ownershipRequiresRoles: nonEmpty(spec?.ownershipRequires?.roles),
          ownershipRequiresTraits: nonEmpty(traitPairs(spec?.ownershipRequires?.traits)),
          grantedRoles: nonEmpty(spec?.grants?.roles),
          grantedTraits: nonEmpty(traitPairs(spec?.grants?.traits)),
          ownerGrantedRoles: nonEmpty(spec?.ownerGrants?.roles),
          ownerGrantedTraits: nonEmpty(traitPairs(spec?.ownerGrants?.traits)),
          nextAuditOn,
          reviewFrequency: enumValue(spec?.audit?.recurrence?.frequency, 'REVIEW_FREQUENCY_'),
          reviewFrequencyMonths: reviewFrequencyMonths(spec?.audit?.recurrence?.frequency),
          reviewDay: enumValue(spec?.audit?.recurrence?.dayOfMonth, 'REVIEW_DAY_OF_MONTH_'),
          reviewDayOfMonth: reviewDayOfMonth(spec?.audit?.recurrence?.dayOfMonth),
          reviewNotificationDays:
            spec?.audit?.notifications?.start?.seconds !== undefined
              ? Math.round(spec.audit.notifications.start.seconds / 86400)
              : undefined,
          owners: nonEmpty(owners.map((owner) => owner.name ?? '')),
          ownerCount: owners.length,
          eligibleOwnerCount: owners.filter((owner) => {
            const eligibility = eligibilityOf(owner.ineligibleStatus);
            return eligibility === 'eligible' || eligibility === 'unspecified';
          }).length,
          missingRoles: missing(spec?.grants?.roles),
          missingOwnerRoles: missing(spec?.ownerGrants?.roles),
          memberCount: list.status?.memberCount,
          memberListCount: list.status?.memberListCount,
        }),
      },
    },
  });
}

/** The roles a list grants, to members (`grantType: member`) and to owners (`grantType: owner`). */
export function createAccessListGrantRelationships(list: AccessList): Relationship[] {
  const listKey = keys.accessList(accessListName(list));
  const grants: Relationship[] = [];
  for (const [grantType, roles] of [
    ['member', list.spec?.grants?.roles],
    ['owner', list.spec?.ownerGrants?.roles],
  ] as const) {
    for (const role of new Set(roles ?? [])) {
      grants.push(
        createKeyRelationship(
          Relationships.ACCESS_LIST_ASSIGNED_ROLE,
          listKey,
          keys.role(role),
          { grantType },
          grantType,
        ),
      );
    }
  }
  return grants;
}

/** A member is a user, or (MEMBERSHIP_KIND_LIST) a nested list whose members are members too. */
export function isListMembership(kind: MembershipKind | undefined): boolean {
  return kind === 'MEMBERSHIP_KIND_LIST';
}

/** `list`, `user`, or `unknown (N)` for a kind our protos do not declare (still linked as a user). */
function membershipKindOf(kind: MembershipKind | undefined): string {
  return isListMembership(kind) ? 'list' : typeof kind === 'number' ? unknownEnum(kind) : 'user';
}

/**
 * `meetsRequirements`: whether the member user meets the list's `membership_requires` now, on its
 * own roles and traits (undefined when not known, and for nested lists, whose members are judged
 * one by one). `eligibility` is the status Teleport last stored, which its UI shows and which lags.
 */
export function createAccessListMemberRelationship(
  member: AccessListMember,
  now: number = Date.now(),
  meetsRequirements?: boolean,
): Relationship {
  const spec = member.spec ?? {};
  const memberName = nonEmptyString(spec.name) ?? member.header?.metadata?.name ?? '';
  const nested = isListMembership(spec.membershipKind);
  const expiresOn = toEpochMillis(spec.expires);
  const eligibility = eligibilityOf(spec.ineligibleStatus);
  return createKeyRelationship(
    nested ? Relationships.ACCESS_LIST_HAS_LIST : Relationships.ACCESS_LIST_HAS_USER,
    keys.accessList(spec.accessList ?? ''),
    nested ? keys.accessList(memberName) : keys.user(memberName),
    {
      memberName,
      membershipKind: membershipKindOf(spec.membershipKind),
      joinedOn: toEpochMillis(spec.joined),
      expiresOn,
      // By its time alone, as Teleport judges it; the stored status may say otherwise.
      expired: expiresOn !== undefined && expiresOn <= now,
      addedBy: nonEmptyString(spec.addedBy),
      reason: nonEmptyString(spec.reason),
      eligibility,
      meetsRequirements: nested ? undefined : meetsRequirements,
      // Judged as Teleport does at login, never from the stored status: not past its expiry and,
      // for a user, meeting the list's requirements (locks and nesting are left to effective roles).
      confersAccess:
        !(expiresOn !== undefined && expiresOn <= now) && (nested || meetsRequirements !== false),
    },
  );
}

export function createAccessListOwnerRelationship(
  accessList: string,
  owner: AccessListOwner,
  inherited: boolean,
): Relationship {
  const ownerName = owner.name ?? '';
  const nested = isListMembership(owner.membershipKind);
  const eligibility = eligibilityOf(owner.ineligibleStatus);
  return createKeyRelationship(
    nested ? Relationships.ACCESS_LIST_MANAGES_LIST : Relationships.USER_MANAGES_ACCESS_LIST,
    nested ? keys.accessList(ownerName) : keys.user(ownerName),
    keys.accessList(accessList),
    {
      ownerName,
      membershipKind: membershipKindOf(owner.membershipKind),
      eligibility,
      inherited,
      description: nonEmptyString(owner.description),
    },
  );
}

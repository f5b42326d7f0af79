import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import type { LockTarget, LockV2 } from '../../teleport';
import {
  createKeyRelationship,
  definedOnly,
  keys,
  nonEmptyString,
  toEpochMillis,
  keyOf,
  namedEntity,
} from '../graph-values';
import { LOCK, LOCK_RESTRICTS_ROLE, LOCK_RESTRICTS_USER } from './constants';

export function lockName(lock: LockV2): string {
  return lock.metadata?.name ?? '';
}

/** Target fields as Teleport names them (`tctl lock --user …`), in the order shown. */
const TARGET_FIELDS: readonly (readonly [keyof LockTarget, string])[] = [
  ['user', 'user'],
  ['role', 'role'],
  ['login', 'login'],
  ['serverId', 'server_id'],
  ['node', 'node'],
  ['mfaDevice', 'mfa_device'],
  ['windowsDesktop', 'windows_desktop'],
  ['linuxDesktop', 'linux_desktop'],
  ['accessRequest', 'access_request'],
  ['device', 'device'],
  ['botInstanceId', 'bot_instance_id'],
  ['joinToken', 'join_token'],
];

/** `[['user', 'alice'], ['login', 'root']]`: what the lock applies to (all of them together). */
export function lockTargets(target: LockTarget | undefined): [string, string][] {
  const found: [string, string][] = [];
  for (const [field, kind] of TARGET_FIELDS) {
    const value = nonEmptyString(target?.[field]);
    if (value !== undefined) {
      found.push([kind, value]);
    }
  }
  return found;
}

/**
 * A lock: Teleport refuses every session and certificate matching its target until it expires or
 * is removed. Not the same as a user's login lockout after failed attempts (`locked` on the user).
 */
export function createLockEntity(lock: LockV2, now: number = Date.now()): Entity {
  const name = lockName(lock);
  const spec = lock.spec;
  const target = spec?.target;
  const targets = lockTargets(target);
  const expiresOn = toEpochMillis(spec?.expires);
  const inForce = expiresOn === undefined || expiresOn > now;
  const summary = targets.map(([kind, value]) => `${kind}=${value}`).join(', ');
  return namedEntity(LOCK, name, lock, {
    displayName: summary ? `Lock on ${summary}` : `Lock ${name}`,
    active: inForce,
    inForce,
    targetKinds: targets.length > 0 ? targets.map(([kind]) => kind) : undefined,
    ...definedOnly({
      target: summary || undefined,
      targetUser: nonEmptyString(target?.user),
      targetRole: nonEmptyString(target?.role),
      targetLogin: nonEmptyString(target?.login),
      targetServerId: nonEmptyString(target?.serverId) ?? nonEmptyString(target?.node),
      targetMfaDevice: nonEmptyString(target?.mfaDevice),
      targetWindowsDesktop: nonEmptyString(target?.windowsDesktop),
      targetLinuxDesktop: nonEmptyString(target?.linuxDesktop),
      targetAccessRequest: nonEmptyString(target?.accessRequest),
      targetDevice: nonEmptyString(target?.device),
      targetBotInstanceId: nonEmptyString(target?.botInstanceId),
      targetJoinToken: nonEmptyString(target?.joinToken),
      message: nonEmptyString(spec?.message),
      expiresOn,
      createdOn: toEpochMillis(spec?.createdAt),
      createdBy: nonEmptyString(spec?.createdBy),
    }),
  });
}

/** The user and role a lock names, as relationships; its other targets are only properties. */
export function createLockTargetRelationships(
  lock: LockV2,
  now: number = Date.now(),
): Relationship[] {
  const key = keyOf(LOCK, lockName(lock));
  const target = lock.spec?.target;
  const expiresOn = toEpochMillis(lock.spec?.expires);
  const properties = { inForce: expiresOn === undefined || expiresOn > now, expiresOn };
  const relationships: Relationship[] = [];
  const user = nonEmptyString(target?.user);
  if (user !== undefined) {
    relationships.push(
      createKeyRelationship(LOCK_RESTRICTS_USER, key, keys.user(user), properties),
    );
  }
  const role = nonEmptyString(target?.role);
  if (role !== undefined) {
    relationships.push(
      createKeyRelationship(LOCK_RESTRICTS_ROLE, key, keys.role(role), properties),
    );
  }
  return relationships;
}

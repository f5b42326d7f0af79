import { describe, expect, it } from 'vitest';
import {
  createLockEntity,
  createLockTargetRelationships,
  lockTargets,
} from '../../src/steps/locks/converters';
import type { LockV2 } from '../../src/teleport';
import { expectGraph, NOW, DAY, at } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { sampleDeviceIds } from '../../standin/data/sample-org';
import { LOCKS_STEP } from '../../src/steps/locks/constants';

function lock(name: string, spec: LockV2['spec']): LockV2 {
  return { kind: 'lock', version: 'v2', metadata: { name }, spec };
}

const userLock = lock('7d1c9a4e-0000-4000-8000-000000000001', {
  target: { user: 'mallory', login: 'root' },
  message: 'Under investigation',
  expires: at(NOW + DAY),
  createdAt: at(NOW - DAY),
  createdBy: 'alice',
});

describe('lockTargets', () => {
  it('lists every target the lock names, as Teleport names them', () => {
    expect(lockTargets(userLock.spec?.target)).toEqual([
      ['user', 'mallory'],
      ['login', 'root'],
    ]);
    expect(
      lockTargets({
        serverId: 'host-1',
        mfaDevice: 'm1',
        device: 'd1',
        botInstanceId: 'b1',
        joinToken: 'gha',
      }),
    ).toEqual([
      ['server_id', 'host-1'],
      ['mfa_device', 'm1'],
      ['device', 'd1'],
      ['bot_instance_id', 'b1'],
      ['join_token', 'gha'],
    ]);
    expect(lockTargets(undefined)).toEqual([]);
  });
});

describe('createLockEntity', () => {
  it('describes the lock, its targets, message, author and expiry', () => {
    expect(createLockEntity(userLock, NOW)).toMatchObject({
      _key: 'teleport_lock:7d1c9a4e-0000-4000-8000-000000000001',
      _type: 'teleport_lock',
      _class: ['AccessPolicy'],
      displayName: 'Lock on user=mallory, login=root',
      target: 'user=mallory, login=root',
      targetKinds: ['user', 'login'],
      targetUser: 'mallory',
      targetLogin: 'root',
      message: 'Under investigation',
      expiresOn: NOW + DAY,
      createdOn: NOW - DAY,
      createdBy: 'alice',
      inForce: true,
      active: true,
    });
  });

  it('is in force without an expiry, and not after it', () => {
    const forever = lock('l2', { target: { role: 'contractor' } });
    expect(createLockEntity(forever, NOW)).toMatchObject({
      inForce: true,
      targetRole: 'contractor',
    });
    expect(createLockEntity(forever, NOW)).not.toHaveProperty('expiresOn');
    expect(createLockEntity(userLock, NOW + 2 * DAY)).toMatchObject({
      inForce: false,
      active: false,
    });
  });

  it('reads a node target from older servers as a server ID', () => {
    expect(createLockEntity(lock('l3', { target: { node: 'host-9' } }), NOW)).toMatchObject({
      targetServerId: 'host-9',
      targetKinds: ['node'],
    });
  });

  it('matches the data model', () => {
    expectGraph([
      createLockEntity(userLock, NOW),
      createLockEntity(lock('l4', { target: { device: 'd-1' } }), NOW),
      createLockEntity(lock('l5', {}), NOW),
    ]).toMatchGraphObjectSchema({ _class: ['AccessPolicy'], _type: 'teleport_lock' });
  });
});

describe('createLockTargetRelationships', () => {
  it('relates the lock to the user and role it names; other targets stay properties', () => {
    const both = lock('l6', { target: { user: 'mallory', role: 'contractor', login: 'root' } });
    const relationships = createLockTargetRelationships(both, NOW);
    expect(
      relationships.map((relationship) => [relationship._type, relationship._toEntityKey]),
    ).toEqual([
      ['teleport_lock_restricts_user', 'teleport_user:mallory'],
      ['teleport_lock_restricts_role', 'teleport_role:contractor'],
    ]);
    expect(relationships[0]).toMatchObject({ _class: 'RESTRICTS', inForce: true });
    expect(createLockTargetRelationships(lock('l7', { target: { device: 'd' } }), NOW)).toEqual([]);
    expectGraph(relationships).toMatchDirectRelationshipSchema({});
  });
});

describe('fetch-locks, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(LOCKS_STEP);

  it('relates locks to the users and roles they lock, and keeps other targets as properties', () => {
    const locks = run.ofType('teleport_lock');
    const userLock = locks.find((lock) => lock.targetUser === 'mallory@acme.com')!;
    expect(userLock).toMatchObject({
      _class: ['AccessPolicy'],
      inForce: true,
      createdBy: 'alice@acme.com',
      message: expect.stringContaining('suspended'),
    });
    expect(
      run.between('teleport_lock_restricts_user', userLock._key, 'teleport_user:mallory@acme.com'),
    ).toHaveLength(1);
    expect(run.ofType('teleport_lock_restricts_role')).toEqual([
      expect.objectContaining({ _toEntityKey: 'teleport_role:contractor' }),
    ]);
    const deviceLock = locks.find((lock) => lock.targetDevice === sampleDeviceIds.judyMac);
    expect(deviceLock).toMatchObject({ targetKinds: ['device'] });
  });

  it('is not the login lockout the user record carries', () => {
    // mallory is both locked out after failed logins (user.locked) and under a lock.
    expect(run.entity('teleport_user', 'mallory@acme.com')).toMatchObject({ locked: true });
    expect(run.entity('teleport_user', 'bob')).toMatchObject({ locked: false });
  });
});

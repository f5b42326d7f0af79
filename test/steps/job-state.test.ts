import { RelationshipClass, createDirectRelationship } from '@jupiterone/integration-sdk-core';
import { describe, expect, it } from 'vitest';
import { Relationships } from '../../src/steps/constants';
import { createKeyRelationship } from '../../src/steps/graph-values';
import { createMissingUserEntity, jobData } from '../../src/steps/job-data';
import { addEntityOnce } from '../../src/steps/job-state';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

describe('createKeyRelationship', () => {
  it('makes the object createDirectRelationship makes, without its overhead', () => {
    const properties = { grantType: 'owner', expired: false, joinedOn: 1_700_000_000_000 };
    const ours = createKeyRelationship(
      Relationships.ACCESS_LIST_ASSIGNED_ROLE,
      'teleport_access_list:abc',
      'teleport_role:editor',
      { ...properties, reason: undefined },
      'owner',
    );
    const sdk = createDirectRelationship({
      _class: RelationshipClass.ASSIGNED,
      fromType: 'teleport_access_list',
      fromKey: 'teleport_access_list:abc',
      toType: 'teleport_role',
      toKey: 'teleport_role:editor',
      properties: {
        ...properties,
        _key: 'teleport_access_list:abc|assigned|teleport_role:editor|owner',
      },
    });
    expect(ours).toEqual(sdk);
    expect(ours).not.toHaveProperty('reason');
  });

  it('keys a relationship by its ends and class', () => {
    expect(
      createKeyRelationship(Relationships.USER_ASSIGNED_ROLE, 'teleport_user:a', 'teleport_role:b')
        ._key,
    ).toBe('teleport_user:a|assigned|teleport_role:b');
  });
});

describe('addEntityOnce', () => {
  it('adds a key once when two callers race for it, as concurrent owner look-ups do', async () => {
    const { jobState } = createMockStepExecutionContext({ instanceConfig: {} });
    const entity = createMissingUserEntity('gone@example.com');
    const added = await Promise.all([
      addEntityOnce(jobState, entity),
      addEntityOnce(jobState, { ...entity }),
    ]);
    expect(added.sort()).toEqual([false, true]);
    expect(jobState.collectedEntities).toHaveLength(1);
  });
});

describe('jobData.setResources', () => {
  it('keeps every kind when resource steps hand over side by side, and tells an empty kind from an absent one', async () => {
    const { jobState } = createMockStepExecutionContext({ instanceConfig: {} });
    await Promise.all([
      jobData.setResources(jobState, 'node', [{ kind: 'node', name: 'n1', labels: {} }]),
      jobData.setResources(jobState, 'db', [{ kind: 'db', name: 'd1', labels: {} }]),
      jobData.setResources(jobState, 'kube_cluster', []),
    ]);
    const byKind = await jobData.resourcesByKind(jobState);
    expect([...byKind.keys()].sort()).toEqual(['db', 'kube_cluster', 'node']);
    expect(byKind.get('kube_cluster')).toEqual([]);
    expect(byKind.has('windows_desktop')).toBe(false);
  });
});

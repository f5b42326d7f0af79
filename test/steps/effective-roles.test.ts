import { describe, expect, it } from 'vitest';
import { createEffectiveRoleRelationship } from '../../src/steps/effective-roles/converters';
import { expectGraph, NOW } from '../helpers/graph-matchers';

describe('createEffectiveRoleRelationship', () => {
  const titles = new Map([
    ['a', 'Production'],
    ['b', 'Database readers'],
  ]);

  it('records how the role is held, with a key per path', () => {
    const direct = createEffectiveRoleRelationship(
      'alice',
      { role: 'prod', via: 'direct', chain: [] },
      titles,
    );
    const nested = createEffectiveRoleRelationship(
      'alice',
      {
        role: 'prod',
        via: 'accessList',
        grantType: 'member',
        chain: ['a', 'b'],
        expiresOn: NOW,
      },
      titles,
    );
    const owned = createEffectiveRoleRelationship(
      'alice',
      { role: 'prod', via: 'accessList', grantType: 'owner', chain: ['a'] },
      titles,
    );
    expect(direct).toMatchObject({
      _type: 'teleport_user_has_role',
      _class: 'HAS',
      _fromEntityKey: 'teleport_user:alice',
      _toEntityKey: 'teleport_role:prod',
      via: 'direct',
    });
    expect(direct).not.toHaveProperty('accessListChain');
    expect(nested).toMatchObject({
      via: 'accessList',
      grantType: 'member',
      accessList: 'a',
      accessListTitle: 'Production',
      accessListChain: 'a > b',
      accessListChainTitles: 'Production > Database readers',
      accessListDepth: 2,
      nested: true,
      expiresOn: NOW,
    });
    expect(owned).toMatchObject({ grantType: 'owner', nested: false });
    expect(new Set([direct._key, nested._key, owned._key]).size).toBe(3);
    expect(direct._key).not.toBe('teleport_user:alice|assigned|teleport_role:prod');
    expectGraph([direct, nested, owned]).toMatchDirectRelationshipSchema({});
  });

  it('falls back to the list name when there is no title', () => {
    const relationship = createEffectiveRoleRelationship('bob', {
      role: 'dev',
      via: 'accessList',
      grantType: 'member',
      chain: ['c'],
    });
    expect(relationship).toMatchObject({ accessListTitle: 'c', accessListChainTitles: 'c' });
  });
});

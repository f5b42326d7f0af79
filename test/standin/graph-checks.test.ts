/**
 * The checks every collection and every harness run makes on the graph: no direct relationship
 * with an end outside the graph, and mapped relationships (whose target JupiterOne resolves)
 * held to their source, to `skipTargetCreation` and to a usable filter, and to their declaration.
 */
import { describe, expect, it } from 'vitest';
import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import { danglingRelationships } from '../helpers/collect';
import { undeclaredMappedRelationships } from '../harness';

const node: Entity = {
  _key: 'teleport_node:uuid-1',
  _type: 'teleport_node',
  _class: ['Host'],
};
const account: Entity = {
  _key: 'teleport_account:acme',
  _type: 'teleport_account',
  _class: ['Account'],
};

const direct = (from: string, to: string): Relationship => ({
  _key: `${from}|has|${to}`,
  _type: 'teleport_account_has_node',
  _class: 'HAS',
  _fromEntityKey: from,
  _toEntityKey: to,
});

function mapped(
  overrides: {
    sourceEntityKey?: string;
    skipTargetCreation?: boolean;
    targetFilterKeys?: string[][];
    targetEntity?: Record<string, string>;
    _class?: string;
    _toEntityKey?: string;
  } = {},
): Relationship {
  const relationship: Relationship = {
    _key: 'teleport_node:uuid-1|is|aws_instance:instanceId=i-1',
    _type: 'teleport_node_is_aws_instance',
    _class: overrides._class ?? 'IS',
    _mapping: {
      relationshipDirection: 'FORWARD',
      sourceEntityKey: overrides.sourceEntityKey ?? node._key,
      targetFilterKeys: overrides.targetFilterKeys ?? [['_type', 'instanceId']],
      targetEntity: overrides.targetEntity ?? { _type: 'aws_instance', instanceId: 'i-1' },
      ...('skipTargetCreation' in overrides
        ? { skipTargetCreation: overrides.skipTargetCreation }
        : { skipTargetCreation: true }),
    },
  } as Relationship;
  if (overrides._toEntityKey) {
    relationship._toEntityKey = overrides._toEntityKey;
  }
  return relationship;
}

describe('danglingRelationships', () => {
  it.each([
    [
      'a direct relationship between two entities of the graph',
      direct(account._key, node._key),
      false,
    ],
    [
      'a direct relationship to an entity outside the graph',
      direct(account._key, 'teleport_node:gone'),
      true,
    ],
    [
      'a direct relationship from an entity outside the graph',
      direct('teleport_account:x', node._key),
      true,
    ],
    ['a mapped relationship from an entity of the graph', mapped(), false],
    [
      'a mapped relationship from an entity outside the graph',
      mapped({ sourceEntityKey: 'teleport_node:gone' }),
      true,
    ],
    [
      'a mapped relationship that lets JupiterOne create its target',
      mapped({ skipTargetCreation: false }),
      true,
    ],
    ['a mapped relationship that does not say', mapped({ skipTargetCreation: undefined }), true],
    [
      'a mapped relationship filtering on a property its target lacks',
      mapped({ targetFilterKeys: [['_type', '_key']] }),
      true,
    ],
    ['a mapped relationship with no filter', mapped({ targetFilterKeys: [] }), true],
    [
      'a mapped relationship that also names an end outside the graph',
      mapped({ _toEntityKey: 'aws_instance:i-1' }),
      true,
    ],
  ])('%s: dangling %s', (_name, relationship, dangling) => {
    expect(
      danglingRelationships({ entities: [account, node], relationships: [relationship] }),
    ).toEqual(dangling ? [relationship] : []);
  });
});

describe('undeclaredMappedRelationships', () => {
  it('accepts a mapped relationship as its step declares it', () => {
    expect(undeclaredMappedRelationships({ entities: [node], relationships: [mapped()] })).toEqual(
      [],
    );
  });

  it.each([
    ['of another class', mapped({ _class: 'HAS' })],
    ['to another target type', mapped({ targetEntity: { _type: 'azure_vm', instanceId: 'i-1' } })],
    ['from another source type', mapped({ sourceEntityKey: account._key })],
  ])('reports one %s', (_name, relationship) => {
    expect(
      undeclaredMappedRelationships({ entities: [node, account], relationships: [relationship] }),
    ).toHaveLength(1);
  });
});

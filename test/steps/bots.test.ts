import { describe, expect, it } from 'vitest';
import {
  botUserName,
  createBotEntity,
  createBotRoleRelationships,
  createBotUserRelationship,
} from '../../src/steps/bots/converters';
import type { Bot } from '../../src/teleport';
import { expectGraph } from '../helpers/graph-matchers';
import { useStepRun } from '../harness/step-run';
import { BOTS_STEP } from '../../src/steps/bots/constants';

const jenkins: Bot = {
  kind: 'bot',
  version: 'v1',
  metadata: { name: 'jenkins', description: 'CI deployments' },
  spec: {
    roles: ['prod-ssh', 'db-readonly', 'prod-ssh'],
    traits: [
      { name: 'logins', values: ['deploy'] },
      { name: 'logins', values: ['ci'] },
      { name: 'kubernetes_groups', values: ['ci'] },
    ],
    maxSessionTtl: { seconds: 43_200, nanos: 0 },
  },
  status: { userName: 'bot-jenkins', roleName: 'bot-jenkins' },
};

describe('createBotEntity', () => {
  it('describes the bot, its roles and its user', () => {
    expect(createBotEntity(jenkins)).toMatchObject({
      _key: 'teleport_bot:jenkins',
      _type: 'teleport_bot',
      _class: ['Service'],
      name: 'jenkins',
      displayName: 'jenkins',
      category: ['security'],
      function: ['IAM'],
      description: 'CI deployments',
      botUser: 'bot-jenkins',
      botRole: 'bot-jenkins',
      roles: ['prod-ssh', 'db-readonly', 'prod-ssh'],
      traitNames: ['kubernetes_groups', 'logins'],
      maxSessionTtl: 43_200,
      scoped: false,
    });
  });

  it('marks a scoped bot and names the user by convention when the status does not', () => {
    const scoped: Bot = { metadata: { name: 'edge' }, scope: '/staging' };
    expect(createBotEntity(scoped)).toMatchObject({
      scoped: true,
      scope: '/staging',
      botUser: 'bot-edge',
    });
    expect(createBotEntity(scoped)).not.toHaveProperty('roles');
    expect(botUserName(scoped)).toBe('bot-edge');
  });

  it('matches the data model', () => {
    expectGraph([
      createBotEntity(jenkins),
      createBotEntity({ metadata: { name: 'edge' } }),
    ]).toMatchGraphObjectSchema({
      _class: ['Service'],
      _type: 'teleport_bot',
    });
  });
});

describe('bot relationships', () => {
  it('relates the bot to each role it may impersonate, once', () => {
    const relationships = createBotRoleRelationships(jenkins);
    expect(relationships.map((relationship) => relationship._toEntityKey)).toEqual([
      'teleport_role:prod-ssh',
      'teleport_role:db-readonly',
    ]);
    expect(relationships[0]).toMatchObject({
      _type: 'teleport_bot_assigned_role',
      _class: 'ASSIGNED',
      _fromEntityKey: 'teleport_bot:jenkins',
      impersonation: true,
    });
    expectGraph(relationships).toMatchDirectRelationshipSchema({});
  });

  it('ties the bot to its user', () => {
    const relationship = createBotUserRelationship(jenkins);
    expect(relationship).toMatchObject({
      _type: 'teleport_bot_has_user',
      _class: 'HAS',
      _fromEntityKey: 'teleport_bot:jenkins',
      _toEntityKey: 'teleport_user:bot-jenkins',
    });
    expectGraph([relationship]).toMatchDirectRelationshipSchema({});
  });
});

describe('fetch-bots, in-process with its dependencies (test/harness)', () => {
  const run = useStepRun(BOTS_STEP);

  it('describes each bot, relates it to the roles it may impersonate and to its user', () => {
    expect(run.entity('teleport_bot', 'jenkins')).toMatchObject({
      botUser: 'bot-jenkins',
      roles: ['prod-ssh', 'db-readonly'],
    });
    expect(
      run
        .ofType('teleport_bot_assigned_role')
        .map((assigned) => `${assigned._fromEntityKey} ${assigned._toEntityKey}`)
        .sort(),
    ).toEqual([
      'teleport_bot:jenkins teleport_role:db-readonly',
      'teleport_bot:jenkins teleport_role:prod-ssh',
      'teleport_bot:terraform teleport_role:editor',
    ]);
    expect(
      run.between('teleport_bot_has_user', 'teleport_bot:jenkins', 'teleport_user:bot-jenkins'),
    ).toHaveLength(1);
    // Terraform's user was created after the users were listed: named, not related.
    expect(run.entity('teleport_bot', 'terraform')).toMatchObject({ botUser: 'bot-terraform' });
    expect(run.ofType('teleport_bot_has_user')).toHaveLength(1);
  });
});

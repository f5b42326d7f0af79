import { beforeAll, describe, expect, it } from 'vitest';
import { createEffectiveRoleRelationship } from '../../src/steps/effective-roles/converters';
import { expectGraph, NOW } from '../helpers/graph-matchers';
import type { Relationship } from '@jupiterone/integration-sdk-core';
import { Steps } from '../../src/steps/constants';
import { expectStepMetadata, useStepHarness, type StepRun } from '../harness';
import { sampleAccessListIds as lists } from '../../standin/data/sample-org';

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

describe('build-user-effective-roles, in-process with its dependencies (test/harness)', () => {
  const harness = useStepHarness();
  let run: StepRun;

  beforeAll(async () => {
    // Applications on, and exact answers for production resources, so that every declared type
    // is written.
    run = await harness.executeStep(Steps.EFFECTIVE_ROLES, {
      config: { ingestApplications: true, exactAccessLabels: 'env=prod' },
    });
  });

  const alice = 'teleport_user:alice@acme.com';
  const has = (from: string, role: string): Relationship[] =>
    run.between('teleport_user_has_role', from, `teleport_role:${role}`);

  it('runs with its dependencies and matches its metadata', () => {
    expect(run.statuses[Steps.EFFECTIVE_ROLES]).toBe('success');
    expectStepMetadata(run);
  });

  it('records direct roles and every access list path, outermost list first', () => {
    expect(has(alice, 'editor')).toEqual([expect.objectContaining({ via: 'direct' })]);
    const k8s = has(alice, 'k8s-dev');
    expect(k8s.map((grant) => grant.accessListChainTitles).sort()).toEqual([
      'Platform engineers',
      'Platform engineers > Production SSH',
      'Platform engineers > Production SSH > Database readers',
    ]);
    expect(k8s.find((grant) => grant.accessListDepth === 2)?.accessListChain).toBe(
      `${lists.platformEngineers} > ${lists.productionSsh}`,
    );
    expect(new Set(k8s.map((grant) => grant._key)).size).toBe(3);
  });

  it('gives owner grants to owners, including members of an owning list', () => {
    expect(
      has(alice, 'reviewer')
        .filter((grant) => grant.grantType === 'owner')
        .map((grant) => grant.accessListChainTitles)
        .sort(),
    ).toEqual(['Platform engineers', 'Production SSH', 'Production SSH > Security reviewers']);
    expect(
      has('teleport_user:heidi@acme.com', 'reviewer')
        .map((grant) => grant.grantType ?? grant.via)
        .sort(),
    ).toEqual(['direct', 'member', 'owner']);
  });

  it('gives nothing for expired or ineligible memberships', () => {
    // bob's Database readers membership expired; zoë and kevin do not meet the requirements.
    expect(has('teleport_user:bob', 'db-readonly')).toEqual([]);
    expect(
      run
        .ofType('teleport_user_has_role')
        .filter(
          (grant) =>
            [
              'teleport_user:zoë',
              'teleport_user:kevin@acme.com',
              'teleport_user:erin-codes',
            ].includes(grant._fromEntityKey as string) &&
            grant.accessListChain?.toString().includes(lists.productionSsh),
        ),
    ).toEqual([]);
  });

  it('applies every ancestor’s requirements to members of nested lists', () => {
    // heidi's lists nest into Production SSH, whose members must have team=platform; heidi's
    // team is security, so Teleport gives her nothing of it (hierarchy.go IsAccessListMember).
    expect(has('teleport_user:heidi@acme.com', 'prod-ssh')).toEqual([]);
  });

  // Expiries along a chain: rows of test/steps/effective-roles-table.test.ts.

  it('gives nothing to a user whose own role does not exist: Teleport refuses the login', () => {
    // generator.go postProcess fails on a missing role, so frank's login fails outright.
    expect(
      run
        .ofType('teleport_user_has_role')
        .filter((grant) => grant._fromEntityKey === 'teleport_user:frank@acme.com'),
    ).toEqual([]);
    expect(run.entity('teleport_user_login_state', 'frank@acme.com')).toMatchObject({
      loginFails: true,
      missingRoles: ['legacy-deleted-role'],
    });
    expect(
      run.ofType('teleport_role').find((role) => role.name === 'legacy-deleted-role'),
    ).toBeUndefined();
  });

  it('compares each user’s state with the one Teleport stored at the last login', () => {
    const states = run.ofType('teleport_user_login_state');
    expect(states.find((state) => state.name === 'bob')).toMatchObject({
      teleportStateFound: true,
      matchesTeleport: false,
      rolesLostSinceTeleport: ['db-readonly'],
    });
    expect(states.find((state) => state.name === 'alice@acme.com')).toMatchObject({
      teleportStateFound: false,
    });
    expect(run.ofType('teleport_user_has_login_state')).toHaveLength(states.length);
  });

  it('relates only to roles the cluster has', () => {
    expect(has('teleport_user:frank@acme.com', 'legacy-deleted-role')).toEqual([]);
    expect(
      run.between(
        'teleport_user_assigned_role',
        'teleport_user:frank@acme.com',
        'teleport_role:legacy-deleted-role',
      ),
    ).toEqual([]);
    expect(run.entity('teleport_user', 'frank@acme.com').roles).toContain('legacy-deleted-role');
  });

  // Standing access on the sample organisation (every node and desktop, production ones spelled out).
  const web1 = 'teleport_node:5f0c6f4e-2b1a-4d8e-9c3b-7a6e5d4c3b2a';
  const db1 = 'teleport_node:6a1d7e5f-3c2b-4e9f-8d4c-8b7f6e5d4c3b';
  const state = (user: string) => run.entity('teleport_user_login_state', user);
  const allows = (type: string, from: string, user: string) =>
    run.between(type, from, `teleport_user:${user}`);

  it('counts what each user reaches, with the logins usable somewhere', () => {
    // wildcard-admin: root on every node; access: {{internal.logins}} and Windows logins.
    expect(state('admin')).toMatchObject({
      reachableNodeCount: 5,
      reachableWindowsDesktopCount: 3,
      nodeLogins: ['admin', 'root', 'ubuntu'],
      windowsDesktopLogins: ['Administrator'],
      canLoginAsRoot: true,
    });
    // break-glass denies root even where another role would grant it.
    expect(state('judy@acme.com')).toMatchObject({ canLoginAsRoot: false, reachableNodeCount: 5 });
    // team-hosts: a label expression on the user's team, the login from the email's local part.
    expect(state('dave@acme.com')).toMatchObject({ reachableNodeCount: 2, nodeLogins: ['dave'] });
  });

  it('leaves no standing access to a refused login, a locked user or a locked role', () => {
    for (const user of ['frank@acme.com', 'mallory@acme.com', 'ivan@contractor.io']) {
      expect(state(user), user).toMatchObject({ reachableResourceCount: 0 });
      expect(allows('teleport_node_allows_user', web1, user)).toEqual([]);
    }
  });

  it('counts the users who reach each resource beside it', () => {
    const summaries = run.ofType('teleport_resource_access');
    // 5 nodes, 4 Kubernetes clusters, 5 databases, 3 desktops, 2 applications.
    expect(summaries).toHaveLength(19);
    expect(
      run.entity('teleport_resource_access', '5f0c6f4e-2b1a-4d8e-9c3b-7a6e5d4c3b2a access'),
    ).toMatchObject({ standingUserCount: 7, exactAccessWritten: true });
    expect(run.ofType('teleport_node_has_resource_access')).toHaveLength(5);
  });

  it('spells out production access per user with the exact principals, and nothing else', () => {
    expect(allows('teleport_node_allows_user', web1, 'dave@acme.com')).toEqual([
      expect.objectContaining({ principals: 'dave', root: false, grantedBy: 'access, team-hosts' }),
    ]);
    // db-1 is the data team's: dave's team-hosts expression does not reach it.
    expect(allows('teleport_node_allows_user', db1, 'dave@acme.com')).toEqual([]);
    expect(allows('teleport_node_allows_user', web1, 'admin')).toEqual([
      expect.objectContaining({ principals: 'admin, root, ubuntu', root: true }),
    ]);
    // Staging resources are counted, not spelled out.
    expect(run.ofType('teleport_node_allows_user').map((r) => r._fromEntityKey)).not.toContain(
      'teleport_node:7b2e8f6a-4d3c-4f0a-9e5d-9c8a7f6e5d4c',
    );
    // web-1: 7 users; db-1: the same but dave.
    expect(run.ofType('teleport_node_allows_user')).toHaveLength(13);
  });
});

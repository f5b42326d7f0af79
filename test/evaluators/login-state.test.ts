import { describe, expect, it } from 'vitest';
import { LoginStateEvaluator, meetsRequirements } from '../../src/evaluators/login-state';
import { clusterFactsOf } from './case-org';
import { LOGIN_STATE_CASES } from './login-state-cases';

const NOW = Date.UTC(2026, 10, 29, 12);
const HOUR = 3_600_000;

describe('effective roles: the table of cases, through the evaluator', () => {
  it.each(LOGIN_STATE_CASES.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const evaluator = new LoginStateEvaluator(clusterFactsOf(row.org, NOW));
    const own = row.org.users.u!;
    const state = evaluator.evaluate({
      name: 'u',
      roles: own.roles ?? [],
      traits: own.traits ?? {},
    });

    expect(state.loginFails).toBe(row.loginFails ?? false);
    // Every role held, one way or another (a failed login holds none).
    const held = state.loginFails ? [] : [...new Set(state.grants.map((grant) => grant.role))];
    expect(held.sort()).toEqual([...row.roles].sort());
    // The login state Teleport stores never holds what requests add.
    const notThroughRequests = new Set(
      state.grants.filter((grant) => grant.via !== 'accessRequest').map((grant) => grant.role),
    );
    expect(new Set(state.roles)).toEqual(notThroughRequests);
    expect(
      state.grants
        .filter((grant) => grant.via === 'accessRequest')
        .map((grant) => [grant.role, grant.accessRequest, grant.expiresOn, grant.resourceIds]),
    ).toEqual(
      (row.requestGrants ?? []).map(([role, index, resources]) => [
        role,
        `req-${index}`,
        NOW + row.org.requests![index]!.hours * HOUR,
        resources,
      ]),
    );
    expect(state.skippedRequests.map((skip) => `${skip.request} (${skip.reason})`)).toEqual(
      row.skippedRequests ?? [],
    );
    if (row.traits) {
      expect(state.traits).toEqual(row.traits);
    }
    if (row.ownerRoles) {
      const owned = new Set(
        state.grants.filter((grant) => grant.grantType === 'owner').map((grant) => grant.role),
      );
      expect([...owned].sort()).toEqual([...row.ownerRoles].sort());
    }
    expect(state.skipped.map((skip) => `${skip.list} (${skip.grantType})`)).toEqual(
      row.skipped ?? [],
    );
    for (const [role, chain, hours] of row.paths ?? []) {
      expect(state.grants).toContainEqual(
        expect.objectContaining({
          role,
          chain: chain.split('>'),
          expiresOn: hours === undefined ? undefined : NOW + hours * HOUR,
        }),
      );
    }
  });
});

describe('meetsRequirements', () => {
  const user = { name: 'u', roles: ['a', 'b'], traits: { team: ['x', 'y'], empty: [] } };

  it.each([
    [{ roles: [], traits: {} }, true],
    [{ roles: ['a'], traits: {} }, true],
    [{ roles: ['a', 'c'], traits: {} }, false],
    [{ roles: [], traits: { team: ['x'] } }, true],
    [{ roles: [], traits: { team: ['x', 'z'] } }, false],
    [{ roles: [], traits: { missing: [] } }, false],
    [{ roles: [], traits: { empty: [] } }, true],
  ])('%j → %s', (requires, expected) => {
    expect(meetsRequirements(user, requires)).toBe(expected);
  });
});

describe('LoginStateEvaluator', () => {
  it('takes no user to be locked when locks are unknown, and every role to exist when roles are', () => {
    const evaluator = new LoginStateEvaluator({
      accessLists: [
        {
          name: 'l',
          grants: { roles: ['r'], traits: {} },
          ownerGrants: { roles: [], traits: {} },
          membershipRequires: { roles: [], traits: {} },
          ownershipRequires: { roles: [], traits: {} },
          owners: [],
        },
      ],
      members: [{ list: 'l', name: 'u', kind: 'user' }],
      now: NOW,
    });
    expect(evaluator.evaluate({ name: 'u', roles: ['x'], traits: {} }).roles).toEqual(['x', 'r']);
  });
});

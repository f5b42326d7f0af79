/**
 * The scaled organisation the benchmark serves, small: every resource kind it adds is listed and
 * written once per resource, and the standing access step evaluates all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Steps } from '../../src/steps/constants';
import { scaledInfrastructure, scaledOrganisation } from '../../standin/data/scaled-org';
import { useStepHarness, type StepRun } from '../harness';

const infrastructure = { nodes: 40, databases: 12, kubernetesClusters: 8, windowsDesktops: 6 };

const harness = useStepHarness({
  clusterName: 'scaled.example.com',
  data: {
    ...scaledOrganisation({
      users: 60,
      roles: 32,
      accessLists: 6,
      memberships: 30,
      nestedMemberships: 2,
      reviews: 4,
      // Up to db_users, which the templated database roles read.
      traitsPerUser: 7,
      seed: 3,
    }),
    ...scaledInfrastructure(infrastructure),
  },
});
let run: StepRun;

beforeAll(async () => {
  run = await harness.executeStep(Steps.EFFECTIVE_ROLES);
});

describe('the scaled organisation', () => {
  it('serves every resource kind it adds, each written once', () => {
    expect(run.ofType('teleport_node')).toHaveLength(infrastructure.nodes);
    expect(run.ofType('teleport_database')).toHaveLength(infrastructure.databases);
    expect(run.ofType('teleport_kubernetes_cluster')).toHaveLength(
      infrastructure.kubernetesClusters,
    );
    expect(run.ofType('teleport_windows_desktop')).toHaveLength(infrastructure.windowsDesktops);
  });

  it('has roles that reach each kind, so standing access has something to count', () => {
    const kinds = new Set(
      run
        .ofType('teleport_resource_access')
        .filter((summary) => (summary.standingUserCount as number) > 0)
        .map((summary) => summary.resourceKind),
    );
    expect([...kinds].sort()).toEqual(['db', 'kube_cluster', 'node', 'windows_desktop']);
  });
});

/** The data sets the stand-in serves: the demo organisation and the benchmark's larger clusters. */
import type { ClusterData } from '../cluster-data';
import { sampleOrganisation } from './sample-org';
import { scaledInfrastructure, scaledOrganisation } from './scaled-org';

export type ScenarioName = 'small' | 'medium' | 'large' | 'large-access';

export const SCENARIO_SIZES = {
  medium: {
    users: 10_000,
    roles: 300,
    accessLists: 1_000,
    memberships: 40_000,
    nestedMemberships: 400,
    reviews: 2_000,
    traitsPerUser: 5,
    // One request for every 50 users.
    accessRequests: 200,
  },
  large: {
    users: 50_000,
    roles: 1_000,
    accessLists: 5_000,
    memberships: 250_000,
    nestedMemberships: 2_000,
    reviews: 10_000,
    traitsPerUser: 10,
    accessRequests: 1_000,
  },
} as const;

export function scenarioData(name: ScenarioName): ClusterData {
  switch (name) {
    case 'small':
      return sampleOrganisation(new Date());
    case 'medium':
    case 'large':
      return scaledOrganisation({ ...SCENARIO_SIZES[name], seed: 7 });
    // `large` plus the infrastructure the access layer evaluates: 10,000 nodes, 2,000 others.
    case 'large-access':
      return {
        ...scaledOrganisation({ ...SCENARIO_SIZES.large, seed: 7 }),
        ...scaledInfrastructure({
          nodes: 10_000,
          databases: 1_000,
          kubernetesClusters: 500,
          windowsDesktops: 500,
        }),
      };
    default:
      throw new Error(
        `Unknown scenario "${String(name)}": use small, medium, large or large-access.`,
      );
  }
}

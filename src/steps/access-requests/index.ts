import { sessionOf } from '../../session';
import type { ResourceKind } from '../../evaluators/access';
import { ResourceSteps } from '../constants';
import { accessRequestFactsOf, jobData } from '../job-data';
import { addRelationshipBetweenKnown } from '../job-state';
import { defineAccountResourceStep, defineStep } from '../step';
import {
  accessRequestMattersNow,
  createAccessRequestEntity,
  createAccessRequestRelationships,
  createRequestedResourceRelationships,
  requestedResourcesOf,
} from './converters';
import {
  ACCESS_REQUEST,
  ACCESS_REQUESTS_STEP,
  ACCESS_REQUEST_HAS_ROLE,
  USER_CREATED_ACCESS_REQUEST,
  USER_REVIEWED_ACCESS_REQUEST,
  AccessRequestResourceRelationships,
} from './constants';

const fetchAccessRequests = defineAccountResourceStep({
  id: ACCESS_REQUESTS_STEP,
  name: 'Fetch access requests',
  entity: ACCESS_REQUEST,
  relationships: [
    USER_CREATED_ACCESS_REQUEST,
    USER_REVIEWED_ACCESS_REQUEST,
    ACCESS_REQUEST_HAS_ROLE,
  ],
  // lib/auth/auth_with_roles.go `ListAccessRequests`: with list and read on access_request every
  // request; without them Teleport refuses nothing but answers with the caller's own requests and
  // those it may review, so the reader role must grant both.
  permission: { resources: ['access_request'], verbs: ['list', 'read'] },
  featureSwitch: 'ingestAccessRequests',
  noun: 'access requests',
  list: (client, each) => client.accessRequests.iterate(each),
  keep: (request, { now }) => accessRequestMattersNow(request, now),
  convert: createAccessRequestEntity,
  // Requesters and reviewers may have been deleted since, and roles too: only those in the graph
  // are related; the request keeps every name as a property.
  relate: createAccessRequestRelationships,
  handOver: {
    pick: (request) => ({
      facts: accessRequestFactsOf(request),
      resources: requestedResourcesOf(request),
    }),
    store: async (jobState, kept) => {
      await jobData.setRequestedResources(
        jobState,
        kept.flatMap((entry) => entry.resources),
      );
      // Last: effective roles take the requests from here once this is set.
      await jobData.setAccessRequestFacts(
        jobState,
        kept.map((entry) => entry.facts),
      );
    },
  },
});

/**
 * One step per resource kind, after the request step and that kind's resource step, so that the
 * request step itself never waits for a resource listing; a kind switched off lists nothing, and
 * its step relates nothing. Switched off, the requests disable these steps with them.
 */
const relateRequestedResources = (Object.keys(ResourceSteps) as ResourceKind[]).map((kind) =>
  defineStep({
    id: `build-access-request-resources-${kind.replace(/_/g, '-')}`,
    name: `Relate access requests to the ${kind} resources they name`,
    entities: [],
    relationships: [AccessRequestResourceRelationships[kind]],
    dependsOn: [ACCESS_REQUESTS_STEP, ResourceSteps[kind]],
    // Built from what the two steps collected: asks Teleport for nothing.
    permission: { resources: [], verbs: [] },
    featureSwitch: 'ingestAccessRequests',
    async run(context) {
      const { clusterName } = sessionOf(context).validated.identity;
      const resources = await jobData.requestedResources(context.jobState);
      let count = 0;
      for (const relationship of createRequestedResourceRelationships(
        resources,
        kind,
        clusterName,
      )) {
        count += (await addRelationshipBetweenKnown(context.jobState, relationship)) ? 1 : 0;
      }
      context.logger.info({ kind, related: count }, 'Related access requests to resources');
    },
  }),
);

export const accessRequestSteps = [fetchAccessRequests, ...relateRequestedResources];

import { RPCS } from '../../teleport';
import { Entities, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { listServed } from '../served';
import { defineAccountResourceStep } from '../step';
import { appLabels, createApplicationEntity, unwrapAppServer } from './converters';

export const applicationSteps = [
  defineAccountResourceStep({
    id: Steps.APPLICATIONS,
    name: 'Fetch applications',
    entity: Entities.APPLICATION,
    accountHas: Relationships.ACCOUNT_HAS_APPLICATION,
    // `list` and `read` on app_server, and app_labels '*': '*' in the reader role (Teleport returns
    // only what the caller's roles reach). Unlike the other kinds, app_labels alone lets the
    // identity open HTTP applications, so this step is off unless switched on.
    permission: { resources: ['app_server'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestApplications',
    featureSwitchDefault: false,
    switchedOffListsNothing: true,
    noun: 'applications',
    // One record per agent; one entity per application name.
    list: (client, each) =>
      listServed(
        client,
        RPCS.listAppServers,
        (resource) => resource.appServer && unwrapAppServer(resource.appServer),
        each,
      ),
    convert: createApplicationEntity,
    handOver: {
      pick: ({ resource: app }) => ({
        kind: 'app' as const,
        name: app.metadata?.name ?? '',
        labels: appLabels(app),
      }),
      store: (jobState, resources) => jobData.setResources(jobState, 'app', resources),
    },
  }),
];

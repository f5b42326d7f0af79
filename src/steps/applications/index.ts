import { RPCS } from '../../teleport';
import { defineResourceKindStep } from '../step';
import { appLabels, createApplicationEntity, unwrapAppServer } from './converters';

export const applicationSteps = [
  defineResourceKindStep({
    kind: 'app',
    name: 'Fetch applications',
    // app_labels '*': '*' in the reader role lets the identity open HTTP applications, unlike the
    // other kinds' labels, so this step is off unless switched on.
    featureSwitch: 'ingestApplications',
    featureSwitchDefault: false,
    noun: 'applications',
    // One record per agent; one entity per application name.
    listing: RPCS.listAppServers,
    served: unwrapAppServer,
    convert: createApplicationEntity,
    access: ({ resource }) => ({
      name: resource.metadata?.name ?? '',
      labels: appLabels(resource),
    }),
  }),
];

import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { Entities, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { listServed } from '../served';
import {
  createWindowsDesktopEntity,
  desktopLabels,
  desktopName,
  unwrapWindowsDesktop,
} from './converters';

export const windowsDesktopSteps = [
  defineAccountResourceStep({
    id: Steps.WINDOWS_DESKTOPS,
    name: 'Fetch Windows desktops',
    entity: Entities.WINDOWS_DESKTOP,
    accountHas: Relationships.ACCOUNT_HAS_WINDOWS_DESKTOP,
    // `list` and `read` on windows_desktop, and windows_desktop_labels '*': '*' in the reader role:
    // Teleport returns only the desktops the caller's own roles reach
    // (lib/auth/auth_with_roles.go ListResources, resourceChecker.CanAccess).
    permission: { resources: ['windows_desktop'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestWindowsDesktops',
    switchedOffListsNothing: true,
    noun: 'Windows desktops',
    // Upstream stores a desktop per reporting service, keyed by host ID and name
    // (lib/services/local/desktops.go); one entity per name.
    list: (client, each) =>
      listServed(
        client,
        RPCS.listWindowsDesktops,
        (resource) => resource.windowsDesktop && unwrapWindowsDesktop(resource.windowsDesktop),
        each,
        desktopName,
      ),
    convert: createWindowsDesktopEntity,
    handOver: {
      pick: ({ resource: desktop }) => ({
        kind: 'windows_desktop' as const,
        name: desktopName(desktop) ?? '',
        labels: desktopLabels(desktop),
      }),
      store: (jobState, resources) => jobData.setResources(jobState, 'windows_desktop', resources),
    },
  }),
];

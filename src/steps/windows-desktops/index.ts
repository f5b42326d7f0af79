import { RPCS } from '../../teleport';
import { defineResourceKindStep } from '../step';
import {
  createWindowsDesktopEntity,
  desktopLabels,
  desktopName,
  unwrapWindowsDesktop,
} from './converters';

export const windowsDesktopSteps = [
  defineResourceKindStep({
    kind: 'windows_desktop',
    name: 'Fetch Windows desktops',
    featureSwitch: 'ingestWindowsDesktops',
    noun: 'Windows desktops',
    // Upstream stores a desktop per reporting service, keyed by host ID and name
    // (lib/services/local/desktops.go); one entity per name.
    listing: RPCS.listWindowsDesktops,
    served: unwrapWindowsDesktop,
    nameOf: desktopName,
    convert: createWindowsDesktopEntity,
    access: ({ resource }) => ({
      name: desktopName(resource) ?? '',
      labels: desktopLabels(resource),
    }),
  }),
];

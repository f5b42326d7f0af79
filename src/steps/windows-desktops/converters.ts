import { isIP } from 'node:net';
import type { Entity } from '@jupiterone/integration-sdk-core';
import type { WindowsDesktopV3 } from '../../teleport';
import { definedOnly, nonEmpty, nonEmptyString, namedEntity } from '../graph-values';
import { labelProperties } from '../labels';
import type { Served, ServedRecord } from '../served';
import { Entities } from '../constants';

/** A desktop record split into the desktop and the Windows Desktop Service that reported it. */
export function unwrapWindowsDesktop(desktop: WindowsDesktopV3): ServedRecord<WindowsDesktopV3> {
  return { resource: desktop, agent: { hostId: desktop.spec?.hostId } };
}

export function desktopName(desktop: WindowsDesktopV3): string | undefined {
  return desktop.header?.metadata?.name;
}

/**
 * A desktop's labels as Teleport matches them against `windows_desktop_labels`: its static labels
 * only (the desktop's `GetAllLabels` is api/types/resource.go `ResourceHeader.GetAllLabels`).
 */
export function desktopLabels(desktop: WindowsDesktopV3): Record<string, string> {
  return { ...(desktop.header?.metadata?.labels ?? {}) } as Record<string, string>;
}

/** The host of a `host:port` (or `[v6]:port`) address; undefined for an IP address or none. */
export function desktopHostname(addr: string | undefined): string | undefined {
  if (!addr) {
    return undefined;
  }
  const host = addr.startsWith('[') ? addr.slice(1, addr.indexOf(']')) : addr.replace(/:\d+$/, '');
  return host && isIP(host) === 0 ? host : undefined;
}

/**
 * One Windows desktop, keyed by its name, however many Windows Desktop Services report it. The data
 * model requires a hostname: the address's host when it is a name, else the desktop's name.
 */
export function createWindowsDesktopEntity({
  resource: desktop,
  agents,
}: Served<WindowsDesktopV3>): Entity {
  const name = desktopName(desktop) ?? '';
  const spec = desktop.spec;
  const hostname = desktopHostname(spec?.addr) ?? name;
  return namedEntity(Entities.WINDOWS_DESKTOP, name, desktop, {
    displayName: hostname,
    hostname,
    activeDirectory: spec?.nonAd !== true,
    serviceCount: agents.length,
    ...definedOnly({
      address: nonEmptyString(spec?.addr),
      domain: nonEmptyString(spec?.domain),
      serviceHostIds: nonEmpty([...new Set(agents.map((agent) => agent.hostId ?? ''))].sort()),
      description: nonEmptyString(desktop.header?.metadata?.description),
      ...labelProperties(desktopLabels(desktop)),
    }),
  });
}

import { describe, expect, it } from 'vitest';
import { Steps } from '../../src/steps/constants';
import {
  createWindowsDesktopEntity,
  desktopHostname,
  desktopLabels,
  desktopName,
  unwrapWindowsDesktop,
} from '../../src/steps/windows-desktops/converters';
import { groupServed } from '../../src/steps/served';
import type { WindowsDesktopV3 } from '../../src/teleport';
import { listedResourceTypes, useStepRun } from '../harness/step-run';
import { decodeAs, embedded, field, message } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';

function desktop(
  name: string,
  labels: Record<string, string> = {},
  spec: WindowsDesktopV3['spec'] = {},
): WindowsDesktopV3 {
  return { header: { kind: 'windows_desktop', metadata: { name, labels } }, spec };
}

describe('desktopLabels (ResourceHeader.GetAllLabels: static labels only)', () => {
  it('the static labels as they are', () => {
    expect(desktopLabels(desktop('d', { env: 'prod', 'teleport.dev/ou': 'Servers' }))).toEqual({
      env: 'prod',
      'teleport.dev/ou': 'Servers',
    });
  });
});

describe('desktopHostname', () => {
  it.each([
    ['a DNS name and port', 'dc1.acme.local:3389', 'dc1.acme.local'],
    ['an IPv4 address is no hostname', '10.0.5.10:3389', undefined],
    ['an IPv6 address is no hostname', '[2001:db8::5]:3389', undefined],
    ['no address', '', undefined],
  ])('%s', (_name, addr, expected) => {
    expect(desktopHostname(addr)).toBe(expected);
  });
});

describe('one desktop per name, however many services report it (groupServed)', () => {
  it.each([
    [
      'two services reporting one desktop make one, with both',
      [
        desktop('dc1', {}, { hostId: 'svc-a' }),
        desktop('dc1', {}, { hostId: 'svc-b' }),
        desktop('ws1', {}, { hostId: 'svc-a' }),
      ],
      [
        { name: 'dc1', services: 2 },
        { name: 'ws1', services: 1 },
      ],
    ],
    ['a desktop without a name is skipped', [desktop('')], []],
  ])('%s', (_name, records, expected) => {
    expect(
      groupServed(records.map(unwrapWindowsDesktop), desktopName).map(({ resource, agents }) => ({
        name: desktopName(resource),
        services: agents.length,
      })),
    ).toEqual(expected);
  });
});

describe('createWindowsDesktopEntity', () => {
  it('describes the desktop by its name, with hostname, address, domain and labels', () => {
    const entity = createWindowsDesktopEntity({
      resource: desktop(
        'dc1-acme-local-1a2b3c',
        { env: 'prod' },
        { addr: 'dc1.acme.local:3389', domain: 'acme.local', hostId: 'svc-a' },
      ),
      agents: [{ hostId: 'svc-a' }],
    });
    expect(entity).toMatchObject({
      _key: 'teleport_windows_desktop:dc1-acme-local-1a2b3c',
      _class: ['Host'],
      name: 'dc1-acme-local-1a2b3c',
      hostname: 'dc1.acme.local',
      address: 'dc1.acme.local:3389',
      domain: 'acme.local',
      activeDirectory: true,
      serviceCount: 1,
      serviceHostIds: ['svc-a'],
      labels: ['env=prod'],
      'labels.env': 'prod',
    });
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Host'] });
  });

  it('a desktop known by its IP address is named by its own name, and may stand outside AD', () => {
    const entity = createWindowsDesktopEntity({
      resource: desktop('kiosk-7', {}, { addr: '10.0.5.17:3389', nonAd: true }),
      agents: [{}],
    });
    expect(entity).toMatchObject({ hostname: 'kiosk-7', activeDirectory: false });
    expect(entity).not.toHaveProperty('domain');
    expect(entity).not.toHaveProperty('serviceHostIds');
  });

  it('decodes the bytes Teleport sends: the desktop of a ListResources page', () => {
    // PaginatedResource{ windows_desktop(5): WindowsDesktopV3{ header(1){ metadata(4){ name(1) } },
    //   spec(2){ addr(1), domain(2) } } }
    const bytes = embedded(
      5,
      embedded(1, embedded(4, field(1, 'ws-1'))),
      embedded(2, field(1, 'ws-1.acme.local:3389'), field(2, 'acme.local')),
    );
    const resource = decodeAs<{ windowsDesktop?: WindowsDesktopV3 }>(
      'proto.PaginatedResource',
      message(bytes),
    );
    const [served] = groupServed([unwrapWindowsDesktop(resource.windowsDesktop!)], desktopName);
    expect(createWindowsDesktopEntity(served!)).toMatchObject({
      name: 'ws-1',
      hostname: 'ws-1.acme.local',
      domain: 'acme.local',
    });
  });
});

describe('the fetch-windows-desktops step, in-process against the stand-in', () => {
  const run = useStepRun(Steps.WINDOWS_DESKTOPS);

  it('lists desktops with ListResources and writes each once, owned by the account', () => {
    expect(listedResourceTypes(run)).toEqual(['windows_desktop']);
    expect(run.ofType('teleport_windows_desktop')).toHaveLength(3);
    expect(run.ofType('teleport_account_has_windows_desktop')).toHaveLength(3);
    expect(run.entity('teleport_windows_desktop', 'dc1-acme-local')).toMatchObject({
      hostname: 'dc1.acme.local',
      domain: 'acme.local',
      serviceCount: 2,
      'labels.env': 'prod',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { isSwitchedOn } from '../../src/config';
import {
  appLabels,
  createApplicationEntity,
  unwrapAppServer,
} from '../../src/steps/applications/converters';
import { Steps } from '../../src/steps/constants';
import { featureSwitches } from '../../src/steps';
import { groupServed } from '../../src/steps/served';
import type { AppServerV3 } from '../../src/teleport';
import { expectGraph } from '../helpers/graph-matchers';
import { useStepHarness } from '../harness';
import { listedResourceTypes, useStepRun } from '../harness/step-run';

const server = (hostId: string, uri: string, labels: Record<string, string> = {}): AppServerV3 => ({
  kind: 'app_server',
  metadata: { name: 'grafana' },
  spec: {
    hostname: `agent-${hostId}`,
    hostId,
    version: '17.4.8',
    app: {
      metadata: { name: 'grafana', labels },
      spec: { uri, dynamicLabels: { region: { result: 'eu-west-1' } } },
    },
  },
});

describe('createApplicationEntity', () => {
  it.each([
    ['a plain URI as it is', 'http://grafana:3000', 'http://grafana:3000'],
    ['credentials, path and query dropped', 'https://u:p@wiki:8443/x?token=t', 'https://wiki:8443'],
    ['a password holding @ and /', 'https://u:p@ss/w@rd@wiki', 'https://wiki'],
  ])('keeps the URI without credentials: %s', (_name, uri, expected) => {
    const [served] = groupServed([unwrapAppServer(server('h1', uri))]);
    expect(createApplicationEntity(served!).uri).toBe(expected);
    expect(JSON.stringify(createApplicationEntity(served!))).not.toMatch(/u:p|token=t|w@rd/);
  });

  it('writes one application however many agents serve it, with labels as Teleport matches them', () => {
    const served = groupServed(
      [server('h1', 'http://g', { env: 'prod' }), server('h2', 'http://g', { env: 'prod' })].map(
        unwrapAppServer,
      ),
    );
    expect(served).toHaveLength(1);
    const entity = createApplicationEntity(served[0]!);
    expect(entity).toMatchObject({
      _key: 'teleport_application:grafana',
      agentCount: 2,
      'labels.env': 'prod',
      'labels.region': 'eu-west-1',
    });
    expect(appLabels(served[0]!.resource)).toEqual({ env: 'prod', region: 'eu-west-1' });
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Application'] });
  });
});

describe('the ingestApplications switch', () => {
  it('is off unless set, as app_labels alone lets the identity open applications', () => {
    const applications = featureSwitches().get('ingestApplications');
    expect(applications).toEqual({ steps: [Steps.APPLICATIONS], byDefault: false });
    expect(isSwitchedOn(undefined, applications!.byDefault)).toBe(false);
    expect(isSwitchedOn('', applications!.byDefault)).toBe(false);
    expect(isSwitchedOn('true', applications!.byDefault)).toBe(true);
    expect(isSwitchedOn(undefined)).toBe(true);
  });
});

describe('the fetch-applications step, in-process against the stand-in', () => {
  const harness = useStepHarness();
  const run = useStepRun(Steps.APPLICATIONS, {
    harness,
    execute: { config: { ingestApplications: true } },
    title: 'runs with its dependencies when switched on, and matches its metadata',
  });

  it('lists app servers and writes each application once, never with the credentials of its URI', () => {
    expect(
      run
        .ofType('teleport_application')
        .map((app) => app.name)
        .sort(),
    ).toEqual(['grafana', 'wiki']);
    expect(run.entity('teleport_application', 'grafana')).toMatchObject({ agentCount: 2 });
    expect(run.entity('teleport_application', 'wiki')).toMatchObject({
      uri: 'https://wiki.internal:8443',
    });
    expect(JSON.stringify(run.graph)).not.toMatch(/hunter2|token=abc/);
  });

  it('lists nothing by default (off unless switched on)', async () => {
    const off = await harness.executeStep(Steps.APPLICATIONS);
    expect(off.statuses[Steps.APPLICATIONS]).toBe('success');
    expect(listedResourceTypes(off)).toEqual([]);
    expect(off.ofType('teleport_application')).toEqual([]);
  });
});

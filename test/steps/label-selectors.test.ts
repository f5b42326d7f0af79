import { beforeAll, describe, expect, it } from 'vitest';
import { ResourceCatalog, type Role } from '../../src/evaluators/access';
import {
  createLabelSelectorEntity,
  createRoleSelectorRelationship,
  dependsOnTraits,
  selectorUsesOf,
} from '../../src/steps/label-selectors/converters';
import { expectGraph } from '../helpers/graph-matchers';
import { expectStepMetadata, useStepHarness, type StepRun } from '../harness';
import { Steps } from '../../src/steps/constants';

const role = (allow: Role['allow'], deny: Role['deny'] = {}): Role => ({
  name: 'r',
  version: 'v7',
  allow,
  deny,
});

describe('selectorUsesOf', () => {
  it.each([
    ['an empty selector and no expression matches nothing: no use', role({ logins: ['root'] }), []],
    [
      'allow and deny each, keys sorted, principals as written',
      role(
        { node_labels: { team: ['a'], env: ['prod'] }, logins: ['{{internal.logins}}', 'ubuntu'] },
        { node_labels: { env: ['prod'] } },
      ),
      [
        {
          side: 'allow',
          labels: { env: ['prod'], team: ['a'] },
          principals: ['{{internal.logins}}', 'ubuntu'],
        },
        { side: 'deny', labels: { env: ['prod'] }, principals: [] },
      ],
    ],
    [
      'an expression alone is a selector',
      role({ node_labels_expression: 'labels["env"] == "prod"' }),
      [{ side: 'allow', labels: {}, principals: [] }],
    ],
  ])('%s', (_name, input, expected) => {
    expect(
      selectorUsesOf(input, 'node').map((use) => ({
        side: use.side,
        labels: use.selector.labels,
        principals: use.principals,
      })),
    ).toEqual(expected);
  });

  it('says when what a selector matches depends on the user', () => {
    expect(dependsOnTraits({ kind: 'node', labels: { env: ['{{external.env}}'] } })).toBe(true);
    expect(
      dependsOnTraits({
        kind: 'node',
        labels: {},
        expression: 'contains(user.spec.traits["t"], labels["t"])',
      }),
    ).toBe(true);
    expect(dependsOnTraits({ kind: 'node', labels: { env: ['prod'] } })).toBe(false);
  });
});

describe('label selector graph objects', () => {
  it('match the data model, and a selector matching all says so', () => {
    const selector = { kind: 'node' as const, labels: { '*': ['*'] } };
    const entity = createLabelSelectorEntity(selector, {
      matched: ['a', 'b'],
      total: 2,
      unevaluated: 0,
      errors: 0,
      truncated: 0,
    });
    expect(entity).toMatchObject({
      name: '*=*',
      matchesAll: true,
      matchedCount: 2,
      selector: ['*=*'],
    });
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Ruleset'] });
    const relationship = createRoleSelectorRelationship({
      role: 'ops',
      side: 'deny',
      selector,
      principals: ['root'],
    });
    expect(relationship).toMatchObject({
      _type: 'teleport_role_denies_label_selector',
      _fromEntityKey: 'teleport_role:ops',
      _toEntityKey: entity._key,
      principals: 'root',
    });
  });

  it('a catalog answers the same selector for every role that writes it', () => {
    const catalog = new ResourceCatalog([
      { kind: 'node', name: 'n1', labels: { env: 'prod' } },
      { kind: 'node', name: 'n2', labels: { env: 'dev' } },
    ]);
    expect(catalog.resources).toHaveLength(2);
  });
});

const stepOf = (kind: string) => `build-label-selectors-${kind.replace(/_/g, '-')}`;

describe('the label selector steps, in-process against the stand-in', () => {
  const harness = useStepHarness();
  const runs = new Map<string, StepRun>();
  const ofType = (type: string) => [...runs.values()].flatMap((run) => run.ofType(type));

  beforeAll(async () => {
    for (const kind of ['node', 'kube_cluster', 'db', 'app', 'windows_desktop']) {
      runs.set(
        kind,
        await harness.executeStep(stepOf(kind), { config: { ingestApplications: true } }),
      );
    }
  });

  it('run with their dependencies and match their metadata', () => {
    for (const [kind, run] of runs) {
      expect(run.statuses[stepOf(kind)], kind).toBe('success');
    }
    // The kinds whose sample roles also deny by label write every type they declare.
    expectStepMetadata(runs.get('node')!);
    expectStepMetadata(runs.get('windows_desktop')!);
  });

  it('relate the selectors of the other kinds to what they match', () => {
    const text = (kind: string) =>
      runs
        .get(kind)!
        .ofType('teleport_label_selector')
        .map((selector) => `${String(selector.name)}:${String(selector.matchedCount)}`)
        .sort();
    // engine=postgres and env in (prod, staging): only orders-prod carries engine=postgres.
    expect(text('db')).toEqual(['*=*:5', 'engine=postgres, env=prod|staging:1'].sort());
    expect(text('windows_desktop')).toEqual(['*=*:3', 'env=prod:2']);
    // app_labels env=staging: the wiki; grafana (prod) only through the wildcard.
    expect(text('app')).toEqual(['*=*:2', 'env=staging:1']);
    expect(ofType('teleport_label_selector_contains_database')).toHaveLength(1);
    expect(ofType('teleport_label_selector_contains_windows_desktop')).toHaveLength(2);
    expect(ofType('teleport_label_selector_contains_application')).toHaveLength(1);
    expect(ofType('teleport_label_selector_contains_kubernetes_cluster').length).toBeGreaterThan(0);
  });

  it('write each distinct selector once, with what it matches among the nodes', () => {
    const run = runs.get('node')!;
    const selectors = run.ofType('teleport_label_selector');
    const byName = new Map(selectors.map((selector) => [selector.name, selector]));
    // The wildcard matches all five nodes: said once, no edge per node.
    expect(byName.get('*=*')).toMatchObject({ matchesAll: true, matchedCount: 5 });
    // env=prod: the two production hosts, related one by one.
    expect(byName.get('env=prod')).toMatchObject({ matchesAll: false, matchedCount: 2 });
    const prod = byName.get('env=prod')!;
    expect(
      run
        .ofType('teleport_label_selector_contains_node')
        .filter((relationship) => relationship._fromEntityKey === prod._key),
    ).toHaveLength(2);
    expect(
      run
        .ofType('teleport_label_selector_contains_node')
        .filter((relationship) => relationship._fromEntityKey === byName.get('*=*')!._key),
    ).toHaveLength(0);
    // Roles sharing a selector share its entity.
    expect(selectors.length).toBe(new Set(selectors.map((selector) => selector._key)).size);
    expect(run.ofType('teleport_role_allows_label_selector').length).toBeGreaterThan(
      selectors.length - 1,
    );
  });
});

describe('a kind switched off', () => {
  const harness = useStepHarness();

  // The listing runs and lists nothing (so that standing access, which waits for every listing,
  // still runs); its selectors are then not written.
  it('lists nothing, and its selector step writes nothing', async () => {
    const run = await harness.executeStep(stepOf('node'), { config: { ingestNodes: false } });
    expect(run.statuses[Steps.NODES]).toBe('success');
    expect(run.calls.filter((call) => call.method === 'AuthService/ListResources')).toEqual([]);
    expect(run.ofType('teleport_node')).toEqual([]);
    expect(run.ofType('teleport_label_selector')).toEqual([]);
  });

  it('applications are off unless switched on: not listed, no selectors', async () => {
    const run = await harness.executeStep(stepOf('app'));
    expect(run.calls.filter((call) => call.method === 'AuthService/ListResources')).toEqual([]);
    expect(run.ofType('teleport_application')).toEqual([]);
    expect(run.ofType('teleport_label_selector')).toEqual([]);
  });
});

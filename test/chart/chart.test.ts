/**
 * charts/graph-teleport rendered with test/chart/render.ts (Helm's template subset) and checked
 * object by object: the fields Kubernetes and JupiterOne's operator require, and the places where
 * the parts must agree with each other and with the image (the identity Secret tbot writes is the
 * one the CronJob mounts; the file the CronJob points IDENTITY_FILE_PATH at is the one that Secret
 * volume holds; the state directory it makes writable is the one the entrypoint hands the CLI).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { heapSettingFor, parseMemoryQuantity } from '../../bench/container-memory';
import { instanceConfigFields } from '../../src';
import { entrypointDefaults } from '../image/layout';
import {
  TemplateError,
  mergeValues,
  renderChart,
  type RenderedObject,
  type Values,
} from './render';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(PROJECT_ROOT, 'charts', 'graph-teleport');
const PROXY = 'acme.teleport.sh:443';
const INSTANCE_ID = '5a0c5d2e-7b1f-4c3a-9e8d-2f6b1a4c7d90';
const FAKE_IDENTITY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n' +
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIQ\n-----END CERTIFICATE-----\n';

const POLLING_INTERVALS = [
  'DISABLED',
  'THIRTY_MINUTES',
  'ONE_HOUR',
  'FOUR_HOURS',
  'EIGHT_HOURS',
  'TWELVE_HOURS',
  'ONE_DAY',
  'ONE_WEEK',
];
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type AnyObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function render(values: Values, releaseName = 'teleport'): RenderedObject[] {
  return renderChart(CHART, { releaseName, namespace: 'jupiterone', values }).objects;
}

function only(objects: RenderedObject[], kind: string): AnyObject {
  const found = objects.filter((candidate) => candidate.object.kind === kind);
  expect(
    found.map((candidate) => candidate.object.kind),
    kind,
  ).toEqual([kind]);
  return found[0]!.object as AnyObject;
}

/** The element of a list the predicate picks; the test fails when there is none. */
function pick(list: unknown, predicate: (item: AnyObject) => boolean, what: string): AnyObject {
  const found = (list as AnyObject[]).find(predicate);
  expect(found, what).toBeDefined();
  return found!;
}

function kinds(objects: RenderedObject[]): string[] {
  return objects.map((candidate) => String(candidate.object.kind)).sort();
}

/** The SDK's environment variable for a config field: lodash snakeCase, upper-cased. */
function envName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * A value for every instance field the chart takes in teleport.config: all but the address and
 * the identity, which have places of their own. Booleans stay booleans.
 */
function everyOtherField(): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const [field, definition] of Object.entries(
    instanceConfigFields as Record<string, { type?: string; mask?: boolean }>,
  )) {
    if (['proxyAddress', 'identityFile', 'identityFilePath'].includes(field)) continue;
    expect(definition.mask, field).toBeUndefined();
    values[field] =
      definition.type === 'boolean'
        ? false
        : field === 'connectionMode'
          ? 'direct'
          : field === 'accessListConcurrency'
            ? '16'
            : `${field}-value`;
  }
  expect(Object.keys(values)).toEqual(
    expect.arrayContaining(['connectionMode', 'accessListConcurrency']),
  );
  return values;
}

const collectorMode: Values = {
  teleport: { proxyAddress: PROXY },
  integrationInstance: { enabled: false },
  cronJob: { enabled: true, integrationInstanceId: INSTANCE_ID },
  tbot: { enabled: true, clusterName: 'acme.teleport.sh' },
};

function checkCommon(objects: RenderedObject[]): void {
  expect(objects.length).toBeGreaterThan(0);
  for (const { template, object } of objects as { template: string; object: AnyObject }[]) {
    const where = `${template} ${object.kind}`;
    expect(typeof object.apiVersion, where).toBe('string');
    expect(typeof object.kind, where).toBe('string');
    expect(object.metadata?.name, where).toMatch(DNS_1123);
    expect(object.metadata.name.length, where).toBeLessThanOrEqual(
      object.kind === 'CronJob' ? 52 : 63,
    );
    expect(object.metadata.namespace, where).toBe('jupiterone');
    expect(object.metadata.labels?.['app.kubernetes.io/managed-by'], where).toBe('Helm');
    expect(object.metadata.labels?.['app.kubernetes.io/instance'], where).toBe('teleport');
    for (const value of Object.values(object.metadata.labels as Record<string, unknown>)) {
      expect(typeof value, where).toBe('string');
    }
  }
}

describe('Chart.yaml and values.yaml', () => {
  it('describe a Helm 3 application chart versioned with the package', () => {
    const chart = parseYaml(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as AnyObject;
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'graph-teleport', type: 'application' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(chart.appVersion).toBe(pkg.version);
  });

  it('switch each part on its own, the operator mode on by default', () => {
    const values = parseYaml(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as AnyObject;
    expect(values.integrationInstance.enabled).toBe(true);
    expect(values.cronJob.enabled).toBe(false);
    expect(values.tbot.enabled).toBe(false);
    expect(POLLING_INTERVALS).toContain(values.integrationInstance.pollingInterval);
  });
});

describe('operator mode: IntegrationInstance', () => {
  const objects = render({ teleport: { proxyAddress: PROXY } });

  it('renders only the IntegrationInstance by default', () => {
    expect(kinds(objects)).toEqual(['IntegrationInstance']);
    checkCommon(objects);
  });

  it('carries the fields the JupiterOne operator reads', () => {
    const instance = only(objects, 'IntegrationInstance');
    expect(instance.apiVersion).toBe('integrations.jupiterone.io/v1');
    expect(instance.metadata.name).toBe('teleport-graph-teleport');
    expect(instance.spec).toEqual({
      integrationDefinitionName: 'teleport',
      collectorName: 'runner',
      pollingInterval: 'ONE_DAY',
      secretRef: 'graph-teleport-instance',
      config: { proxyAddress: PROXY },
    });
  });

  it('puts every other non-secret instance field in config, under its own name', () => {
    const instance = only(
      render({ teleport: { proxyAddress: PROXY, config: everyOtherField() } }),
      'IntegrationInstance',
    );
    expect(instance.spec.config).toEqual({ proxyAddress: PROXY, ...everyOtherField() });
    for (const key of Object.keys(instance.spec.config as object)) {
      const field = (instanceConfigFields as Record<string, { mask?: boolean } | undefined>)[key];
      expect(field, key).toBeDefined();
      expect(field?.mask, key).toBeUndefined();
    }
  });

  it('keeps the address and the identity out of teleport.config', () => {
    for (const field of ['proxyAddress', 'identityFile', 'identityFilePath']) {
      expect(() => render({ teleport: { proxyAddress: PROXY, config: { [field]: 'x' } } })).toThrow(
        TemplateError,
      );
      expect(() =>
        render(mergeValues(collectorMode, { teleport: { config: { [field]: 'x' } } })),
      ).toThrow(TemplateError);
    }
  });

  it('can create the instance Secret, whose key is the masked identityFile field, the PEM intact', () => {
    const withSecret = render({
      teleport: { proxyAddress: PROXY },
      integrationInstance: { createSecret: true, identityFile: FAKE_IDENTITY },
    });
    checkCommon(withSecret);
    expect(kinds(withSecret)).toEqual(['IntegrationInstance', 'Secret']);
    const secret = only(withSecret, 'Secret');
    const instance = only(withSecret, 'IntegrationInstance');
    expect(secret.metadata.name).toBe(instance.spec.secretRef);
    expect(Object.keys(secret.stringData as object)).toEqual(['identityFile']);
    expect(secret.stringData.identityFile).toBe(FAKE_IDENTITY);
    expect(instanceConfigFields.identityFile?.mask).toBe(true);
    // The identity appears in the Secret and nowhere else.
    const others = withSecret.filter((candidate) => candidate.object.kind !== 'Secret');
    expect(JSON.stringify(others.map((candidate) => candidate.object))).not.toContain(
      'PRIVATE KEY',
    );
  });

  it('refuses to render without what it needs', () => {
    expect(() => render({})).toThrow(/teleport.proxyAddress is required/);
    expect(() =>
      render({ teleport: { proxyAddress: PROXY }, integrationInstance: { createSecret: true } }),
    ).toThrow(/identityFile is required/);
  });
});

describe('collector mode: CronJob with tbot', () => {
  const objects = render(collectorMode);
  const cronJob = only(objects, 'CronJob');
  const pod = cronJob.spec?.jobTemplate?.spec?.template?.spec as AnyObject;
  const container = pod?.containers?.[0] as AnyObject;
  const env = new Map<string, AnyObject>(
    ((container?.env ?? []) as AnyObject[]).map((variable) => [variable.name as string, variable]),
  );

  it('renders the CronJob and tbot with its permissions, and no IntegrationInstance', () => {
    expect(kinds(objects)).toEqual([
      'ConfigMap',
      'CronJob',
      'Deployment',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    checkCommon(objects);
  });

  it('schedules a job that runs the image as a non-root user on a read-only root', () => {
    expect(cronJob.apiVersion).toBe('batch/v1');
    expect(cronJob.spec.schedule.split(' ')).toHaveLength(5);
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000,
    });
    expect(pod.containers).toHaveLength(1);
    expect(container.image).toBe('ghcr.io/graph-teleport/graph-teleport:0.1.0');
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });

  it('gives the CLI a writable state directory where the entrypoint points it', () => {
    const defaults = entrypointDefaults(
      fs.readFileSync(path.join(PROJECT_ROOT, 'docker', 'entrypoint.sh'), 'utf8'),
    );
    const state = (container.volumeMounts as AnyObject[]).find(
      (mount) => mount.mountPath === `${defaults.get('GRAPH_TELEPORT_WORKDIR')}/.j1-integration`,
    );
    expect(state).toBeDefined();
    expect((pod.volumes as AnyObject[]).find((volume) => volume.name === state!.name)).toEqual({
      name: state!.name,
      emptyDir: {},
    });
  });

  it('sizes the job for the large reference cluster, and the heap follows the limit', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '1Gi' },
      limits: { memory: '1536Mi' },
    });
    const limit = parseMemoryQuantity(container.resources.limits.memory as string);
    expect(parseMemoryQuantity(container.resources.requests.memory as string)).toBeLessThan(limit);
    // docs/performance.md: large plus 12,000 resources peaked at 979 MiB with an unconstrained heap.
    expect(limit).toBeGreaterThanOrEqual(1.5 * 979 * 2 ** 20);
    // What the image's entrypoint will give Node in that container.
    expect(heapSettingFor(limit).nodeOptions).toBe('--max-old-space-size=1152');
    // No heap set by the chart itself: the image derives it, or the operator sets it in extraEnv.
    expect(env.has('NODE_OPTIONS')).toBe(false);
  });

  it('gives sizing advice, in values.yaml and docs/deployment.md, that matches the image', () => {
    const quantity = /^(\d+)(Mi|Gi)\b/;
    const heapFor = (limit: string): string => {
      const match = quantity.exec(limit);
      expect(match, limit).not.toBeNull();
      return heapSettingFor(parseMemoryQuantity(match![0])).nodeOptions;
    };
    // values.yaml: "#   <cluster> ~<peak> MiB  <requests>  <limits>  <heap> MiB"
    const valuesText = fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8');
    const valuesRows = [...valuesText.matchAll(/^\s*#\s.*~\d+ MiB\s+(\S+)\s+(\S+)\s+(\d+) MiB$/gm)];
    expect(valuesRows).toHaveLength(3);
    // docs/deployment.md: the limit → heap table, and the table of cluster sizes.
    const docs = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'deployment.md'), 'utf8');
    /** The body rows of the markdown table whose header line starts with `header`, as cells. */
    const table = (header: string): string[][] => {
      const lines = docs.split('\n');
      const start = lines.findIndex((line) => line.startsWith(header));
      expect(start, header).toBeGreaterThanOrEqual(0);
      const rows: string[][] = [];
      for (const line of lines.slice(start + 2)) {
        if (!line.startsWith('|')) break;
        rows.push(
          line
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim()),
        );
      }
      return rows;
    };
    const limitTable = table('| container memory limit |');
    const sizeTable = table('| cluster ');
    expect(limitTable.length).toBeGreaterThanOrEqual(6);
    expect(sizeTable).toHaveLength(3);
    const checked: [string, string, string][] = [
      ...valuesRows.map(
        (row) => [row[2]!, `${row[3]} MiB`, `values.yaml ${row[0]}`] as [string, string, string],
      ),
      ...limitTable.map((row) => [row[0]!, row[1]!, row.join(' | ')] as [string, string, string]),
      ...sizeTable.map((row) => [row[4]!, row[5]!, row.join(' | ')] as [string, string, string]),
    ];
    for (const [limit, heap, where] of checked) {
      const mib = /^(\d+) MiB/.exec(heap);
      expect(mib, where).not.toBeNull();
      expect(heapFor(limit), where).toBe(`--max-old-space-size=${mib![1]}`);
    }
    // The sizes agree between the two places, and the chart's default is the large row.
    expect(valuesRows.map((row) => [row[1], row[2]])).toEqual(
      sizeTable.map((row) => [row[3], quantity.exec(row[4]!)![0]]),
    );
    const defaults = parseYaml(valuesText) as AnyObject;
    expect(valuesRows.at(-1)!.slice(1, 3)).toEqual([
      defaults.cronJob.resources.requests.memory,
      defaults.cronJob.resources.limits.memory,
    ]);
  });

  it('passes the JupiterOne job settings, the API key and account from a Secret', () => {
    expect(env.get('INTEGRATION_INSTANCE_ID')?.value).toBe(INSTANCE_ID);
    expect(env.get('JUPITERONE_API_BASE_URL')?.value).toBe('https://api.us.jupiterone.io');
    expect(env.get('JUPITERONE_API_KEY')).toEqual({
      name: 'JUPITERONE_API_KEY',
      valueFrom: { secretKeyRef: { name: 'graph-teleport-jupiterone', key: 'JUPITERONE_API_KEY' } },
    });
    expect(env.get('JUPITERONE_ACCOUNT')?.valueFrom?.secretKeyRef).toEqual({
      name: 'graph-teleport-jupiterone',
      key: 'JUPITERONE_ACCOUNT',
    });
    for (const variable of env.values()) {
      if (/KEY|TOKEN|SECRET|PASSWORD|^IDENTITY_FILE$/.test(variable.name as string)) {
        expect(variable.value, variable.name).toBeUndefined();
      }
    }
  });

  it('passes the instance configuration under the names the integration reads', () => {
    const configNames = Object.keys(instanceConfigFields).map(envName);
    expect(configNames).toEqual(
      expect.arrayContaining([
        'PROXY_ADDRESS',
        'IDENTITY_FILE_PATH',
        'CONNECTION_MODE',
        'ACCESS_LIST_CONCURRENCY',
      ]),
    );
    expect(env.get('PROXY_ADDRESS')?.value).toBe(PROXY);
    expect(env.has('IDENTITY_FILE')).toBe(false);
    const jobNames = [
      'INTEGRATION_INSTANCE_ID',
      'JUPITERONE_API_BASE_URL',
      'JUPITERONE_API_KEY',
      'JUPITERONE_ACCOUNT',
    ];
    for (const name of env.keys()) {
      expect([...configNames, ...jobNames], name).toContain(name);
    }
    const tuned = only(
      render(mergeValues(collectorMode, { teleport: { config: everyOtherField() } })),
      'CronJob',
    );
    const tunedEnv = (
      tuned.spec.jobTemplate.spec.template.spec.containers[0].env as AnyObject[]
    ).map((variable) => [variable.name, variable.value]);
    expect(tunedEnv).toEqual(
      expect.arrayContaining(
        Object.entries(everyOtherField()).map(([field, value]) => [envName(field), String(value)]),
      ),
    );
    expect(tunedEnv).toEqual(expect.arrayContaining([['CONNECTION_MODE', 'direct']]));
  });

  it('points IDENTITY_FILE_PATH at the file the identity Secret volume holds, read-only', () => {
    const filePath = env.get('IDENTITY_FILE_PATH')?.value as string;
    const mount = (container.volumeMounts as AnyObject[]).find((candidate) =>
      filePath.startsWith(`${candidate.mountPath}/`),
    );
    expect(mount).toBeDefined();
    expect(mount!.readOnly).toBe(true);
    expect(mount!.subPath).toBeUndefined();
    const volume = (pod.volumes as AnyObject[]).find((candidate) => candidate.name === mount!.name);
    expect(volume?.secret).toBeDefined();
    const fileName = filePath.slice(mount!.mountPath.length + 1);
    expect(volume!.secret.items).toEqual([{ key: 'identity', path: fileName }]);
    // 0440 with the fsGroup: readable by the node user, by nobody else.
    expect(volume!.secret.defaultMode).toBe(0o440);
  });

  it('mounts the Secret tbot writes, and lets tbot write exactly that one', () => {
    const configMap = only(objects, 'ConfigMap');
    const config = parseYaml(configMap.data['tbot.yaml'] as string) as AnyObject;
    expect(config).toEqual({
      version: 'v2',
      proxy_server: PROXY,
      onboarding: { join_method: 'kubernetes', token: 'graph-teleport-bot' },
      storage: { type: 'memory' },
      outputs: [
        {
          type: 'identity',
          destination: { type: 'kubernetes_secret', name: 'graph-teleport-identity' },
        },
      ],
    });
    const volume = (pod.volumes as AnyObject[]).find((candidate) => candidate.secret);
    expect(volume!.secret.secretName).toBe(config.outputs[0].destination.name);
    const role = only(objects, 'Role');
    const named = (role.rules as AnyObject[]).filter((rule) => rule.resourceNames);
    expect(named).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: ['graph-teleport-identity'],
        verbs: ['get', 'update', 'patch'],
      },
    ]);
    const unnamed = (role.rules as AnyObject[]).filter((rule) => !rule.resourceNames);
    expect(unnamed).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]);
  });

  it('runs tbot under a ServiceAccount bound to that Role, joining with a token for the cluster', () => {
    const serviceAccount = only(objects, 'ServiceAccount');
    const role = only(objects, 'Role');
    const binding = only(objects, 'RoleBinding');
    const deployment = only(objects, 'Deployment');
    const configMap = only(objects, 'ConfigMap');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace: 'jupiterone' },
    ]);
    const spec = deployment.spec as AnyObject;
    expect(spec.replicas).toBe(1);
    expect(spec.template.spec.serviceAccountName).toBe(serviceAccount.metadata.name);
    for (const [key, value] of Object.entries(
      spec.selector.matchLabels as Record<string, string>,
    )) {
      expect(spec.template.metadata.labels[key], key).toBe(value);
    }
    expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const tbot = spec.template.spec.containers[0] as AnyObject;
    expect(tbot.image).toBe('public.ecr.aws/gravitational/tbot-distroless:17.4.8');
    expect(tbot.args.slice(0, 3)).toEqual(['start', '--config', '/config/tbot.yaml']);
    const configMount = pick(
      tbot.volumeMounts,
      (mount) => mount.mountPath === '/config',
      'config mount',
    );
    const configVolume = pick(
      spec.template.spec.volumes,
      (volume) => volume.name === configMount.name,
      'config volume',
    );
    expect(configVolume.configMap.name).toBe(configMap.metadata.name);
    const tokenPath = pick(
      tbot.env,
      (variable) => variable.name === 'KUBERNETES_TOKEN_PATH',
      'KUBERNETES_TOKEN_PATH',
    ).value as string;
    const tokenMount = pick(
      tbot.volumeMounts,
      (mount) => tokenPath.startsWith(`${mount.mountPath}/`),
      'token mount',
    );
    const tokenVolume = pick(
      spec.template.spec.volumes,
      (volume) => volume.name === tokenMount.name,
      'token volume',
    );
    expect(tokenVolume.projected.sources[0].serviceAccountToken).toEqual({
      path: tokenPath.slice(tokenMount.mountPath.length + 1),
      expirationSeconds: 600,
      audience: 'acme.teleport.sh',
    });
    expect(
      pick(tbot.env, (variable) => variable.name === 'POD_NAMESPACE', 'POD_NAMESPACE').valueFrom,
    ).toEqual({
      fieldRef: { fieldPath: 'metadata.namespace' },
    });
    expect(spec.template.metadata.annotations['checksum/config']).toBe(
      createHash('sha256')
        .update((configMap.data['tbot.yaml'] as string).replace(/\n$/, ''))
        .digest('hex'),
    );
  });

  it('takes tbot options: an Auth server, certificate lifetime, an external identity Secret', () => {
    const tuned = render(
      mergeValues(collectorMode, {
        tbot: {
          authServer: 'auth.acme.internal:3025',
          credentialTtl: '4h',
          renewalInterval: '30m',
        },
      }),
    );
    const config = parseYaml(only(tuned, 'ConfigMap').data['tbot.yaml'] as string) as AnyObject;
    expect(config.auth_server).toBe('auth.acme.internal:3025');
    expect(config.proxy_server).toBeUndefined();
    expect(config).toMatchObject({ credential_ttl: '4h', renewal_interval: '30m' });
    const https = parseYaml(
      only(
        render(mergeValues(collectorMode, { teleport: { proxyAddress: `https://${PROXY}` } })),
        'ConfigMap',
      ).data['tbot.yaml'] as string,
    ) as AnyObject;
    expect(https.proxy_server).toBe(PROXY);
    const external = render({
      teleport: { proxyAddress: PROXY },
      integrationInstance: { enabled: false },
      cronJob: {
        enabled: true,
        integrationInstanceId: INSTANCE_ID,
        identity: { secretName: 'my-identity', key: 'pem' },
      },
    });
    expect(kinds(external)).toEqual(['CronJob']);
    const volume = pick(
      only(external, 'CronJob').spec.jobTemplate.spec.template.spec.volumes,
      (candidate) => candidate.secret,
      'identity volume',
    );
    expect(volume.secret).toMatchObject({
      secretName: 'my-identity',
      items: [{ key: 'pem', path: 'identity' }],
    });
  });

  it('refuses to render without what it needs', () => {
    expect(() => render({ ...collectorMode, cronJob: { enabled: true } })).toThrow(
      /integrationInstanceId is required/,
    );
    expect(() => render(mergeValues(collectorMode, { tbot: { clusterName: '' } }))).toThrow(
      /tbot.clusterName is required/,
    );
    expect(() => render(mergeValues(collectorMode, { teleport: { proxyAddress: '' } }))).toThrow(
      /proxyAddress/,
    );
  });
});

describe('options shared by the parts', () => {
  it('renders nothing with every part off', () => {
    expect(
      render({
        integrationInstance: { enabled: false },
        cronJob: { enabled: false },
        tbot: { enabled: false },
      }),
    ).toEqual([]);
  });

  it('applies names, labels, pod placement and extra environment', () => {
    const objects = render(
      mergeValues(collectorMode, {
        integrationInstance: { enabled: true },
        fullnameOverride: 'teleport-ingest',
        commonLabels: { team: 'security' },
        cronJob: {
          timeZone: 'Etc/UTC',
          extraEnv: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=768' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          podLabels: { 'cost-center': '1234' },
          image: { tag: '1.2.3' },
        },
      }),
    );
    checkCommon(objects);
    for (const { object } of objects as { object: AnyObject }[]) {
      expect(object.metadata.name.startsWith('teleport-ingest')).toBe(true);
      expect(object.metadata.labels.team).toBe('security');
    }
    const cronJob = only(objects, 'CronJob');
    const pod = cronJob.spec.jobTemplate.spec.template;
    expect(cronJob.spec.timeZone).toBe('Etc/UTC');
    expect(pod.metadata.labels['cost-center']).toBe('1234');
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.containers[0].image).toBe('ghcr.io/graph-teleport/graph-teleport:1.2.3');
    expect(pod.spec.containers[0].env.at(-1)).toEqual({
      name: 'NODE_OPTIONS',
      value: '--max-old-space-size=768',
    });
  });

  it('does not repeat the chart name when the release already carries it', () => {
    const objects = render({ teleport: { proxyAddress: PROXY } }, 'graph-teleport-prod');
    expect(only(objects, 'IntegrationInstance').metadata.name).toBe('graph-teleport-prod');
  });
});

describe('the template subset renderer', () => {
  function renderText(template: string, values: Values = {}): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-chart-'));
    try {
      fs.mkdirSync(path.join(directory, 'templates'));
      fs.writeFileSync(
        path.join(directory, 'Chart.yaml'),
        'apiVersion: v2\nname: t\nversion: 1.0.0\n',
      );
      fs.writeFileSync(
        path.join(directory, 'values.yaml'),
        'a: {b: 1}\nlist: [x, y]\nflag: false\n',
      );
      fs.writeFileSync(
        path.join(directory, 'templates', '_h.tpl'),
        '{{- define "h" -}}[{{ .a.b }}]{{- end -}}',
      );
      fs.writeFileSync(path.join(directory, 'templates', 't.txt'), template);
      return renderChart(directory, { values }).files.get('t.txt')!;
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }

  it('trims, branches, scopes and pipes as Go templates do', () => {
    expect(renderText('x  {{- 1 }}  \n{{- "y" -}}  z')).toBe('x1yz');
    expect(
      renderText('{{ if .Values.flag }}yes{{ else if .Values.a }}a{{ else }}no{{ end }}'),
    ).toBe('a');
    expect(renderText('{{ with .Values.a }}{{ .b }}/{{ $.Chart.Name }}{{ end }}')).toBe('1/t');
    expect(renderText('{{ range .Values.list }}<{{ . }}>{{ end }}')).toBe('<x><y>');
    expect(renderText('{{ include "h" .Values }}')).toBe('[1]');
    expect(renderText('{{ .Values.missing | default "d" | quote }}')).toBe('"d"');
    expect(renderText('k:{{ toYaml .Values.a | nindent 2 }}')).toBe('k:\n  b: 1');
    expect(renderText('{{ printf "%s-%s" "a" (include "h" .Values) | trunc 4 }}')).toBe('a-[1');
    expect(renderText('{{ and .Values.missing true }}|{{ or .Values.missing "b" }}')).toBe('|b');
    expect(
      renderText(
        '{{ range $k, $v := .Values.c }}{{ $k | snakecase | upper }}={{ $v | toString }}{{ end }}',
        {
          c: { fooBarBaz: true },
        },
      ),
    ).toBe('FOO_BAR_BAZ=true');
    expect(renderText('{{ range $i, $v := .Values.list }}{{ $i }}{{ $v }}{{ end }}')).toBe('0x1y');
  });

  it('fails on what Helm fails on, and on anything outside the subset', () => {
    expect(() => renderText('{{ .Values.missing.deeper }}')).toThrow(/nil pointer/);
    expect(() => renderText('{{ required "need it" .Values.missing }}')).toThrow(/need it/);
    expect(() => renderText('{{ .Values.a }}')).toThrow(/toYaml/);
    expect(() => renderText('{{ lookup "v1" "Secret" "ns" "name" }}')).toThrow(TemplateError);
    expect(() => renderText('{{ $x := 1 }}')).toThrow(TemplateError);
    expect(() => renderText('{{ $undeclared }}')).toThrow(/undefined variable/);
    expect(() => renderText('{{ toString 1 | hasOwnProperty }}')).toThrow(
      /outside the supported subset/,
    );
    expect(() => renderText('{{ if .Values.flag }}')).toThrow(/without end/);
  });

  it('merges values as Helm does', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [2], e: null })).toEqual({
      a: { b: 1, c: 3 },
      d: [2],
    });
    expect(mergeValues({ a: 1 }, { a: null })).toEqual({});
  });
});
